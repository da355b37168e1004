/**
 * 商家管理 for officers: status labels, which lifecycle actions the current status allows (the shared
 * merchantLifecycle table, the same one the server and the database enforce), and the reason every move needs.
 */
import {
  type MerchantAction,
  type MerchantStatus,
  merchantActions,
  merchantLifecycle,
  merchantStatuses,
  merchantTransitionBody,
  moveTo,
} from '@timebank/shared';
import type { Lang } from './i18n';
import { ALL, inLang, labelOf, MERCHANT_ACTION, MERCHANT_REASON_HINT, MERCHANT_STATUS } from './labels';

export const merchantStatusLabels: Record<MerchantStatus, string> = inLang(MERCHANT_STATUS, 'zh');
export const merchantActionLabels: Record<MerchantAction, string> = inLang(MERCHANT_ACTION, 'zh');
/** What the officer is asked to write for each action (the merchant's staff see the reason). */
export const merchantReasonHints: Record<MerchantAction, string> = inLang(MERCHANT_REASON_HINT, 'zh');

/** Actions that take the merchant out of good standing: asked to confirm, drawn in red. */
const SEVERE: readonly MerchantAction[] = ['reject', 'suspend', 'remove'];

/** The status chips on the list, in the order officers work through them; undefined = all. */
export function merchantStatusFiltersIn(lang: Lang): { status: MerchantStatus | undefined; label: string }[] {
  return [
    { status: 'applied', label: MERCHANT_STATUS.applied[lang] },
    { status: undefined, label: ALL[lang] },
    ...merchantStatuses
      .filter((s) => s !== 'applied')
      .map((s) => ({ status: s as MerchantStatus | undefined, label: MERCHANT_STATUS[s][lang] })),
  ];
}
export const merchantStatusFilters = merchantStatusFiltersIn('zh');

export interface MerchantActionView {
  action: MerchantAction;
  label: string;
  /** "通过申请 → 正常" */
  outcome: string;
  to: MerchantStatus;
  severe: boolean;
  hint: string;
}

/** Only the moves the current status allows, in the order of merchantActions. */
export function merchantActionsFor(status: MerchantStatus, lang: Lang = 'zh'): MerchantActionView[] {
  const out: MerchantActionView[] = [];
  for (const action of merchantActions) {
    const to = moveTo(merchantLifecycle, status, action);
    if (!to) continue;
    out.push({
      action,
      label: MERCHANT_ACTION[action][lang],
      outcome: `${MERCHANT_ACTION[action][lang]} → ${MERCHANT_STATUS[to][lang]}`,
      to,
      severe: SEVERE.includes(action),
      hint: MERCHANT_REASON_HINT[action][lang],
    });
  }
  return out;
}

/** The tag's classes for a status: green in good standing, amber needs attention, red suspended. */
export function merchantStatusTag(status: MerchantStatus): string {
  if (status === 'active') return 'tag tag--green';
  if (status === 'applied' || status === 'warned') return 'tag tag--amber';
  if (status === 'suspended') return 'tag';
  return 'tag tag--grey';
}

export type ReasonResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** The transition body, validated with the server's schema: a reason is required (≤ 500 characters). */
export function buildMerchantTransition(
  status: MerchantStatus,
  action: MerchantAction,
  reason: string,
  lang: Lang = 'zh',
): ReasonResult<{ action: MerchantAction; reason: string }> {
  if (!moveTo(merchantLifecycle, status, action)) {
    return {
      ok: false,
      message:
        lang === 'en'
          ? `A merchant that is ${MERCHANT_STATUS[status].en} cannot be: ${MERCHANT_ACTION[action].en}`
          : `「${merchantStatusLabels[status]}」的商家不能${merchantActionLabels[action]}`,
    };
  }
  const parsed = merchantTransitionBody.safeParse({ action, reason });
  if (!parsed.success) return { ok: false, message: reasonMessage(reason, 500, lang) };
  return { ok: true, value: parsed.data };
}

export function reasonMessage(reason: string, max = 500, lang: Lang = 'zh'): string {
  if (lang === 'en') return reason.trim() === '' ? 'Give a reason' : `A reason has at most ${max} characters`;
  return reason.trim() === '' ? '请填写原因' : `原因最多 ${max} 个字`;
}

/** One line of the trail: "11月25日 周三 10:00 刘书记 警告：…" is composed by the page from these parts. */
export function merchantEventLabel(
  e: { action: string; from: string | null; to: string },
  lang: Lang = 'zh',
): string {
  const applied = lang === 'en' ? 'Applied' : '提交申请';
  const action = e.action === 'apply' ? applied : labelOf(MERCHANT_ACTION, e.action, lang);
  const to = labelOf(MERCHANT_STATUS, e.to, lang);
  return `${action} → ${to}`;
}
