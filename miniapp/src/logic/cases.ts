/** 投诉处理 for officers: labels, and the note and closing bodies validated with the server's schemas. */
import { caseCloseBody, caseLifecycle, caseNoteBody, isFinal, moveTo } from '@timebank/shared';
import type { Lang } from './i18n';
import { ALL, CASE_KIND, CASE_RESOLUTION, CASE_RESOLUTION_HINT, CASE_STATUS, inLang } from './labels';
import type { ReasonResult } from './merchantAdmin';

export type CaseKind = 'refused_discount' | 'lent_certificate';
export type CaseStatus = 'open' | 'closed';
export type CaseResolution = 'upheld' | 'dismissed';

/** The closing form shows while the shared table lets the case be closed; notes while it is not final. */
export const canCloseCase = (status: CaseStatus) => moveTo(caseLifecycle, status, 'close') !== null;
export const canAddCaseNote = (status: CaseStatus) => !isFinal(caseLifecycle, status);

export const caseKindLabels: Record<CaseKind, string> = inLang(CASE_KIND, 'zh');
export const caseStatusLabels: Record<CaseStatus, string> = inLang(CASE_STATUS, 'zh');
export const caseResolutionLabels: Record<CaseResolution, string> = inLang(CASE_RESOLUTION, 'zh');
export const caseResolutionHints: Record<CaseResolution, string> = inLang(CASE_RESOLUTION_HINT, 'zh');

export function caseStatusFiltersIn(lang: Lang): { status: CaseStatus | undefined; label: string }[] {
  return [
    { status: 'open', label: CASE_STATUS.open[lang] },
    { status: 'closed', label: CASE_STATUS.closed[lang] },
    { status: undefined, label: ALL[lang] },
  ];
}
export const caseStatusFilters = caseStatusFiltersIn('zh');

/** Who reported and about whom, in one line for the list. */
export function caseSubject(
  c: { kind: CaseKind; merchant: { name: string | null } | null },
  lang: Lang = 'zh',
): string {
  if (lang === 'en') {
    const shop = c.merchant?.name ?? 'an unknown shop';
    return c.kind === 'refused_discount'
      ? `A volunteer says ${shop} refused the discount`
      : `Staff at ${shop} suspect a lent certificate`;
  }
  const shop = c.merchant?.name ?? '未知商家';
  return c.kind === 'refused_discount'
    ? `志愿者反映「${shop}」未给予优惠`
    : `「${shop}」店员反映证书疑似出借`;
}

/** What the officer should do next about the case: the merchant page for shops, certificates for holders. */
export function caseFollowUp(
  c: {
    kind: CaseKind;
    merchant: { id: number } | null;
  },
  lang: Lang = 'zh',
): { label: string; url: string } | null {
  const en = lang === 'en';
  if (c.kind === 'refused_discount' && c.merchant) {
    return {
      label: en ? 'Open the merchant' : '查看该商家',
      url: `/packages/officer/pages/merchant/index?id=${c.merchant.id}`,
    };
  }
  if (c.kind === 'lent_certificate')
    return {
      label: en ? 'Go to Certificates' : '到证书管理处理',
      url: '/packages/officer/pages/certificates/index',
    };
  return null;
}

export function buildCaseNote(note: string, lang: Lang = 'zh'): ReasonResult<{ note: string }> {
  const parsed = caseNoteBody.safeParse({ note });
  if (!parsed.success) {
    const en = lang === 'en';
    const message = note.trim()
      ? en
        ? 'A note has at most 1000 characters'
        : '记录最多 1000 个字'
      : en
        ? 'Write the note'
        : '请填写处理记录';
    return { ok: false, message };
  }
  return { ok: true, value: parsed.data };
}

export function buildCaseClose(
  outcome: string,
  resolution: CaseResolution | null,
  lang: Lang = 'zh',
): ReasonResult<{ outcome: string; resolution: CaseResolution }> {
  const en = lang === 'en';
  if (!resolution)
    return { ok: false, message: en ? 'Choose: was the report true?' : '请选择：反映是否属实' };
  const parsed = caseCloseBody.safeParse({ outcome, resolution });
  if (!parsed.success) {
    const message = outcome.trim()
      ? en
        ? 'The outcome has at most 1000 characters'
        : '处理结果最多 1000 个字'
      : en
        ? 'Write the outcome'
        : '请填写处理结果';
    return { ok: false, message };
  }
  return { ok: true, value: parsed.data };
}
