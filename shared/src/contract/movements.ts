/** Response schemas of the movements module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { giftHoldReasons, movementKinds, movementStatuses } from '../movements';
import { countOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

/** The other side of a movement, as its viewer may see it: a volunteer only by a masked name. */
export const movementPartyOut = z.strictObject({
  kind: z.enum(['volunteer', 'pool', 'help_request', 'shop']),
  /** A volunteer's masked name (王**), the pool's community name, the help request's title or the shop's name. */
  name: textOut(80),
  /** The help request's or the shop's id; null otherwise (no other volunteer's id is shown). */
  id: idOut.nullable(),
});

export const movementOut = z.strictObject({
  id: idOut,
  kind: z.enum(movementKinds),
  status: z.enum(movementStatuses),
  points: pointsOut,
  /** For the viewer: points that left (out) or came into (in) their account; the pool's view for officers. */
  direction: z.enum(['in', 'out']),
  counterpart: movementPartyOut,
  note: textOut(100).nullable(),
  /** Why a gift waits for an officer (above the per-gift or the monthly limit). */
  holdReason: z.enum(giftHoldReasons).nullable(),
  /** An officer's reason for refusing it. */
  decisionReason: textOut(200).nullable(),
  createdAt: timeOut,
  decidedAt: timeOut.nullable(),
});
export type MovementDto = z.infer<typeof movementOut>;

export const movementListOut = z.strictObject({
  movements: listOut(movementOut, 200),
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: idOut.nullable(),
});
export type MovementListDto = z.infer<typeof movementListOut>;

/** GET /me/balance: what can be spent, and what was earned (the certificate follows the latter only). */
export const balanceOut = z.strictObject({
  spendable: pointsOut,
  lifetimeEarned: pointsOut,
  given: pointsOut,
  received: pointsOut,
  donated: pointsOut,
  /** Gifts waiting for an officer (not yet taken from the balance). */
  pendingOut: pointsOut,
  limits: z.strictObject({ perGift: pointsOut.nullable(), perMonth: pointsOut.nullable() }),
  /** Points given this month (Asia/Shanghai), against the monthly limit. */
  givenThisMonth: pointsOut,
});
export type BalanceDto = z.infer<typeof balanceOut>;

export const giftLimitsOut = z.strictObject({
  communityId: idOut,
  perGift: pointsOut.nullable(),
  perMonth: pointsOut.nullable(),
});
export type GiftLimitsDto = z.infer<typeof giftLimitsOut>;

/** GET /pool: the community pool for its officers. */
export const poolOut = z.strictObject({
  communityId: idOut,
  balance: pointsOut,
  donated: pointsOut,
  donations: countOut,
  spent: pointsOut,
  spends: countOut,
  pendingGifts: countOut,
  recent: listOut(movementOut, 50),
});
export type PoolDto = z.infer<typeof poolOut>;

/** A gift waiting for an officer: officers see both volunteers of their community by display name. */
export const pendingGiftOut = z.strictObject({
  id: idOut,
  points: pointsOut,
  from: z.strictObject({ id: idOut, name: textOut(40), spendable: pointsOut }),
  to: z.strictObject({ id: idOut, name: textOut(40) }),
  note: textOut(100).nullable(),
  holdReason: z.enum(giftHoldReasons).nullable(),
  createdAt: timeOut,
});
export const pendingGiftsOut = z.strictObject({ gifts: listOut(pendingGiftOut, 500) });
export type PendingGiftsDto = z.infer<typeof pendingGiftsOut>;
export type PendingGiftDto = z.infer<typeof pendingGiftOut>;
