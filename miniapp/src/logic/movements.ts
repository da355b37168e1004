/**
 * Points that move, for the pages: the idempotency key of each request (kept for its retries), the
 * checks of a give form before it is sent (the server checks again, with its own codes), and the
 * line a movement shows as. Plain TypeScript: tested with ava.
 */
import { amountProblem, IDEMPOTENCY_KEY_PATTERN, type MovementDto } from '@timebank/shared';
import { formatPoints, formatSignedPoints } from './format';
import { type I18nKey, type Lang, t } from './i18n';

/** A new idempotency key: one per form submission; a retry of the same submission reuses it. */
export function newIdempotencyKey(now = Date.now(), random = Math.random): string {
  const key = `mp-${now.toString(36)}-${Math.floor(random() * 36 ** 8).toString(36)}`;
  return IDEMPOTENCY_KEY_PATTERN.test(key) ? key : `mp-${now.toString(36)}-00000000`;
}

export interface GiftForm {
  memberId: string;
  phone: string;
  points: string;
  note: string;
}

/** The body of POST /me/gifts, or the form's first problem (an i18n key). */
export function giftBodyOf(
  f: GiftForm,
  key: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; error: I18nKey } {
  const points = Number(f.points.trim());
  if (!f.points.trim() || amountProblem(points)) return { ok: false, error: 'mv.error.points' };
  const id = f.memberId.trim();
  const phone = f.phone.trim();
  if ((id === '') === (phone === '')) return { ok: false, error: 'mv.error.receiver' };
  if (id && !/^[1-9]\d{0,9}$/.test(id)) return { ok: false, error: 'mv.error.receiver' };
  if (phone && !/^1\d{10}$/.test(phone)) return { ok: false, error: 'mv.error.receiver' };
  return {
    ok: true,
    body: {
      idempotencyKey: key,
      points,
      ...(id ? { toMemberId: Number(id) } : { toPhone: phone }),
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
    },
  };
}

/** Whole points from a text field, or null when it is not a whole positive number. */
export function pointsOf(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() && !amountProblem(n) ? n : null;
}

const STATUS: Record<MovementDto['status'], I18nKey> = {
  pending: 'mv.status.pending',
  done: 'mv.status.done',
  rejected: 'mv.status.rejected',
  cancelled: 'mv.status.cancelled',
};

export interface MovementView {
  id: number;
  title: string;
  amountText: string;
  positive: boolean;
  status: string;
  /** Only a gift of mine that waits can be withdrawn. */
  cancellable: boolean;
  detail: string | null;
}

export function movementView(m: MovementDto, lang: Lang): MovementView {
  const name = m.counterpart.name;
  const key: I18nKey =
    m.kind === 'gift'
      ? m.direction === 'out'
        ? 'mv.kind.giftOut'
        : 'mv.kind.giftIn'
      : m.kind === 'donation'
        ? m.direction === 'out'
          ? 'mv.kind.donation'
          : 'mv.kind.poolIn'
        : m.kind === 'redemption'
          ? 'mv.kind.redemption'
          : 'mv.kind.spend';
  const detail = [
    m.note,
    m.holdReason && m.status === 'pending' ? t(`mv.hold.${m.holdReason}` as I18nKey, lang) : null,
    m.decisionReason ? t('common.reason', lang, { v: m.decisionReason }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    id: m.id,
    title: t(key, lang, { name }),
    amountText: formatSignedPoints(m.direction === 'out' ? -m.points : m.points),
    positive: m.direction === 'in',
    status: t(STATUS[m.status], lang),
    cancellable: m.kind === 'gift' && m.direction === 'out' && m.status === 'pending',
    detail: detail || null,
  };
}

/** "up to 20 points a gift and 50 a month", null limits as "no limit". */
export function limitsText(limits: { perGift: number | null; perMonth: number | null }, lang: Lang): string {
  const show = (v: number | null) => (v === null ? t('mv.noLimit', lang) : formatPoints(v));
  return t('mv.limits', lang, { gift: show(limits.perGift), month: show(limits.perMonth) });
}
