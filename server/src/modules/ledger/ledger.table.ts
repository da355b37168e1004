import { ledgerKinds, ledgerSources } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { activities } from '../activities/activities.table';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

/**
 * One account per volunteer. `balance` is what can be spent (given, donated); `lifetime_earned` is
 * what was earned, which the certificate follows: movements never change it. Balances change only
 * by relative updates beside a ledger line or a movement line.
 */
export const accounts = pgTable(
  'accounts',
  {
    userId: integer()
      .primaryKey()
      .references(() => users.id),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** Hundredths of a point. */
    balance: integer().notNull().default(0),
    lifetimeEarned: integer().notNull().default(0),
    lifetimeMinutes: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('accounts_lifetime_non_negative', sql`${t.lifetimeEarned} >= 0 AND ${t.lifetimeMinutes} >= 0`),
    // Spendable points never go below zero (migration 0017): a gift, a donation or an officer's
    // negative correction that would take more than is left is refused.
    check('accounts_balance_non_negative', sql`${t.balance} >= 0`),
  ],
);

export const ledgerKindEnum = pgEnum('ledger_kind', ledgerKinds);
/** A sponsorship line's source is a challenge_bonus_awards.id (a merchant's bonus for a challenge activity). */
export const ledgerSourceEnum = pgEnum('ledger_source', ledgerSources);

/** Append-only: a trigger refuses UPDATE and DELETE (see the migration ledger_append_only). */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer()
      .notNull()
      .references(() => accounts.userId),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** Signed hundredths of a point; never zero. */
    amount: integer().notNull(),
    /** Signed minutes of service this line accounts for. */
    minutes: integer().notNull().default(0),
    kind: ledgerKindEnum().notNull(),
    reason: text().notNull(),
    sourceType: ledgerSourceEnum().notNull(),
    sourceId: integer().notNull(),
    /** Idempotency key: one line per source, however often a request is retried. */
    sourceKey: text().notNull().unique(),
    activityId: integer().references(() => activities.id),
    causedBy: integer()
      .notNull()
      .references(() => users.id),
    balanceAfter: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.accountId, t.id),
    // At scale (docs/scale.md): the ledger export's keyset (community, id > after), and the
    // dashboard's and hours export's period sums (community, created_at), which with amount and
    // minutes in the index read one community's lines from the index alone.
    index().on(t.communityId, t.id),
    index().on(t.communityId, t.createdAt, t.amount, t.minutes),
    // A line moves points or service minutes: an officer's correction of the minutes that leaves the
    // rounded points as they were is a line of 0 points (migration 0010).
    check('ledger_line_moves', sql`${t.amount} <> 0 OR ${t.minutes} <> 0`),
    check(
      'ledger_source_key_matches',
      sql`${t.sourceKey} = ${t.sourceType}::text || ':' || ${t.sourceId}::text`,
    ),
  ],
);
