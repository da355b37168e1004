/**
 * The till's result screen after a discount is recorded: which field a refusal belongs to, whether
 * the record may still be corrected, and the record's trail as lines to read.
 */
import type { TillDiscountDto, TillDiscountTrailDto } from '@timebank/shared';
import { type Lang, t } from './i18n';

export type DiscountField = 'bill' | 'saving';

/** The field a refusal of POST/PUT /verifications/:id/discount is about, or null for the whole form. */
export function discountFieldFor(code: string, details?: unknown): DiscountField | null {
  switch (code) {
    case 'till.bill_required':
      return 'bill';
    case 'till.saving_not_positive':
    case 'till.saving_exceeds_bill':
    case 'till.saving_inconsistent':
      return 'saving';
    case 'request.invalid': {
      const first = Array.isArray(details) ? (details[0] as { path?: unknown } | undefined) : undefined;
      if (first?.path === 'billAmount') return 'bill';
      if (first?.path === 'savingAmount') return 'saving';
      return null;
    }
    default:
      return null;
  }
}

/** Whether the record can still be corrected (by the one who recorded it: the server checks who). */
export function canCorrect(d: Pick<TillDiscountDto, 'status' | 'correctableUntil'>, nowMs: number): boolean {
  return d.status !== 'voided' && Date.parse(d.correctableUntil) > nowMs;
}

/** Whole minutes left to correct, at least 0. */
export function minutesLeft(correctableUntil: string, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(correctableUntil) - nowMs) / 60_000));
}

/** ¥ with up to two decimals, or a dash. */
export function yuan(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `¥${Number.isInteger(v) ? v : v.toFixed(2)}`;
}

/** The amounts as one phrase: “消费 ¥30，优惠 ¥6”. */
export function amountsText(
  d: { billAmount: number | null; savingAmount: number | null },
  lang: Lang,
): string {
  return t('till.amounts', lang, { bill: yuan(d.billAmount), saving: yuan(d.savingAmount) });
}

export type TrailEntry = TillDiscountTrailDto['trail'][number];

/** One line of the trail: what happened, the amounts (or the reason of a void), by whom. */
export function trailLine(e: TrailEntry, lang: Lang): { title: string; detail: string } {
  const title = t(`till.trail.${e.kind}`, lang, { who: e.actor.displayName });
  const detail =
    e.kind === 'voided'
      ? t('till.trail.reason', lang, { v: e.reason ?? '—' })
      : amountsText(e, lang) + (e.note ? ` · ${e.note}` : '');
  return { title, detail };
}
