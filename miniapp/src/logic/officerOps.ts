/**
 * The officer's operations pages: exports (导出), service records (服务记录证明) and the audit log
 * (审计日志). Pure and clock-free (the time is passed in), so it runs under ava and in WeChat.
 * Calendar logic is in Asia/Shanghai (always UTC+8: China has no DST).
 */
import { shanghaiParts } from './format';
import type { Lang } from './i18n';
import type { Query } from './query';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period the server accepts for an export or a record (shared/src/reports.ts). */
export const MAX_PERIOD_DAYS = 366;

// ---- periods ----

/** The month in progress in Asia/Shanghai, YYYY-MM. */
export function currentMonth(now: Date | number): string {
  const p = shanghaiParts(now);
  return `${p.year}-${pad(p.month)}`;
}

/** Last month in Asia/Shanghai (the default of the month picker), YYYY-MM. */
export function lastMonth(now: Date | number): string {
  const p = shanghaiParts(now);
  return p.month === 1 ? `${p.year - 1}-12` : `${p.year}-${pad(p.month - 1)}`;
}

/** A month as the first and last local dates: "2026-02" → 2026-02-01 … 2026-02-28. */
export function monthPeriod(month: string): { from: string; to: string } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) throw new Error(`not a month: ${month}`);
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(days)}` };
}

/** Days from `from` to `to`, both included (NaN for malformed dates). */
export function periodDays(from: string, to: string): number {
  if (!DATE.test(from) || !DATE.test(to)) return Number.NaN;
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

/** An i18n key for what is wrong with a period, or null when the server will take it. */
export function periodProblem(from: string, to: string): 'ops.period.invalid' | 'ops.period.tooLong' | null {
  const days = periodDays(from, to);
  if (!Number.isFinite(days) || days < 1) return 'ops.period.invalid';
  if (days > MAX_PERIOD_DAYS) return 'ops.period.tooLong';
  return null;
}

// ---- exports ----

export type ExportReport = 'hours' | 'ledger' | 'discounts';
export type ExportFormat = 'csv' | 'xlsx';

export const exportReports: readonly {
  report: ExportReport;
  path: string;
  formats: readonly ExportFormat[];
  labelKey: 'ops.export.hours' | 'ops.export.ledger' | 'ops.export.discounts';
  fileZh: string;
  fileEn: string;
}[] = [
  {
    report: 'hours',
    path: '/exports/hours',
    formats: ['csv', 'xlsx'],
    labelKey: 'ops.export.hours',
    fileZh: '志愿服务时长',
    fileEn: 'volunteer-hours',
  },
  {
    report: 'ledger',
    path: '/exports/ledger',
    formats: ['csv'],
    labelKey: 'ops.export.ledger',
    fileZh: '积分流水',
    fileEn: 'ledger',
  },
  {
    report: 'discounts',
    path: '/exports/discounts',
    formats: ['csv', 'xlsx'],
    labelKey: 'ops.export.discounts',
    fileZh: '商家核验与优惠',
    fileEn: 'merchant-checks-discounts',
  },
];

const reportOf = (report: ExportReport) => exportReports.find((r) => r.report === report)!;

/** The format actually requested: the ledger is CSV only. */
export function formatFor(report: ExportReport, format: ExportFormat): ExportFormat {
  return reportOf(report).formats.includes(format) ? format : 'csv';
}

/** The API path and query of an export of a month (GET, under /api/v1). */
export function exportRequest(
  report: ExportReport,
  month: string,
  format: ExportFormat,
  communityId?: number,
): { path: string; query: Query } {
  const { from, to } = monthPeriod(month);
  return {
    path: reportOf(report).path,
    query: { from, to, format: formatFor(report, format), communityId },
  };
}

/** The name the downloaded file is saved under: "志愿服务时长_2026-10.xlsx". */
export function exportFilename(report: ExportReport, month: string, format: ExportFormat, lang: Lang = 'zh') {
  const r = reportOf(report);
  return `${lang === 'en' ? r.fileEn : r.fileZh}_${month}.${formatFor(report, format)}`;
}

/** The file name a Content-Disposition header gives (the UTF-8 `filename*` first), or null. */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || null;
}

/**
 * In WeChat an XLSX file opens in the document viewer; a CSV (which the viewer cannot show) is sent
 * to a chat as a file, to be opened on a computer.
 */
export function weappAction(format: ExportFormat): 'open' | 'share' {
  return format === 'xlsx' ? 'open' : 'share';
}

// ---- service records ----

export interface VolunteerOption {
  id: number;
  displayName: string;
  realName: string | null;
  phoneMasked?: string | null;
}

/** Volunteers whose display or real name contains the search (case-insensitive); all when empty. */
export function searchVolunteers<V extends VolunteerOption>(list: readonly V[], q: string, max = 50): V[] {
  const needle = q.trim().toLowerCase();
  const hits = needle
    ? list.filter(
        (v) =>
          v.displayName.toLowerCase().includes(needle) || (v.realName ?? '').toLowerCase().includes(needle),
      )
    : list;
  return hits.slice(0, max);
}

/** "王秀兰（王阿姨）" when the real name differs from the display name. */
export function volunteerLabel(v: VolunteerOption): string {
  return v.realName && v.realName !== v.displayName ? `${v.realName}（${v.displayName}）` : v.displayName;
}

/** The body of POST /records, or an i18n key saying what is missing. */
export function recordBody(input: {
  volunteer: VolunteerOption | null;
  from: string;
  to: string;
  masked: boolean;
}):
  | { ok: true; body: { userId: number; from: string; to: string; nameDisplay: 'full' | 'masked' } }
  | { ok: false; error: 'ops.record.needVolunteer' | 'ops.period.invalid' | 'ops.period.tooLong' } {
  if (!input.volunteer) return { ok: false, error: 'ops.record.needVolunteer' };
  const problem = periodProblem(input.from, input.to);
  if (problem) return { ok: false, error: problem };
  return {
    ok: true,
    body: {
      userId: input.volunteer.id,
      from: input.from,
      to: input.to,
      nameDisplay: input.masked ? 'masked' : 'full',
    },
  };
}

/** Serial and code as typed (spaces, lower case) → the query of GET /records/verify, or null. */
export function verifyQuery(serial: string, code: string): { serial: string; code: string } | null {
  const s = serial.replace(/\s+/g, '').toUpperCase();
  const c = code.replace(/\s+/g, '').toUpperCase();
  if (!s || !c || s.length > 40 || c.length > 40) return null;
  return { serial: s, code: c };
}

// ---- the audit log ----

export interface AuditFilters {
  actorId?: number | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The query of GET /audit: empty filters are left out; `before` pages to older entries. */
export function auditQuery(filters: AuditFilters, before?: number | null, limit = 20): Query {
  const action = filters.action?.trim();
  return {
    actorId: filters.actorId,
    action: action ? action.slice(0, 100) : undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    limit,
    before: before ?? undefined,
  };
}

/** An i18n key when the date range is the wrong way round, else null. */
export function auditFilterProblem(f: AuditFilters): 'ops.audit.badRange' | null {
  return f.from && f.to && f.from > f.to ? 'ops.audit.badRange' : null;
}

const ACTIONS: Record<string, { zh: string; en: string }> = {
  'POST /merchants/:id/transitions': { zh: '商家状态变更', en: 'Merchant status change' },
  'POST /certificates/:id/status': { zh: '证书暂停 / 恢复 / 收回', en: 'Certificate status change' },
  'POST /certificates/:id/appeal/decision': { zh: '证书申诉裁定', en: 'Certificate appeal decision' },
  'POST /attendance/confirm': { zh: '确认服务时长', en: 'Attendance confirmed' },
  'POST /attendance/:id/adjust': { zh: '调整服务时长', en: 'Attendance adjusted' },
  'POST /attendance/manual': { zh: '补录服务时长', en: 'Attendance added by hand' },
  'POST /activities': { zh: '新建活动', en: 'Activity created' },
  'PATCH /activities/:id': { zh: '修改活动', en: 'Activity edited' },
  'POST /activities/:id/publish': { zh: '发布活动', en: 'Activity published' },
  'POST /activities/:id/cancel': { zh: '取消活动', en: 'Activity cancelled' },
  'POST /cases/:id/notes': { zh: '投诉处理记录', en: 'Case note' },
  'POST /cases/:id/close': { zh: '投诉结案', en: 'Case closed' },
  'POST /board/posts/:id/take-down': { zh: '下架公告', en: 'Board post taken down' },
  'POST /records': { zh: '开具服务记录证明', en: 'Service record issued' },
  'GET /exports/hours': { zh: '导出志愿时长', en: 'Hours exported' },
  'GET /exports/ledger': { zh: '导出积分流水', en: 'Ledger exported' },
  'GET /exports/discounts': { zh: '导出商家核验与优惠', en: 'Merchant report exported' },
  'PUT /challenges/:id/vote': { zh: '微心愿投票', en: 'Vote on a challenge' },
  'POST /challenges/:id/close': { zh: '结束征集', en: 'Challenge closed' },
  'POST /challenges/:id/take-down': { zh: '下架微心愿', en: 'Challenge taken down' },
  'POST /challenges/:id/convert': { zh: '微心愿转为活动', en: 'Challenge made an activity' },
  'POST /challenges/:id/award-bonus': { zh: '发放创意奖励积分', en: 'Idea bonus awarded' },
  'POST /households': { zh: '登记困难家庭', en: 'Household registered' },
  'PATCH /households/:id': { zh: '修改家庭信息', en: 'Household edited' },
  'POST /households/:id/withdraw-consent': { zh: '撤回家庭授权', en: 'Household consent withdrawn' },
  'POST /households/:id/proxies': { zh: '指定代办人', en: 'Proxy added' },
  'DELETE /households/:id/proxies/:userId': { zh: '取消代办人', en: 'Proxy removed' },
  'POST /households/:id/requests': { zh: '代家庭提出求助', en: 'Help request for a household' },
  'POST /help-requests/:id/convert': { zh: '求助转为活动', en: 'Help request made an activity' },
  'POST /help-requests/:id/complete': { zh: '求助已完成', en: 'Help request completed' },
  'POST /help-requests/:id/cancel': { zh: '取消求助', en: 'Help request cancelled' },
  'POST /products/:id/take-down': { zh: '下架商品', en: 'Product taken down' },
  'POST /offers/:id/take-down': { zh: '下架优惠活动', en: 'Offer taken down' },
  'POST /verifications/:id/discount/void': { zh: '作废优惠记录', en: 'Discount voided' },
  'POST /users/:id/password-reset': { zh: '重置密码', en: 'Password reset' },
  'POST /users/:id/disable': { zh: '停用账号', en: 'Account disabled' },
  'POST /users/:id/enable': { zh: '恢复账号', en: 'Account enabled' },
  'POST /merchants/change-requests/:id/approve': { zh: '批准商家资料变更', en: 'Shop change approved' },
  'POST /merchants/change-requests/:id/reject': { zh: '驳回商家资料变更', en: 'Shop change rejected' },
};

/** A readable name of a logged action ("POST /merchants/:id/transitions" → 商家状态变更). */
export function actionLabel(action: string, lang: Lang = 'zh'): string {
  return ACTIONS[action]?.[lang] ?? action;
}

const FIELDS: Record<string, { zh: string; en: string }> = {
  status: { zh: '状态', en: 'Status' },
  statusReason: { zh: '原因', en: 'Reason' },
  credentialSerial: { zh: '联盟编号', en: 'Alliance number' },
  minutes: { zh: '计入分钟', en: 'Minutes credited' },
  points: { zh: '积分', en: 'Points' },
  minutesOverride: { zh: '人工核定分钟', en: 'Minutes set by officer' },
  overrideReason: { zh: '调整原因', en: 'Reason for change' },
  title: { zh: '标题', en: 'Title' },
  category: { zh: '类别', en: 'Category' },
  topic: { zh: '主题', en: 'Topic' },
  description: { zh: '说明', en: 'Description' },
  place: { zh: '地点', en: 'Place' },
  name: { zh: '名称', en: 'Name' },
  startsAt: { zh: '开始时间', en: 'Starts' },
  endsAt: { zh: '结束时间', en: 'Ends' },
  capacity: { zh: '名额', en: 'Places' },
  pointsPerHour: { zh: '每小时积分', en: 'Points an hour' },
  outcome: { zh: '处理结果', en: 'Outcome' },
  resolution: { zh: '结论', en: 'Resolution' },
  takeDownReason: { zh: '下架原因', en: 'Reason taken down' },
  reason: { zh: '原因', en: 'Reason' },
  note: { zh: '备注', en: 'Note' },
  evidenceNote: { zh: '证据说明', en: 'Evidence' },
  billAmount: { zh: '消费金额', en: 'Bill' },
  savingAmount: { zh: '优惠金额', en: 'Discount given' },
  voidReason: { zh: '作废原因', en: 'Reason voided' },
  recordedAt: { zh: '记录时间', en: 'Recorded' },
  source: { zh: '来源', en: 'Source' },
  flags: { zh: '异常标记', en: 'Flags' },
  presentMinutes: { zh: '在场分钟', en: 'Minutes present' },
  proposedMinutes: { zh: '建议分钟', en: 'Minutes proposed' },
  proposedPoints: { zh: '建议积分', en: 'Points proposed' },
  creditedMinutes: { zh: '计入分钟', en: 'Minutes credited' },
  creditedPoints: { zh: '计入积分', en: 'Points credited' },
  checkInAt: { zh: '签到时间', en: 'Checked in' },
  checkOutAt: { zh: '签退时间', en: 'Checked out' },
  checkInDistanceM: { zh: '签到距离（米）', en: 'Distance at check-in (m)' },
  confirmedAt: { zh: '确认时间', en: 'Confirmed' },
  alreadyConfirmed: { zh: '此前已确认', en: 'Already confirmed' },
  pointsDelta: { zh: '积分变化', en: 'Points change' },
  adjustment: { zh: '调整', en: 'Adjustment' },
  activity: { zh: '活动', en: 'Activity' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  displayName: { zh: '昵称', en: 'Name' },
  realName: { zh: '真实姓名', en: 'Real name' },
  enrolledCount: { zh: '已报名', en: 'Enrolled' },
  serial: { zh: '编号', en: 'Serial' },
  level: { zh: '星级', en: 'Level' },
  decision: { zh: '裁定', en: 'Decision' },
  action: { zh: '操作', en: 'Action' },
  kind: { zh: '类型', en: 'Kind' },
  text: { zh: '内容', en: 'Text' },
  body: { zh: '正文', en: 'Text' },
  address: { zh: '地址', en: 'Address' },
  openingHours: { zh: '营业时间', en: 'Opening hours' },
  contactPhone: { zh: '联系电话', en: 'Phone' },
  licenceNo: { zh: '营业执照号', en: 'Licence number' },
  discount: { zh: '优惠', en: 'Discount' },
  percentOff: { zh: '优惠幅度（%）', en: 'Percent off' },
  label: { zh: '说明', en: 'Label' },
  conditions: { zh: '使用条件', en: 'Conditions' },
  tags: { zh: '标签', en: 'Tags' },
  lat: { zh: '纬度', en: 'Latitude' },
  lng: { zh: '经度', en: 'Longitude' },
  disabled: { zh: '已停用', en: 'Disabled' },
  totalHours: { zh: '总时长（小时）', en: 'Total hours' },
  totalPoints: { zh: '总积分', en: 'Total points' },
  activitiesCount: { zh: '服务次数', en: 'Services' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  bonus: { zh: '奖励积分', en: 'Bonus points' },
  changes: { zh: '变更内容', en: 'Changes' },
  decidedAt: { zh: '处理时间', en: 'Decided' },
  decisionReason: { zh: '处理意见', en: 'Decision note' },
};

const VALUES: Record<string, { zh: string; en: string }> = {
  applied: { zh: '待审核', en: 'applied' },
  active: { zh: '正常', en: 'active' },
  rejected: { zh: '未通过', en: 'rejected' },
  warned: { zh: '已警告', en: 'warned' },
  suspended: { zh: '已暂停', en: 'suspended' },
  removed: { zh: '已退出', en: 'removed' },
  revoked: { zh: '已收回', en: 'revoked' },
  checked_in: { zh: '已签到', en: 'checked in' },
  checked_out: { zh: '已签退', en: 'checked out' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  draft: { zh: '草稿', en: 'draft' },
  published: { zh: '已发布', en: 'published' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  taken_down: { zh: '已下架', en: 'taken down' },
  open: { zh: '处理中', en: 'open' },
  closed: { zh: '已结案', en: 'closed' },
  upheld: { zh: '属实', en: 'upheld' },
  dismissed: { zh: '不属实', en: 'dismissed' },
  recorded: { zh: '已记录', en: 'recorded' },
  corrected: { zh: '已更正', en: 'corrected' },
  voided: { zh: '已作废', en: 'voided' },
  checkin: { zh: '扫码签到', en: 'check-in' },
  manual: { zh: '人工补录', en: 'added by hand' },
  pending: { zh: '待处理', en: 'pending' },
  approved: { zh: '已批准', en: 'approved' },
  suspend: { zh: '暂停', en: 'suspend' },
  restore: { zh: '恢复', en: 'restore' },
  revoke: { zh: '收回', en: 'revoke' },
};

/** Money fields, shown in yuan. */
const MONEY = new Set(['billAmount', 'savingAmount']);
/** Fields that say nothing to a person (ids, the community filed under): left out of the diff. */
const HIDDEN = /^(id|communityId|requestId|createdAt|updatedAt|correctableUntil)$|Id$/;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** One value as a person reads it: times in Beijing time, known codes translated, nothing as "—". */
export function formatValue(v: unknown, lang: Lang = 'zh'): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return lang === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (ISO_TIME.test(v)) {
      const p = shanghaiParts(v);
      return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
    }
    const known = VALUES[v];
    if (known) return known[lang];
    return v.length > 120 ? `${v.slice(0, 120)}…` : v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const text = v.map((x) => formatValue(x, lang)).join(lang === 'en' ? ', ' : '、');
      return text.length > 120 ? `${text.slice(0, 120)}…` : text;
    }
    return lang === 'en' ? `${v.length} items` : `${v.length} 项`;
  }
  if (isPlain(v) && v.truncated === true)
    return lang === 'en' ? '(too long to keep)' : '（内容过长，未保存）';
  const json = JSON.stringify(v);
  return json.length > 120 ? `${json.slice(0, 120)}…` : json;
}

/** A value of a named field: money in yuan, anything else as formatValue. */
function fieldValue(path: string, v: unknown, lang: Lang): string {
  const last = path.split('.').pop() ?? '';
  if (MONEY.has(last) && typeof v === 'number') return `¥${Number.isInteger(v) ? v : v.toFixed(2)}`;
  return formatValue(v, lang);
}

/** A field name (or a dotted path, "12.minutes") as a label. */
export function fieldLabel(path: string, lang: Lang = 'zh'): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `#${part}` : (FIELDS[part]?.[lang] ?? part)))
    .join(' · ');
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>, depth = 0): void {
  if (isPlain(v) && v.truncated !== true && depth < 4) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else if (prefix) {
    out.set(prefix, v);
  }
}

