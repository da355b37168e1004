/** Response schemas of the funds module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { merchantCategories, merchantTags } from '../alliance';
import { claimLineDecisions, claimStatuses } from '../funds';
import { countOut, dateOut, idOut, listOut, textOut, timeOut } from './common';

const fenOut = z.number().int().min(0).max(2_147_483_647);

export const fundOut = z.strictObject({
  id: idOut,
  name: textOut(60),
  districtId: idOut,
  /** Null: the whole district's fund. */
  communityId: idOut.nullable(),
  periodFrom: dateOut,
  periodTo: dateOut,
  budgetFen: fenOut,
  perShopCapFen: fenOut.nullable(),
  committedFen: fenOut,
  remainingFen: fenOut,
  createdAt: timeOut,
});
export type FundDto = z.infer<typeof fundOut>;
export const fundListOut = z.strictObject({ funds: listOut(fundOut, 500) });

export const claimLineOut = z.strictObject({
  id: idOut,
  redemptionId: idOut,
  item: textOut(60),
  redeemedAt: timeOut,
  amountFen: fenOut,
  decision: z.enum(claimLineDecisions),
  reason: textOut(200).nullable(),
});

export const claimOut = z.strictObject({
  id: idOut,
  fundId: idOut,
  merchant: z.strictObject({ id: idOut, name: textOut(100) }),
  periodFrom: dateOut,
  periodTo: dateOut,
  status: z.enum(claimStatuses),
  totalFen: fenOut,
  approvedFen: fenOut,
  paymentRef: textOut(64).nullable(),
  createdAt: timeOut,
  decidedAt: timeOut.nullable(),
  paidAt: timeOut.nullable(),
  lines: listOut(claimLineOut, 5000),
});
export type ClaimDto = z.infer<typeof claimOut>;
export const claimListOut = z.strictObject({ claims: listOut(claimOut, 500) });

/** Where the fund's support went: approved amounts by shop category and by owner tag. */
export const fundEquityOut = z.strictObject({
  fundId: idOut,
  approvedFen: fenOut,
  shops: countOut,
  byCategory: listOut(
    z.strictObject({ category: z.enum(merchantCategories), approvedFen: fenOut, shops: countOut }),
    50,
  ),
  byTag: listOut(z.strictObject({ tag: z.enum(merchantTags), approvedFen: fenOut, shops: countOut }), 10),
});
export type FundEquityDto = z.infer<typeof fundEquityOut>;
