/** 投诉处理 for officers: labels, and the note and closing bodies validated with the server's schemas. */
import { caseCloseBody, caseNoteBody } from '@timebank/shared';
import type { ReasonResult } from './merchantAdmin';

export type CaseKind = 'refused_discount' | 'lent_certificate';
export type CaseStatus = 'open' | 'closed';
export type CaseResolution = 'upheld' | 'dismissed';

export const caseKindLabels: Record<CaseKind, string> = {
  refused_discount: '商家拒绝优惠',
  lent_certificate: '疑似出借证书',
};

export const caseStatusLabels: Record<CaseStatus, string> = {
  open: '待处理',
  closed: '已结案',
};

export const caseResolutionLabels: Record<CaseResolution, string> = {
  upheld: '属实',
  dismissed: '不属实',
};

export const caseResolutionHints: Record<CaseResolution, string> = {
  upheld: '反映属实（之后可到商家管理或证书管理处理）',
  dismissed: '反映不属实，不作处理',
};

export const caseStatusFilters: { status: CaseStatus | undefined; label: string }[] = [
  { status: 'open', label: '待处理' },
  { status: 'closed', label: '已结案' },
  { status: undefined, label: '全部' },
];

/** Who reported and about whom, in one line for the list. */
export function caseSubject(c: { kind: CaseKind; merchant: { name: string | null } | null }): string {
  const shop = c.merchant?.name ?? '未知商家';
  return c.kind === 'refused_discount'
    ? `志愿者反映「${shop}」未给予优惠`
    : `「${shop}」店员反映证书疑似出借`;
}

/** What the officer should do next about the case: the merchant page for shops, certificates for holders. */
export function caseFollowUp(c: {
  kind: CaseKind;
  merchant: { id: number } | null;
}): { label: string; url: string } | null {
  if (c.kind === 'refused_discount' && c.merchant) {
    return { label: '查看该商家', url: `/packages/officer/pages/merchant/index?id=${c.merchant.id}` };
  }
  if (c.kind === 'lent_certificate')
    return { label: '到证书管理处理', url: '/packages/officer/pages/certificates/index' };
  return null;
}

export function buildCaseNote(note: string): ReasonResult<{ note: string }> {
  const parsed = caseNoteBody.safeParse({ note });
  if (!parsed.success) return { ok: false, message: note.trim() ? '记录最多 1000 个字' : '请填写处理记录' };
  return { ok: true, value: parsed.data };
}

export function buildCaseClose(
  outcome: string,
  resolution: CaseResolution | null,
): ReasonResult<{ outcome: string; resolution: CaseResolution }> {
  if (!resolution) return { ok: false, message: '请选择：反映是否属实' };
  const parsed = caseCloseBody.safeParse({ outcome, resolution });
  if (!parsed.success)
    return { ok: false, message: outcome.trim() ? '处理结果最多 1000 个字' : '请填写处理结果' };
  return { ok: true, value: parsed.data };
}
