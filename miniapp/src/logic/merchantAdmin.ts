/**
 * 商家管理 for officers: status labels, which lifecycle actions the current status allows (the shared
 * merchantTransitions table, the same one the server enforces), and the reason every move needs.
 */
import {
  type MerchantAction,
  type MerchantStatus,
  merchantActions,
  merchantStatuses,
  merchantTransitionBody,
  nextMerchantStatus,
} from '@timebank/shared';

export const merchantStatusLabels: Record<MerchantStatus, string> = {
  applied: '待审核',
  active: '正常',
  warned: '已警告',
  suspended: '已暂停',
  removed: '已移出',
  rejected: '未通过',
};

export const merchantActionLabels: Record<MerchantAction, string> = {
  approve: '通过申请',
  reject: '不予通过',
  warn: '警告',
  suspend: '暂停资格',
  reinstate: '恢复正常',
  remove: '移出联盟',
};

/** What the officer is asked to write for each action (the merchant's staff see the reason). */
export const merchantReasonHints: Record<MerchantAction, string> = {
  approve: '如：证照齐全，已签署承诺书',
  reject: '如：营业执照信息不符',
  warn: '如：有志愿者反映未按承诺给予优惠',
  suspend: '如：多次拒绝给予优惠，暂停一个月',
  reinstate: '如：已整改，恢复联盟资格',
  remove: '如：严重违反承诺书',
};

/** Actions that take the merchant out of good standing: asked to confirm, drawn in red. */
const SEVERE: readonly MerchantAction[] = ['reject', 'suspend', 'remove'];

/** The status chips on the list, in the order officers work through them; undefined = all. */
export const merchantStatusFilters: { status: MerchantStatus | undefined; label: string }[] = [
  { status: 'applied', label: merchantStatusLabels.applied },
  { status: undefined, label: '全部' },
  ...merchantStatuses
    .filter((s) => s !== 'applied')
    .map((s) => ({ status: s as MerchantStatus | undefined, label: merchantStatusLabels[s] })),
];

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
export function merchantActionsFor(status: MerchantStatus): MerchantActionView[] {
  const out: MerchantActionView[] = [];
  for (const action of merchantActions) {
    const to = nextMerchantStatus(status, action);
    if (!to) continue;
    out.push({
      action,
      label: merchantActionLabels[action],
      outcome: `${merchantActionLabels[action]} → ${merchantStatusLabels[to]}`,
      to,
      severe: SEVERE.includes(action),
      hint: merchantReasonHints[action],
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
): ReasonResult<{ action: MerchantAction; reason: string }> {
  if (!nextMerchantStatus(status, action)) {
    return {
      ok: false,
      message: `「${merchantStatusLabels[status]}」的商家不能${merchantActionLabels[action]}`,
    };
  }
  const parsed = merchantTransitionBody.safeParse({ action, reason });
  if (!parsed.success) return { ok: false, message: reasonMessage(reason) };
  return { ok: true, value: parsed.data };
}

export function reasonMessage(reason: string, max = 500): string {
  return reason.trim() === '' ? '请填写原因' : `原因最多 ${max} 个字`;
}

/** One line of the trail: "11月25日 周三 10:00 刘书记 警告：…" is composed by the page from these parts. */
export function merchantEventLabel(e: { action: string; from: string | null; to: string }): string {
  const action =
    merchantActionLabels[e.action as MerchantAction] ?? (e.action === 'apply' ? '提交申请' : e.action);
  const to = merchantStatusLabels[e.to as MerchantStatus] ?? e.to;
  return `${action} → ${to}`;
}
