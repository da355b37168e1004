/** Formatting for the mini-program screens: Asia/Shanghai wall clock, points, hours, distances. */
import test from 'ava';
import {
  formatDateTime,
  formatDay,
  formatDistance,
  formatHours,
  formatMinutes,
  formatPoints,
  formatSignedPoints,
  formatTimeRange,
  levelLabel,
  pickerValues,
  shanghaiIso,
} from '../../miniapp/src/logic/format';

test('dates are shown on the Shanghai wall clock whatever the phone zone', (t) => {
  // 2026-11-24T23:30Z is 07:30 on Wednesday 25 November in Chengdu
  t.is(formatDay('2026-11-24T23:30:00Z'), '11月25日 周三');
  t.is(formatDateTime('2026-11-24T23:30:00Z'), '11月25日 周三 07:30');
});

test('a time range on one day names the day once; across midnight it names both', (t) => {
  t.is(formatTimeRange('2026-11-25T01:00:00Z', '2026-11-25T03:00:00Z'), '11月25日 周三 09:00–11:00');
  t.is(
    formatTimeRange('2026-11-25T15:00:00Z', '2026-11-25T17:00:00Z'),
    '11月25日 周三 23:00 – 11月26日 周四 01:00',
  );
});

test('picker values become an ISO time at +08:00 and back', (t) => {
  const iso = shanghaiIso('2030-01-01', '09:00');
  t.is(iso, '2030-01-01T09:00:00+08:00');
  t.is(new Date(iso).toISOString(), '2030-01-01T01:00:00.000Z');
  t.deepEqual(pickerValues(Date.parse('2030-01-01T01:05:00Z')), { date: '2030-01-01', time: '09:05' });
  t.deepEqual(pickerValues(Date.parse('2030-01-01T15:59:00Z'), 2), { date: '2030-01-02', time: '00:01' });
});

test('points keep at most two decimals and carry a sign on ledger lines', (t) => {
  t.is(formatPoints(2), '2');
  t.is(formatPoints(1.5), '1.5');
  t.is(formatPoints(0.1 + 0.2), '0.3');
  t.is(formatSignedPoints(1), '+1');
  t.is(formatSignedPoints(-1.25), '−1.25');
  t.is(formatSignedPoints(0), '0');
});

test('minutes read as hours and minutes', (t) => {
  t.is(formatMinutes(45), '45分钟');
  t.is(formatMinutes(120), '2小时');
  t.is(formatMinutes(90), '1小时30分钟');
  t.is(formatMinutes(-5), '0分钟');
  t.is(formatHours(2.25), '2.3');
});

test('distances in metres, then kilometres', (t) => {
  t.is(formatDistance(94), '94米');
  t.is(formatDistance(999.4), '999米');
  t.is(formatDistance(1000), '1公里');
  t.is(formatDistance(2450), '2.5公里');
  t.is(formatDistance(null), '');
});

test('certificate levels have names', (t) => {
  t.is(levelLabel(1), '一星志愿者');
  t.is(levelLabel(3), '三星志愿者');
  t.is(levelLabel(0), '未获证');
});
