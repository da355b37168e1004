/** Response schemas of the redemptions module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { redemptionItemStatuses } from '../redemptions';
import { dateOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

/** An item or voucher for points as residents see it on the shop's page. */
export const redemptionItemOut = z.strictObject({
  id: idOut,
  merchantId: idOut,
  title: textOut(60),
  description: textOut(500),
  points: pointsOut,
  /** What it is worth at the shop, in fen; null when not given. */
  valueFen: z.number().int().min(0).max(10_000_000).nullable(),
  /** Units left; null for no limit. */
  stock: z.number().int().min(0).max(100_000).nullable(),
  validFrom: dateOut,
  validTo: dateOut,
  /** Published, within its dates today (Asia/Shanghai) and in stock: redeemable now. */
  redeemable: z.boolean(),
  updatedAt: timeOut,
});
export type RedemptionItemDto = z.infer<typeof redemptionItemOut>;

/** As the shop (and the officer taking it down) sees it. */
export const redemptionItemOwnOut = redemptionItemOut.extend({
  status: z.enum(redemptionItemStatuses),
  takeDownReason: textOut(500).nullable(),
  /** How many were redeemed. */
  redeemed: z.number().int().min(0).max(2_147_483_647),
});
export type RedemptionItemOwnDto = z.infer<typeof redemptionItemOwnOut>;

export const redemptionItemsOwnOut = z.strictObject({ items: listOut(redemptionItemOwnOut, 500) });
export type RedemptionItemsOwnDto = z.infer<typeof redemptionItemsOwnOut>;
export const redemptionItemsListedOut = z.strictObject({
  merchant: z.strictObject({ id: idOut, name: textOut(100) }),
  today: dateOut,
  items: listOut(redemptionItemOut, 500),
});
export type RedemptionItemsListedDto = z.infer<typeof redemptionItemsListedOut>;

/** One redemption, for the shop's staff and the holder. */
export const redemptionOut = z.strictObject({
  id: idOut,
  verificationId: idOut,
  movementId: idOut,
  item: z.strictObject({ id: idOut, title: textOut(60) }),
  merchant: z.strictObject({ id: idOut, name: textOut(100) }),
  points: pointsOut,
  valueFen: z.number().int().min(0).max(10_000_000).nullable(),
  /** The holder's masked name (王**). */
  holder: textOut(40),
  createdAt: timeOut,
});
export type RedemptionDto = z.infer<typeof redemptionOut>;

/** The answer at the till: the redemption and what the holder has left to spend. */
export const redeemedOut = redemptionOut.extend({ spendableAfter: pointsOut });
export type RedeemedDto = z.infer<typeof redeemedOut>;

export const redemptionListOut = z.strictObject({ redemptions: listOut(redemptionOut, 500) });
export type RedemptionListDto = z.infer<typeof redemptionListOut>;
