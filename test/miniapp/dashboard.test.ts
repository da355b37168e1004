/** 社区概况: bars scaled to the tallest week, rates and tallies. */
import test from 'ava';
import {
  districtRows,
  formatRate,
  hoursBars,
  tallyRows,
  totalHours,
  weekLabel,
} from '../../miniapp/src/logic/dashboard';

test('bars are scaled to the tallest week and keep the last eight', (t) => {
  const weeks = Array.from({ length: 10 }, (_, i) => ({
    start: `2026-09-${String(i + 1).padStart(2, '0')}`,
    hours: i,
  }));
  const bars = hoursBars(weeks);
  t.is(bars.length, 8);
  t.is(bars[0]!.label, '9/3');
  t.is(bars.at(-1)!.heightPct, 100);
  t.is(bars[0]!.heightPct, Math.round((2 / 9) * 100));
});

test('all-zero weeks give flat bars, not NaN', (t) => {
  const bars = hoursBars([
    { start: '2026-11-16', hours: 0 },
    { start: '2026-11-23', hours: 0 },
  ]);
  t.deepEqual(
    bars.map((b) => b.heightPct),
    [0, 0],
  );
  t.is(bars[0]!.valueText, '0');
});

test('labels, rates and totals', (t) => {
  t.is(weekLabel('2026-11-16'), '11/16');
  t.is(weekLabel('2026-11-16T00:00:00.000Z'), '11/16');
  t.is(formatRate(0.857), '86%');
  t.is(formatRate(null), '—');
  t.is(totalHours([{ hours: 1.25 }, { hours: 2 }]), '3.3');
});

test('tallies list every status in order, with zeros', (t) => {
  t.deepEqual(
    tallyRows({ active: 3, revoked: 1 }, { active: '有效', suspended: '已暂停', revoked: '已收回' }),
    [
      { status: 'active', label: '有效', n: 3 },
      { status: 'suspended', label: '已暂停', n: 0 },
      { status: 'revoked', label: '已收回', n: 1 },
    ],
  );
});

test('the district view puts the communities side by side, most hours first, bars to the busiest', (t) => {
  const community = (
    id: number,
    name: string,
    hours: number[],
    extra: Partial<{ rate: number | null }> = {},
  ) => ({
    community: { id, name },
    volunteers: { registered: id * 10, active30d: id },
    service: { byWeek: hours.map((h) => ({ hours: h })) },
    activities: { attendanceRate: extra.rate === undefined ? 0.5 : extra.rate },
    certificates: { active: id, suspended: 1 },
    merchants: { active: 2, warned: 1, applied: 5 },
    openCases: id - 1,
  });
  const rows = districtRows([
    community(1, '紫瑞街社区', [2, 2]),
    community(2, '桂湖社区', [10, 6]),
    community(3, '新社区', [], { rate: null }),
  ]);
  t.deepEqual(
    rows.map((r) => [r.name, r.hours, r.widthPct]),
    [
      ['桂湖社区', 16, 100],
      ['紫瑞街社区', 4, 25],
      ['新社区', 0, 0],
    ],
  );
  t.is(rows[0]!.merchants, 3, 'active and warned shops are in the alliance; applications are not');
  t.is(rows[0]!.certificates, 2, 'valid certificates only');
  t.is(rows[2]!.rate, '—');
  t.deepEqual(districtRows([]), []);
});
