import { fromHundredths } from '@timebank/shared';
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { preparedStatement } from '../../db/prepared';
import { constraintName, fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { activities } from '../activities/activities.table';
import {
  type CertificateRow,
  findCertificateByUser,
  issueCertificateIfEligible,
} from '../certificates/certificates.service';
import { communities } from '../communities/communities.table';
import { notify } from '../notifications/notifications.service';
import { findUserById } from '../users/users.repository';
import { accounts, ledgerEntries, type ledgerKindEnum, type ledgerSourceEnum } from './ledger.table';

type LedgerKind = (typeof ledgerKindEnum.enumValues)[number];
type LedgerSource = (typeof ledgerSourceEnum.enumValues)[number];

/** What a caller credits: one line for one holder, from one source (the idempotency key). */
export interface Credit {
  holder: { userId: number; communityId: number };
  /** Signed hundredths; zero only in a correction of minutes alone. */
  amount: number;
  /** Signed service minutes; a line moves points, minutes or both. */
  minutes: number;
  kind: LedgerKind;
  reason: string;
  /** `<type>:<id>` is the line's idempotency key: one line per source, however often retried. */
  source: { type: LedgerSource; id: number };
  activityId: number | null;
  causedBy: number;
  /** The holder's message (kind `ledger.credited`), written with a new line that moves points. */
  message: { title: string; body: string; data?: unknown };
  now: Date;
}

export interface LedgerLine {
  id: number;
  accountId: number;
  communityId: number;
  amount: number;
  minutes: number;
  kind: LedgerKind;
  reason: string;
  activityId: number | null;
  causedBy: number;
  balanceAfter: number;
}

export interface CreditResult {
  entry: LedgerLine;
  /** The source had its line already (a retry): nothing was written, the first line is `entry`. */
  duplicate: boolean;
  account: {
    userId: number;
    communityId: number;
    balance: number;
    lifetimeEarned: number;
    lifetimeMinutes: number;
  };
  /** The holder's certificate when this credit issued or raised it (or it already stood). */
  certificate: CertificateRow | undefined;
}

/**
 * Locks the accounts of several volunteers, creating missing ones, always in user id order. A batch
 * that credits more than one volunteer calls this first, so two batches sharing volunteers wait for
 * each other instead of deadlocking on PostgreSQL.
 */
async function lockAccounts(tx: Executor, holders: Array<{ userId: number; communityId: number }>) {
  const byUser = new Map(holders.map((h) => [h.userId, h]));
  if (byUser.size < 2) return;
  const sorted = [...byUser.values()].sort((a, b) => a.userId - b.userId);
  await tx.insert(accounts).values(sorted).onConflictDoNothing();
  await tx
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(inArray(accounts.userId, [...byUser.keys()]))
    .orderBy(asc(accounts.userId))
    .for('update');
}

interface CreditRow {
  dup: boolean;
  line_id: number | string;
  line_account: number;
  line_community: number;
  line_amount: number;
  line_minutes: number;
  line_kind: LedgerKind;
  line_reason: string;
  line_activity: number | null;
  line_caused_by: number;
  line_balance_after: number;
  acc_balance: number;
  acc_lifetime_earned: number;
  acc_lifetime_minutes: number;
  acc_community: number;
  threshold: number | null;
}

const ph = (name: string) => sql.placeholder(name);
/** One round trip: the account locked (made when missing), the line, the balance (migration 0015). */
const creditStatement = preparedStatement<CreditRow>(
  'ledger_credit',
  sql`SELECT * FROM ledger_credit(${ph('account')}::int, ${ph('community')}::int, ${ph('amount')}::int,
    ${ph('minutes')}::int, ${ph('kind')}::ledger_kind, ${ph('reason')}::text, ${ph('sourceType')}::ledger_source,
    ${ph('sourceId')}::int, ${ph('activity')}::int, ${ph('causedBy')}::int, ${ph('now')}::timestamptz)`,
);

/**
 * A negative correction larger than what is left to spend (the points were given or donated since)
 * would take the balance below zero: the database refuses it (`accounts_balance_non_negative`, migration
 * 0017) and so does the API, with `ledger.points_already_spent`. Nothing is written; the officer
 * settles it with the volunteer (the movements stand: a gift or donation is not undone behind
 * anyone's back) and may then record a correction the balance covers.
 */
async function creditRows(tx: Executor, values: Parameters<typeof creditStatement.rows>[1]) {
  try {
    return await creditStatement.rows(tx, values);
  } catch (err) {
    if (constraintName(err) === 'accounts_balance_non_negative') fail('ledger.points_already_spent');
    throw err;
  }
}

/** The fields a retry must repeat exactly (TigerBeetle's rule): anything else is another credit. */
function conflicting(line: LedgerLine, c: Credit): string[] {
  const want: Record<string, unknown> = {
    holder: c.holder.userId,
    community: c.holder.communityId,
    amount: c.amount,
    minutes: c.minutes,
    kind: c.kind,
    reason: c.reason,
    activity: c.activityId,
    causedBy: c.causedBy,
  };
  const have: Record<string, unknown> = {
    holder: line.accountId,
    community: line.communityId,
    amount: line.amount,
    minutes: line.minutes,
    kind: line.kind,
    reason: line.reason,
    activity: line.activityId,
    causedBy: line.causedBy,
  };
  return Object.keys(want).filter((k) => want[k] !== have[k]);
}

/**
 * The one crediting path, inside the caller's transaction: appends the line and moves the balance
 * (the account row locked, so balance_after is exact on a multi-connection PostgreSQL), writes the
 * holder's message through the notifications module, and issues or raises the certificate through
 * the certificates module. The source is the idempotency key: a retry with the same fields answers
 * the first line and writes nothing; the same source with different fields is refused with
 * `ledger.idempotency_conflict`, never absorbed.
 */
async function credit(tx: Executor, c: Credit): Promise<CreditResult> {
  if (c.amount === 0 && c.minutes === 0) throw new Error('a ledger line must move points or minutes');
  const [r] = await creditRows(tx, {
    account: c.holder.userId,
    community: c.holder.communityId,
    amount: c.amount,
    minutes: c.minutes,
    kind: c.kind,
    reason: c.reason,
    sourceType: c.source.type,
    sourceId: c.source.id,
    activity: c.activityId,
    causedBy: c.causedBy,
    now: c.now.toISOString(),
  });
  const entry: LedgerLine = {
    id: Number(r!.line_id),
    accountId: r!.line_account,
    communityId: r!.line_community,
    amount: r!.line_amount,
    minutes: r!.line_minutes,
    kind: r!.line_kind,
    reason: r!.line_reason,
    activityId: r!.line_activity,
    causedBy: r!.line_caused_by,
    balanceAfter: r!.line_balance_after,
  };
  const account = {
    userId: c.holder.userId,
    communityId: r!.acc_community,
    balance: r!.acc_balance,
    lifetimeEarned: r!.acc_lifetime_earned,
    lifetimeMinutes: r!.acc_lifetime_minutes,
  };
  if (r!.dup) {
    const fields = conflicting(entry, c);
    if (fields.length > 0)
      fail('ledger.idempotency_conflict', { source: `${c.source.type}:${c.source.id}`, fields });
    return { entry, duplicate: true, account, certificate: await findCertificateByUser(tx, c.holder.userId) };
  }
  // The message before the certificate, so that a certificate this credit issues is the newer one.
  if (c.amount !== 0) await notify(tx, c.holder.userId, { kind: 'ledger.credited', ...c.message }, c.now);
  const certificate = await issueCertificateIfEligible(tx, account, c.now, r!.threshold!);
  return { entry, duplicate: false, account, certificate };
}

/**
 * For the movements module (gifts, donations): volunteers' accounts (made when missing: a receiver
 * who never earned), locked FOR UPDATE in user id order, with their spendable balances.
 */
async function lockSpendable(tx: Executor, holders: Array<{ userId: number; communityId: number }>) {
  const sorted = [...holders].sort((a, b) => a.userId - b.userId);
  await tx.insert(accounts).values(sorted).onConflictDoNothing();
  const rows = await tx
    .select({ userId: accounts.userId, balance: accounts.balance })
    .from(accounts)
    .where(
      inArray(
        accounts.userId,
        sorted.map((h) => h.userId),
      ),
    )
    .orderBy(asc(accounts.userId))
    .for('update');
  return new Map(rows.map((r) => [r.userId, r.balance]));
}

/**
 * For the movements module: moves a volunteer's spendable balance by `delta` hundredths beside a
 * movement line (lifetime points stay: the certificate follows earning only). A debit only while the
 * balance covers it; the new balance, or undefined when it does not.
 */
async function moveSpendable(tx: Executor, userId: number, delta: number, now: Date) {
  const [r] = await tx
    .update(accounts)
    .set({ balance: sql`${accounts.balance} + ${delta}`, updatedAt: now })
    .where(and(eq(accounts.userId, userId), delta < 0 ? gte(accounts.balance, -delta) : undefined))
    .returning({ balance: accounts.balance });
  return r?.balance;
}

/** The ledger's writing side, for other modules: they pass their transaction. */
export const ledger = { credit, lockAccounts, lockSpendable, moveSpendable };

function presentLine(
  l: typeof ledgerEntries.$inferSelect,
  a: { id: number; title: string; startsAt: Date } | null,
) {
  return {
    id: l.id,
    amount: fromHundredths(l.amount),
    minutes: l.minutes,
    kind: l.kind,
    reason: l.reason,
    source: { type: l.sourceType, id: l.sourceId },
    activity: a ? { id: a.id, title: a.title, startsAt: a.startsAt.toISOString() } : null,
    balanceAfter: fromHundredths(l.balanceAfter),
    createdAt: l.createdAt.toISOString(),
  };
}

export function createLedgerService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  async function statement(userId: number, query: { limit: number; before?: number | undefined }) {
    const user = await findUserById(db, userId);
    if (user?.role !== 'volunteer') fail('ledger.account_not_found');
    const [account] = await db.select().from(accounts).where(eq(accounts.userId, userId));
    const [community] = await db.select().from(communities).where(eq(communities.id, user.communityId));
    const rows = await db
      .select({
        line: ledgerEntries,
        activity: { id: activities.id, title: activities.title, startsAt: activities.startsAt },
      })
      .from(ledgerEntries)
      .leftJoin(activities, eq(activities.id, ledgerEntries.activityId))
      .where(
        and(
          eq(ledgerEntries.accountId, userId),
          query.before ? lt(ledgerEntries.id, query.before) : undefined,
        ),
      )
      .orderBy(desc(ledgerEntries.id))
      .limit(query.limit);
    const certificate = await findCertificateByUser(db, userId);
    const threshold = community?.certificateThreshold ?? 300;
    const lifetime = account?.lifetimeEarned ?? 0;
    return {
      balance: fromHundredths(account?.balance ?? 0),
      lifetimeEarned: fromHundredths(lifetime),
      lifetimeHours: Math.round(((account?.lifetimeMinutes ?? 0) / 60) * 100) / 100,
      certificate: {
        threshold: fromHundredths(threshold),
        remaining: fromHundredths(Math.max(0, threshold - lifetime)),
        issued: Boolean(certificate),
        status: certificate?.status ?? null,
      },
      lines: rows.map((r) => presentLine(r.line, r.activity?.id ? r.activity : null)),
      nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.line.id : null,
    };
  }

  return {
    myStatement: (user: AuthUser, query: { limit: number; before?: number | undefined }) =>
      statement(user.id, query),

    /** An officer looks at a volunteer of the community. */
    async volunteerStatement(
      user: AuthUser,
      volunteerId: number,
      query: { limit: number; before?: number | undefined },
    ) {
      const v = await findUserById(db, volunteerId);
      if (!v) fail('users.not_found');
      await authorizeResource(db, user, 'ledger.read', { communityId: v.communityId }, 'users.not_found');
      return statement(volunteerId, query);
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
