/**
 * The names of statuses, actions, categories and flags in both languages. Pages call
 * `labelOf(TABLE, value, lang)`; the Chinese maps other modules export are derived from these tables.
 */
import type { Lang } from './i18n';

export type Bilingual = { zh: string; en: string };
const entry = (zh: string, en: string): Bilingual => ({ zh, en });

export const ACTIVITY_CATEGORY = {
  elder_bathing: entry('助老洗浴', 'Bathing help for the elderly'),
  elder_meals: entry('助老送餐', 'Meals for the elderly'),
  public_cleanup: entry('公共区域清洁', 'Cleaning public spaces'),
  environmental: entry('环境保护', 'Environment'),
  digital_skills: entry('数字技能帮扶', 'Digital skills help'),
  other: entry('其他', 'Other'),
};

export const MERCHANT_CATEGORY = {
  food: entry('餐饮', 'Food and drink'),
  retail: entry('超市零售', 'Shops'),
  fitness: entry('运动健身', 'Fitness'),
  services: entry('生活服务', 'Services'),
  education: entry('教育培训', 'Education'),
  other: entry('其他', 'Other'),
};

export const MERCHANT_TAG = {
  independent: entry('个体小店', 'Independent'),
  women_owned: entry('女性经营', 'Women-owned'),
  minority_owned: entry('少数民族经营', 'Ethnic-minority-owned'),
  migrant_owned: entry('外来务工者经营', 'Run by migrant workers'),
};

export const ATTENDANCE_FLAG = {
  short_stay: entry('停留不足60%', 'Stayed under 60%'),
  missing_checkout: entry('未签退', 'No check-out'),
  far_location: entry('签到位置较远', 'Far from the place'),
};

export const CERTIFICATE_STATUS = {
  active: entry('有效', 'Valid'),
  suspended: entry('已暂停', 'Suspended'),
  revoked: entry('已收回', 'Revoked'),
};

export const CERTIFICATE_ACTION = {
  suspend: entry('暂停使用', 'Suspend'),
  reinstate: entry('恢复使用', 'Reinstate'),
  revoke: entry('收回证书', 'Revoke'),
};

export const CERTIFICATE_REASON_HINT = {
  suspend: entry(
    '如：有商家反映证书疑似出借，核实期间暂停',
    'e.g. A shop suspects it was lent; suspended while we check',
  ),
  reinstate: entry('如：经核实无出借情况', 'e.g. Checked: it was not lent'),
  revoke: entry('如：经核实多次出借证书', 'e.g. Checked: lent several times'),
};

export const MERCHANT_STATUS = {
  applied: entry('待审核', 'Pending'),
  active: entry('正常', 'Active'),
  warned: entry('已警告', 'Warned'),
  suspended: entry('已暂停', 'Suspended'),
  removed: entry('已移出', 'Removed'),
  rejected: entry('未通过', 'Rejected'),
};

export const MERCHANT_ACTION = {
  approve: entry('通过申请', 'Approve'),
  reject: entry('不予通过', 'Reject'),
  warn: entry('警告', 'Warn'),
  suspend: entry('暂停资格', 'Suspend'),
  reinstate: entry('恢复正常', 'Reinstate'),
  remove: entry('移出联盟', 'Remove'),
};

export const MERCHANT_REASON_HINT = {
  approve: entry('如：证照齐全，已签署承诺书', 'e.g. Licence checked, pledge signed'),
  reject: entry('如：营业执照信息不符', 'e.g. The licence details do not match'),
  warn: entry('如：有志愿者反映未按承诺给予优惠', 'e.g. A volunteer reports the discount was refused'),
  suspend: entry('如：多次拒绝给予优惠，暂停一个月', 'e.g. Refused the discount several times; one month'),
  reinstate: entry('如：已整改，恢复联盟资格', 'e.g. Put right; back in the alliance'),
  remove: entry('如：严重违反承诺书', 'e.g. Serious breach of the pledge'),
};

export const CASE_KIND = {
  refused_discount: entry('商家拒绝优惠', 'Discount refused'),
  lent_certificate: entry('疑似出借证书', 'Certificate lent?'),
};

export const CASE_STATUS = {
  open: entry('待处理', 'Open'),
  closed: entry('已结案', 'Closed'),
};

export const CASE_RESOLUTION = {
  upheld: entry('属实', 'Upheld'),
  dismissed: entry('不属实', 'Dismissed'),
};

export const CASE_RESOLUTION_HINT = {
  upheld: entry(
    '反映属实（之后可到商家管理或证书管理处理）',
    'True (then act under Merchants or Certificates)',
  ),
  dismissed: entry('反映不属实，不作处理', 'Not true; nothing to do'),
};

export const ALL = entry('全部', 'All');

/** The text of a value in a language; an unknown value shows as itself. */
export function labelOf(table: Record<string, Bilingual>, value: string, lang: Lang = 'zh'): string {
  return table[value]?.[lang] ?? value;
}

/** One language of a table, as a plain map. */
export function inLang<K extends string>(table: Record<K, Bilingual>, lang: Lang): Record<K, string> {
  return Object.fromEntries(Object.entries<Bilingual>(table).map(([k, v]) => [k, v[lang]])) as Record<
    K,
    string
  >;
}

/** How a list of labels is joined: 、 in Chinese, a comma in English. */
export function joinLabels(labels: string[], lang: Lang = 'zh'): string {
  return labels.join(lang === 'en' ? ', ' : '、');
}
