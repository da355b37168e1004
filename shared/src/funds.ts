/**
 * Funds and settlement (基金与结算): a community's or a district's fund with a budget for a period
 * (and an optional cap per shop) backs the shops' redemptions. A shop files a claim for a period built
 * from its recorded redemptions; officers approve or reject each line with a reason, then decide the
 * claim (its approved total is committed against the budget, which the database keeps from going
 * negative) and mark it paid with a payment reference. Amounts in fen (分).
 */
import { z } from 'zod';
import { idBody, isoDate } from './primitives';

export const claimStatuses = ['submitted', 'decided', 'paid'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export const claimLineDecisions = ['pending', 'approved', 'rejected'] as const;
export type ClaimLineDecision = (typeof claimLineDecisions)[number];

/** The largest budget one fund may hold, in fen (¥20 million: a PostgreSQL integer). */
export const MAX_FUND_FEN = 2_000_000_000;

/** Whether a claim's period lies inside the fund's, in order (local dates, both included). */
export function claimPeriodOk(fund: { periodFrom: string; periodTo: string }, from: string, to: string) {
  return from <= to && fund.periodFrom <= from && to <= fund.periodTo;
}

/**
 * What a decided claim may commit: its approved total, if the fund's remaining budget and the shop's
 * remaining cap cover it; else the refusal.
 */
export function commitProblem(
  approvedFen: number,
  fund: { budgetFen: number; committedFen: number; perShopCapFen: number | null },
  shopCommittedFen: number,
): 'funds.budget_exceeded' | 'funds.shop_cap_exceeded' | null {
  if (fund.committedFen + approvedFen > fund.budgetFen) return 'funds.budget_exceeded';
  if (fund.perShopCapFen !== null && shopCommittedFen + approvedFen > fund.perShopCapFen)
    return 'funds.shop_cap_exceeded';
  return null;
}

const fen = z.number().int().min(1).max(MAX_FUND_FEN);

export const fundCreateBody = z
  .object({
    name: z.string().trim().min(1).max(60),
    /** A community's fund; left out by a district administrator: the whole district's. */
    communityId: idBody.optional(),
    periodFrom: isoDate,
    periodTo: isoDate,
    budgetFen: fen,
    perShopCapFen: fen.nullable().default(null),
  })
  .strict();
export type FundCreateInput = z.infer<typeof fundCreateBody>;

export const claimCreateBody = z.object({ fundId: idBody, from: isoDate, to: isoDate }).strict();
export type ClaimCreateInput = z.infer<typeof claimCreateBody>;

export const claimLineDecisionBody = z
  .object({ approve: z.boolean(), reason: z.string().trim().min(1).max(200).optional() })
  .strict();

export const claimPayBody = z.object({ paymentRef: z.string().trim().min(1).max(64) }).strict();
