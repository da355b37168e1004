import { claimLineDecisions, claimStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { communities, districts } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { redemptions } from '../redemptions/redemptions.table';
import { users } from '../users/users.table';

export const claimStatusEnum = pgEnum('claim_status', claimStatuses);
export const claimLineDecisionEnum = pgEnum('claim_line_decision', claimLineDecisions);

/**
 * A fund with a budget for a period (fen). `committed_fen` grows by each decided claim's approved
 * total, by a relative update under the row's lock; the database keeps it within the budget, so the
 * remaining budget never goes negative.
 */
export const funds = pgTable(
  'funds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    communityId: integer().references(() => communities.id),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    budgetFen: integer().notNull(),
    perShopCapFen: integer(),
    committedFen: integer().notNull().default(0),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    check('funds_budget_positive', sql`${t.budgetFen} > 0`),
    check('funds_cap_positive', sql`${t.perShopCapFen} IS NULL OR ${t.perShopCapFen} > 0`),
    check('funds_within_budget', sql`${t.committedFen} >= 0 AND ${t.committedFen} <= ${t.budgetFen}`),
    check('funds_period', sql`${t.periodTo} >= ${t.periodFrom} AND ${t.periodTo} - ${t.periodFrom} < 366`),
    index().on(t.districtId, t.communityId),
  ],
);

/** A shop's claim on a fund for a period, built from its redemptions. */
export const claims = pgTable(
  'claims',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    fundId: integer()
      .notNull()
      .references(() => funds.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    status: claimStatusEnum().notNull().default('submitted'),
    totalFen: integer().notNull(),
    approvedFen: integer().notNull().default(0),
    paymentRef: text(),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    paidBy: integer().references(() => users.id),
    paidAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.fundId, t.id),
    index().on(t.merchantId, t.id),
    check(
      'claims_amounts',
      sql`${t.totalFen} > 0 AND ${t.approvedFen} >= 0 AND ${t.approvedFen} <= ${t.totalFen}`,
    ),
    check('claims_period', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('claims_paid_ref', sql`(${t.status} = 'paid') = (${t.paymentRef} IS NOT NULL)`),
    check('claims_decided_at', sql`(${t.status} = 'submitted') = (${t.decidedAt} IS NULL)`),
  ],
);

/** One redemption in a claim: claimed once (whatever the claim), approved or rejected with a reason. */
export const claimLines = pgTable(
  'claim_lines',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    claimId: integer()
      .notNull()
      .references(() => claims.id),
    redemptionId: integer()
      .notNull()
      .references(() => redemptions.id),
    amountFen: integer().notNull(),
    decision: claimLineDecisionEnum().notNull().default('pending'),
    reason: text(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('claim_lines_once').on(t.redemptionId),
    index().on(t.claimId),
    check('claim_lines_amount', sql`${t.amountFen} > 0`),
    check('claim_lines_rejected_reason', sql`${t.decision} <> 'rejected' OR ${t.reason} IS NOT NULL`),
  ],
);
