/** The officer's exports, service records and audit log pages: periods, queries, file names, diffs. */
import test from 'ava';
import { t as tr } from '../../miniapp/src/logic/i18n';
import {
  actionLabel,
  auditFilterProblem,
  auditQuery,
  currentMonth,
  diffLines,
  exportFilename,
  exportRequest,
  fieldLabel,
  filenameFromDisposition,
  formatFor,
  formatValue,
  lastMonth,
  monthPeriod,
  periodProblem,
  recordBody,
  searchVolunteers,
  targetLabel,
  verifyQuery,
  volunteerLabel,
  weappAction,
} from '../../miniapp/src/logic/officerOps';
import { withQuery } from '../../miniapp/src/logic/query';

test('last month is counted in Asia/Shanghai, across the new year', (t) => {
  t.is(lastMonth(new Date('2026-11-25T02:00:00Z')), '2026-10');
  // 2026-12-31 17:00 UTC is already 1 January 2027 in Shanghai
  t.is(lastMonth(new Date('2026-12-31T17:00:00Z')), '2026-12');
  t.is(lastMonth(new Date('2026-12-31T15:59:00Z')), '2026-11');
  t.is(lastMonth(new Date('2027-01-10T00:00:00Z')), '2026-12');
  t.is(currentMonth(new Date('2026-11-30T16:30:00Z')), '2026-12');
});