export interface DiffLine {
  path: string;
  label: string;
  before: string;
  after: string;
}

/**
 * The changed fields between an entry's `before` and `after`, nested objects as dotted paths, in the
 * order they first appear. Values that are not objects make one line ("value").
 */
export function diffLines(before: unknown, after: unknown, lang: Lang = 'zh'): DiffLine[] {
  if (before === null && after === null) return [];
  const record = (v: unknown) => isPlain(v) && v.truncated !== true;
  if (!record(before) && !record(after)) {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const label = lang === 'en' ? 'Value' : '内容';
    return [{ path: '', label, before: formatValue(before, lang), after: formatValue(after, lang) }];
  }
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  flatten(record(before) ? before : {}, '', b);
  flatten(record(after) ? after : {}, '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths
    .filter((p) => !HIDDEN.test(p.split('.').pop() ?? ''))
    .filter((p) => JSON.stringify(b.get(p)) !== JSON.stringify(a.get(p)))
    .map((p) => ({
      path: p,
      label: fieldLabel(p, lang),
      before: fieldValue(p, b.get(p), lang),
      after: fieldValue(p, a.get(p), lang),
    }))
    .filter((l) => l.before !== l.after);
}

/** The reason an officer gave with the request (its body's reason, note or text), if any. */
export function auditReason(params: unknown): string | null {
  const body = isPlain(params) && isPlain(params.body) ? params.body : null;
  if (!body) return null;
  for (const k of ['reason', 'note', 'evidenceNote', 'text']) {
    const v = body[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/** An entry as the audit page shows it: the action's name, what it was about, the reason, the changes. */
export function auditEntryView(
  e: {
    action: string;
    target: { type: string; id: string | null };
    params?: unknown;
    before: unknown;
    after: unknown;
  },
  lang: Lang = 'zh',
) {
  return {
    action: actionLabel(e.action, lang),
    target: targetLabel(e.target, lang),
    reason: auditReason(e.params),
    lines: diffLines(e.before, e.after, lang),
  };
}

/** "商家 #12" — what an entry is about. */
export function targetLabel(target: { type: string; id: string | null }, lang: Lang = 'zh'): string {
  const names: Record<string, { zh: string; en: string }> = {
    merchants: { zh: '商家', en: 'Merchant' },
    certificates: { zh: '证书', en: 'Certificate' },
    attendance: { zh: '服务记录', en: 'Attendance' },
    activities: { zh: '活动', en: 'Activity' },
    cases: { zh: '投诉', en: 'Case' },
    board: { zh: '公告', en: 'Board post' },
    records: { zh: '服务记录证明', en: 'Service record' },
    exports: { zh: '导出', en: 'Export' },
    challenges: { zh: '微心愿', en: 'Challenge' },
    households: { zh: '困难家庭', en: 'Household' },
    'help-requests': { zh: '求助', en: 'Help request' },
    products: { zh: '商品', en: 'Product' },
    offers: { zh: '优惠活动', en: 'Offer' },
    verifications: { zh: '核验', en: 'Check' },
    discounts: { zh: '优惠记录', en: 'Discount record' },
    users: { zh: '账号', en: 'Account' },
    merchant_changes: { zh: '商家资料变更', en: 'Shop change request' },
  };
  const name = names[target.type]?.[lang] ?? target.type;
  return target.id ? `${name} #${target.id}` : name;
}
