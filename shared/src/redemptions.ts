/**
 * Redemptions at shops (积分兑换): a shop of the alliance offers items or vouchers for points (10
 * points for a ¥10 voucher, a free haircut), with stock and validity dates; the holder redeems one at
 * the till through the same rotating code and scan as a certificate check. Pure rules: the server
 * decides with them and the mini-program explains with them. Points are whole at the API.
 */
import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN, MAX_MOVEMENT_POINTS } from './movements';
import { idBody, isoDate } from './primitives';

/** published ⇄ hidden by the owner; ended by the owner and taken_down by an officer are final. */
export const redemptionItemStatuses = ['published', 'hidden', 'ended', 'taken_down'] as const;
export type RedemptionItemStatus = (typeof redemptionItemStatuses)[number];

/** How long after a valid check staff may record a redemption on it, in minutes. */
export const REDEEM_WINDOW_MINUTES = 10;
/** The most an item's stock may be set to (a typo guard). */
export const MAX_REDEMPTION_STOCK = 100_000;
/** The longest an item may be on offer, in days. */
export const MAX_REDEMPTION_DAYS = 366;

export type RedemptionRefusal =
  | 'redemptions.item_unavailable'
  | 'redemptions.item_not_started'
  | 'redemptions.item_expired'
  | 'redemptions.out_of_stock';

/**
 * Why an item cannot be redeemed today (local date, Asia/Shanghai), or null. Stock null: unlimited.
 * The points the holder has are checked beside it (movements.insufficient_balance).
 */
export function redemptionRefusal(
  item: { status: RedemptionItemStatus; validFrom: string; validTo: string; stock: number | null },
  today: string,
): RedemptionRefusal | null {
  if (item.status !== 'published') return 'redemptions.item_unavailable';
  if (today < item.validFrom) return 'redemptions.item_not_started';
  if (today > item.validTo) return 'redemptions.item_expired';
  if (item.stock !== null && item.stock <= 0) return 'redemptions.out_of_stock';
  return null;
}

/** Whether a valid check made at `checkedAt` may still carry a redemption at `now`. */
export function checkRedeemable(checkedAt: number, now: number): boolean {
  return now - checkedAt <= REDEEM_WINDOW_MINUTES * 60_000;
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** Dates an owner may set: in order, not longer than MAX_REDEMPTION_DAYS, not already over. */
export function redemptionDatesOk(validFrom: string, validTo: string, today: string): boolean {
  return (
    validFrom <= validTo &&
    dayNumber(validTo) - dayNumber(validFrom) < MAX_REDEMPTION_DAYS &&
    validTo >= today
  );
}

// ---- request bodies ----

const trimmed = (max: number) => z.string().trim().min(1).max(max);
/** Points as sent: whole, checked again by movements' amountProblem. */
const cost = z.number().int().min(1).max(MAX_MOVEMENT_POINTS);
const stock = z.number().int().min(0).max(MAX_REDEMPTION_STOCK).nullable();
/** What the voucher is worth at the shop, in fen (¥10 = 1000): what a fund may later reimburse. */
const valueFen = z.number().int().min(0).max(10_000_000).nullable();

export const redemptionItemCreateBody = z
  .object({
    title: trimmed(60),
    description: z.string().trim().max(500).default(''),
    points: cost,
    valueFen: valueFen.optional(),
    /** Units left; null for no limit. */
    stock,
    validFrom: isoDate,
    validTo: isoDate,
  })
  .strict();
export type RedemptionItemCreateInput = z.infer<typeof redemptionItemCreateBody>;

export const redemptionItemUpdateBody = z
  .object({
    title: trimmed(60).optional(),
    description: z.string().trim().max(500).optional(),
    points: cost.optional(),
    valueFen: valueFen.optional(),
    stock: stock.optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    /** published ⇄ hidden, or ended (final). */
    status: z.enum(['published', 'hidden', 'ended']).optional(),
  })
  .strict();
export type RedemptionItemUpdateInput = z.infer<typeof redemptionItemUpdateBody>;

/** POST /verifications/:id/redemption: staff pick the item after a valid check and confirm. */
export const redeemBody = z
  .object({
    idempotencyKey: z.string().min(8).max(64).regex(IDEMPOTENCY_KEY_PATTERN, 'idempotency_key'),
    itemId: idBody,
  })
  .strict();
export type RedeemBody = z.infer<typeof redeemBody>;