test('a month is its first and last local dates, leap years included', (t) => {
  t.deepEqual(monthPeriod('2026-10'), { from: '2026-10-01', to: '2026-10-31' });
  t.deepEqual(monthPeriod('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
  t.deepEqual(monthPeriod('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
  t.throws(() => monthPeriod('2026-13'));
  t.throws(() => monthPeriod('202610'));
});

test('periods the server refuses are caught first', (t) => {
  t.is(periodProblem('2026-10-01', '2026-10-31'), null);
  t.is(periodProblem('2026-10-01', '2026-10-01'), null);
  t.is(periodProblem('2026-10-31', '2026-10-01'), 'ops.period.invalid');
  t.is(periodProblem('', '2026-10-01'), 'ops.period.invalid');
  t.is(periodProblem('2025-01-01', '2026-01-01'), null, '366 days');
  t.is(periodProblem('2025-01-01', '2026-01-02'), 'ops.period.tooLong');
});

test('an export of a month becomes the route and query of exports.routes.ts', (t) => {
  const hours = exportRequest('hours', '2026-10', 'xlsx');
  t.deepEqual(hours, {
    path: '/exports/hours',
    query: { from: '2026-10-01', to: '2026-10-31', format: 'xlsx', communityId: undefined },
  });
  t.is(withQuery(hours.path, hours.query), '/exports/hours?from=2026-10-01&to=2026-10-31&format=xlsx');
  // the ledger is CSV only
  t.is(exportRequest('ledger', '2026-10', 'xlsx').query.format, 'csv');
  t.is(formatFor('ledger', 'xlsx'), 'csv');
  t.is(formatFor('discounts', 'xlsx'), 'xlsx');
  t.deepEqual(exportRequest('discounts', '2026-02', 'csv', 7).query, {
    from: '2026-02-01',
    to: '2026-02-28',
    format: 'csv',
    communityId: 7,
  });
});

test('file names: per report, month, format and language; the server name when it gives one', (t) => {
  t.is(exportFilename('hours', '2026-10', 'xlsx'), '志愿服务时长_2026-10.xlsx');
  t.is(exportFilename('ledger', '2026-10', 'xlsx'), '积分流水_2026-10.csv');
  t.is(exportFilename('discounts', '2026-10', 'csv', 'en'), 'merchant-checks-discounts_2026-10.csv');
  const header = `attachment; filename="hours-2026-10.csv"; filename*=UTF-8''${encodeURIComponent('志愿时长 2026-10.csv')}`;
  t.is(filenameFromDisposition(header), '志愿时长 2026-10.csv');
  t.is(filenameFromDisposition('attachment; filename="a.csv"'), 'a.csv');
  t.is(filenameFromDisposition(null), null);
  t.is(filenameFromDisposition('attachment'), null);
  t.is(weappAction('xlsx'), 'open');
  t.is(weappAction('csv'), 'share');
});

const people = [
  { id: 1, displayName: '王阿姨', realName: '王秀兰', phoneMasked: '138****0001' },
  { id: 2, displayName: 'Li Lei', realName: null },
  { id: 3, displayName: '张师傅', realName: '张建国' },
];

test('volunteers are found by display or real name', (t) => {
  t.deepEqual(
    searchVolunteers(people, '秀兰').map((v) => v.id),
    [1],
  );
  t.deepEqual(
    searchVolunteers(people, ' li ').map((v) => v.id),
    [2],
  );
  t.deepEqual(
    searchVolunteers(people, '').map((v) => v.id),
    [1, 2, 3],
  );
  t.deepEqual(searchVolunteers(people, '', 2).length, 2);
  t.deepEqual(searchVolunteers(people, '赵'), []);
  t.is(volunteerLabel(people[0]!), '王秀兰（王阿姨）');
  t.is(volunteerLabel(people[1]!), 'Li Lei');
});

test('a record needs a volunteer and a valid period', (t) => {
  t.deepEqual(recordBody({ volunteer: null, from: '2026-10-01', to: '2026-10-31', masked: true }), {
    ok: false,
    error: 'ops.record.needVolunteer',
  });
  t.deepEqual(recordBody({ volunteer: people[0]!, from: '2026-10-31', to: '2026-10-01', masked: true }), {
    ok: false,
    error: 'ops.period.invalid',
  });
  t.deepEqual(recordBody({ volunteer: people[2]!, from: '2026-10-01', to: '2026-10-31', masked: false }), {
    ok: true,
    body: { userId: 3, from: '2026-10-01', to: '2026-10-31', nameDisplay: 'full' },
  });
  t.is(
    (
      recordBody({ volunteer: people[2]!, from: '2026-10-01', to: '2026-10-31', masked: true }) as {
        body: { nameDisplay: string };
      }
    ).body.nameDisplay,
    'masked',
  );
});

test('a serial and code as typed are cleaned for the verify route', (t) => {
  t.deepEqual(verifyQuery(' sr-2026 000123 ', 'ab cd-ef'), { serial: 'SR-2026000123', code: 'ABCD-EF' });
  t.is(verifyQuery('', 'X'), null);
  t.is(verifyQuery('X', '  '), null);
  t.is(verifyQuery('X'.repeat(41), 'Y'), null);
});

test('audit filters: empty ones left out, paging with before, range checked', (t) => {
  t.deepEqual(auditQuery({}, null), {
    actorId: undefined,
    action: undefined,
    from: undefined,
    to: undefined,
    limit: 20,
    before: undefined,
  });
  t.is(
    withQuery('/audit', auditQuery({ actorId: 5, action: '  transitions ', from: '2026-11-01', to: '' }, 88)),
    '/audit?actorId=5&action=transitions&from=2026-11-01&limit=20&before=88',
  );
  t.is(auditFilterProblem({ from: '2026-11-02', to: '2026-11-01' }), 'ops.audit.badRange');
  t.is(auditFilterProblem({ from: '2026-11-01', to: '2026-11-01' }), null);
  t.is(auditFilterProblem({ from: '2026-11-01' }), null);
});

test('the diff shows only what changed, readably', (t) => {
  t.deepEqual(
    diffLines(
      { status: 'active', statusReason: null, credentialSerial: 'C1-M-000001' },
      { status: 'revoked', statusReason: '将证书借给他人', credentialSerial: 'C1-M-000001' },
    ),
    [
      { path: 'status', label: '状态', before: '正常', after: '已收回' },
      { path: 'statusReason', label: '原因', before: '—', after: '将证书借给他人' },
    ],
  );
  t.deepEqual(diffLines({ minutes: 180, points: 3 }, { minutes: 120, points: 2 }, 'en'), [
    { path: 'minutes', label: 'Minutes credited', before: '180', after: '120' },
    { path: 'points', label: 'Points', before: '3', after: '2' },
  ]);
  // a batch confirmation is keyed by attendance id; nested fields become paths
  t.deepEqual(
    diffLines(
      { '12': { status: 'checked_out', minutes: null } },
      { '12': { status: 'confirmed', minutes: 90 } },
    ).map((l) => [l.label, l.before, l.after]),
    [
      ['#12 · 状态', '已签退', '已确认'],
      ['#12 · 计入分钟', '—', '90'],
    ],
  );
  // times in Beijing time; a field only on one side
  t.deepEqual(diffLines({ startsAt: '2026-11-25T02:00:00.000Z' }, { startsAt: '2026-11-25T03:30:00.000Z' }), [
    { path: 'startsAt', label: '开始时间', before: '2026-11-25 10:00', after: '2026-11-25 11:30' },
  ]);
  t.deepEqual(diffLines({ place: { name: 'A', lat: 1 } }, { place: { name: 'B', lat: 1 } }), [
    { path: 'place.name', label: '地点 · 名称', before: 'A', after: 'B' },
  ]);
  t.deepEqual(diffLines(null, null), []);
  t.deepEqual(diffLines({ a: 1 }, { a: 1 }), []);
  // an old entry with no before, and a non-object answer
  t.deepEqual(diffLines(null, '[stream]'), [{ path: '', label: '内容', before: '—', after: '[stream]' }]);
  t.is(diffLines(null, { status: 'active' })[0]?.before, '—');
});

test('values, fields, actions and targets have readable names in both languages', (t) => {
  t.is(formatValue(true), '是');
  t.is(formatValue(false, 'en'), 'no');
  t.is(formatValue('warned', 'en'), 'warned');
  t.is(formatValue('warned'), '已警告');
  t.is(formatValue([1, 2]), '1、2');
  t.true(formatValue('长'.repeat(200)).endsWith('…'));
  t.is(fieldLabel('overrideReason', 'en'), 'Reason for change');
  t.is(fieldLabel('unknownField'), 'unknownField');
  t.is(actionLabel('POST /merchants/:id/transitions'), '商家状态变更');
  t.is(actionLabel('POST /attendance/:id/adjust', 'en'), 'Attendance adjusted');
  t.is(actionLabel('POST /something/new'), 'POST /something/new');
  t.is(targetLabel({ type: 'merchants', id: '12' }), '商家 #12');
  t.is(targetLabel({ type: 'exports', id: null }, 'en'), 'Export');
});

test('the pages’ strings exist in Chinese and English', (t) => {
  t.is(tr('ops.home.audit'), '审计日志');
  t.is(tr('ops.home.audit', 'en'), 'Audit log');
  t.is(
    tr('ops.records.totals', 'en', { name: 'Wang', n: 3, h: 7.5, p: 7.5 }),
    'Wang: 3 services, 7.5 hours, 7.5 points',
  );
  for (const key of ['ops.period.invalid', 'ops.period.tooLong', 'ops.record.needVolunteer'] as const) {
    t.not(tr(key, 'en'), tr(key, 'zh'));
  }
});
