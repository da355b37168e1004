/**
 * Movements of points (积分流转): a gift from one volunteer to another, a donation to the community
 * pool (公益池), and an officer's spend of the pool on a household's help request. Pure rules: the
 * server decides with them and the mini-program explains with them. Amounts are whole points at the
 * API and integer hundredths in the database (see toHundredths).
 */
import { z } from 'zod';
import { idBody, idText, intText } from './primitives';
import { toHundredths } from './rules';

/** A redemption moves a volunteer's points to a shop's redemption account (积分兑换, at the till). */
export const movementKinds = ['gift', 'donation', 'pool_spend', 'redemption'] as const;
export type MovementKind = (typeof movementKinds)[number];

/** A movement is done at once, or (a gift above a limit) pending until an officer decides. */
export const movementStatuses = ['pending', 'done', 'rejected', 'cancelled'] as const;
export type MovementStatus = (typeof movementStatuses)[number];

/** Accounts that are not a volunteer's: the pool, what the pool spent on households, shops, funds. */
export const pointAccountKinds = ['pool', 'spent', 'shop', 'fund'] as const;
export type PointAccountKind = (typeof pointAccountKinds)[number];

/** Why a gift waits for an officer. */
export const giftHoldReasons = ['per_gift', 'per_month'] as const;
export type GiftHoldReason = (typeof giftHoldReasons)[number];

/** The most points one movement can move (a typo guard; a community's limits are usually far lower). */
export const MAX_MOVEMENT_POINTS = 10_000;

/** The limits a community starts with (whole points); officers change them, null is no limit. */
export const DEFAULT_GIFT_LIMITS = { perGift: 20, perMonth: 50 } as const;

export type AmountProblem =
  | 'movements.amount_not_positive'
  | 'movements.amount_not_whole'
  | 'movements.amount_too_large';

/** What is wrong with an amount of points to move, or null: whole points from 1 to MAX_MOVEMENT_POINTS. */
export function amountProblem(points: number): AmountProblem | null {
  if (!Number.isFinite(points) || points <= 0) return 'movements.amount_not_positive';
  if (!Number.isInteger(points)) return 'movements.amount_not_whole';
  if (points > MAX_MOVEMENT_POINTS) return 'movements.amount_too_large';
  return null;
}

/** A limit officers set: whole points, 1 to MAX_MOVEMENT_POINTS, or null for none. */
export function limitProblem(points: number | null): AmountProblem | null {
  return points === null ? null : amountProblem(points);
}

export interface GiftLimits {
  /** Hundredths; null: no limit. */
  perGift: number | null;
  perMonth: number | null;
}

/**
 * Whether a gift of `amount` hundredths waits for an officer: above the per-gift limit, or when the
 * giver's gifts already made this month (Asia/Shanghai calendar month, made ones only) plus this one
 * pass the monthly limit. Null: it is made at once.
 */
export function giftHold(amount: number, givenThisMonth: number, limits: GiftLimits): GiftHoldReason | null {
  if (limits.perGift !== null && amount > limits.perGift) return 'per_gift';
  if (limits.perMonth !== null && givenThisMonth + amount > limits.perMonth) return 'per_month';
  return null;
}

/** A movement leaves the account with at least zero: the spendable balance covers it. */
export function covers(balance: number, amount: number): boolean {
  return balance >= amount;
}

/** Whole points to hundredths, for a checked amount. */
export const movementHundredths = (points: number) => toHundredths(points);

/**
 * An idempotency key: 8–64 letters, digits, `-` or `_` (a UUID fits). One per request a client
 * makes; its retries repeat it.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

// ---- request bodies (the amount is checked by amountProblem, for its own codes) ----

const trimmed = (max: number) => z.string().trim().min(1).max(max);
/** Points as sent: any finite number, refused by amountProblem with a code of its own unless whole and positive. */
const pointsIn = z.number().min(-1e9).max(1e9);
const idempotencyKey = z.string().min(8).max(64).regex(IDEMPOTENCY_KEY_PATTERN, 'idempotency_key');

/**
 * POST /me/gifts: to a volunteer of the community by member number (the user id shown on 我的) or
 * phone — exactly one of them.
 */
export const giftBody = z
  .object({
    idempotencyKey,
    points: pointsIn,
    toMemberId: idBody.optional(),
    toPhone: z
      .string()
      .trim()
      .max(11)
      .regex(/^1\d{10}$/, 'phone_cn')
      .optional(),
    note: trimmed(100).optional(),
  })
  .strict();
export type GiftBody = z.infer<typeof giftBody>;

/** POST /me/donations: to the community pool. */
export const donationBody = z
  .object({ idempotencyKey, points: pointsIn, note: trimmed(100).optional() })
  .strict();
export type DonationBody = z.infer<typeof donationBody>;

/** POST /pool/spends: an officer funds a household's help request from the pool. */
export const poolSpendBody = z
  .object({ idempotencyKey, points: pointsIn, helpRequestId: idBody, note: trimmed(100).optional() })
  .strict();
export type PoolSpendBody = z.infer<typeof poolSpendBody>;

/** PUT /gift-limits: whole points, null for no limit. */
export const giftLimitsBody = z
  .object({ perGift: pointsIn.nullable(), perMonth: pointsIn.nullable() })
  .strict();
export type GiftLimitsBody = z.infer<typeof giftLimitsBody>;

/** POST /gifts/:id/reject: the reason the giver reads. */
export const giftDecisionBody = z.object({ reason: trimmed(200) }).strict();

export const movementsQuery = z
  .object({
    limit: intText(1, 200).default(50),
    before: idText.optional(),
  })
  .strict();
