import { giftHoldReasons, movementKinds, movementStatuses, pointAccountKinds } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { helpRequests } from '../households/households.table';
import { accounts } from '../ledger/ledger.table';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';

export const pointAccountKindEnum = pgEnum('point_account_kind', pointAccountKinds);
export const movementKindEnum = pgEnum('movement_kind', movementKinds);
export const movementStatusEnum = pgEnum('movement_status', movementStatuses);
export const giftHoldReasonEnum = pgEnum('gift_hold_reason', giftHoldReasons);

/**
 * Accounts that are not a volunteer's (a volunteer's is `accounts`, keyed by user): one pool (公益池)
 * and one `spent` account (what the pool gave to households: points that left circulation) per
 * community, later a shop's redemption account and a fund. Balances move only beside movement lines,
 * by relative updates with the row locked; the database keeps them at zero or above.
 */
export const pointAccounts = pgTable(
  'point_accounts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: pointAccountKindEnum().notNull(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer().references(() => merchants.id),
    /** Hundredths of a point. */
    balance: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('point_accounts_balance_non_negative', sql`${t.balance} >= 0`),
    check('point_accounts_shop_has_merchant', sql`(${t.kind} = 'shop') = (${t.merchantId} IS NOT NULL)`),
    uniqueIndex('point_accounts_one_per_community').on(t.kind, t.communityId).where(sql`${t.kind} <> 'shop'`),
    uniqueIndex('point_accounts_one_per_shop').on(t.merchantId).where(sql`${t.kind} = 'shop'`),
  ],
);

/**
 * One movement of points between two accounts (a volunteer's or a point account on each side). Once
 * done it has exactly two lines that sum to zero (a deferred trigger checks it at commit); a pending
 * gift has none until an officer approves it. `actor_id` + `idempotency_key` make a retried request
 * answer the first movement; `request` is what the actor asked, compared on a retry.
 */
export const movements = pgTable(
  'movements',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    kind: movementKindEnum().notNull(),
    status: movementStatusEnum().notNull(),
    /** Hundredths of a point, always positive: it leaves `from` and arrives in `to`. */
    amount: integer().notNull(),
    fromUser: integer().references(() => accounts.userId),
    fromAccount: integer().references(() => pointAccounts.id),
    toUser: integer().references(() => accounts.userId),
    toAccount: integer().references(() => pointAccounts.id),
    helpRequestId: integer().references(() => helpRequests.id),
    note: text(),
    holdReason: giftHoldReasonEnum(),
    actorId: integer()
      .notNull()
      .references(() => users.id),
    idempotencyKey: text().notNull(),
    request: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
  },
  (t) => [
    uniqueIndex('movements_idempotency').on(t.actorId, t.idempotencyKey),
    index().on(t.fromUser, t.id),
    index().on(t.toUser, t.id),
    index().on(t.communityId, t.status, t.id),
    index().on(t.fromAccount, t.id),
    index().on(t.toAccount, t.id),
    check('movements_amount_positive', sql`${t.amount} > 0`),
    check(
      'movements_two_sides',
      sql`num_nonnulls(${t.fromUser}, ${t.fromAccount}) = 1 AND num_nonnulls(${t.toUser}, ${t.toAccount}) = 1`,
    ),
    check('movements_not_to_self', sql`${t.fromUser} IS DISTINCT FROM ${t.toUser} OR ${t.fromUser} IS NULL`),
    check(
      'movements_kind_shape',
      // Compared as text: a kind added to the enum (redemption, 0020) is not usable in the migration
      // that adds it.
      sql`CASE ${t.kind}::text
        WHEN 'gift' THEN ${t.fromUser} IS NOT NULL AND ${t.toUser} IS NOT NULL
        WHEN 'donation' THEN ${t.fromUser} IS NOT NULL AND ${t.toAccount} IS NOT NULL
        WHEN 'redemption' THEN ${t.fromUser} IS NOT NULL AND ${t.toAccount} IS NOT NULL
        ELSE ${t.fromAccount} IS NOT NULL AND ${t.toAccount} IS NOT NULL AND ${t.helpRequestId} IS NOT NULL END`,
    ),
    check('movements_pending_is_gift', sql`${t.status} = 'done' OR ${t.kind} = 'gift'`),
    check(
      'movements_decided',
      sql`(${t.status} IN ('rejected', 'cancelled')) <= (${t.decidedAt} IS NOT NULL)`,
    ),
  ],
);

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): the two lines of a done movement. */
export const movementLines = pgTable(
  'movement_lines',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    movementId: integer()
      .notNull()
      .references(() => movements.id),
    userAccount: integer().references(() => accounts.userId),
    pointAccount: integer().references(() => pointAccounts.id),
    /** Signed hundredths: negative on the side the points leave. */
    amount: integer().notNull(),
    balanceAfter: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('movement_lines_one_per_side').on(t.movementId, sql`(${t.amount} > 0)`),
    index().on(t.userAccount, t.id),
    index().on(t.pointAccount, t.id),
    check('movement_lines_one_account', sql`num_nonnulls(${t.userAccount}, ${t.pointAccount}) = 1`),
    check('movement_lines_moves', sql`${t.amount} <> 0`),
    check('movement_lines_balance_after', sql`${t.balanceAfter} >= 0`),
  ],
);

/** Per community: the gift limits officers set (hundredths; null is no limit). */
export const giftLimits = pgTable(
  'gift_limits',
  {
    communityId: integer()
      .primaryKey()
      .references(() => communities.id),
    perGift: integer(),
    perMonth: integer(),
    updatedBy: integer()
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      'gift_limits_positive',
      sql`(${t.perGift} IS NULL OR ${t.perGift} > 0) AND (${t.perMonth} IS NULL OR ${t.perMonth} > 0)`,
    ),
  ],
);
