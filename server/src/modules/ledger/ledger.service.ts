import { fromHundredths } from '@timebank/shared';
import { and, asc, desc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { activities } from '../activities/activities.table';
import { findCertificateByUser, issueCertificateIfEligible } from '../certificates/certificates.service';
import { communities } from '../communities/communities.table';
import { assertManages } from '../users/scope';
import { findUserById } from '../users/users.repository';
import { accounts, ledgerEntries, type ledgerSourceEnum } from './ledger.table';

export interface CreditLine {
  userId: number;
  communityId: number;
  /** Signed hundredths; zero only in a correction of minutes alone. */
  amount: number;
  /** Signed service minutes; a line moves points, minutes or both. */
  minutes: number;
  kind: 'earn' | 'correction';
  reason: string;
  sourceType: (typeof ledgerSourceEnum.enumValues)[number];
  sourceId: number;
  activityId: number | null;
  causedBy: number;
}

/**
 * Locks the accounts of several volunteers, creating missing ones, always in user id order. A batch
 * that credits more than one volunteer calls this first, so two batches sharing volunteers wait for
 * each other instead of deadlocking on PostgreSQL.
 */
export async function lockAccounts(tx: Executor, holders: Array<{ userId: number; communityId: number }>) {
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

/**
 * Appends one ledger line and moves the balance, inside the caller's transaction. The source key
 * makes it idempotent: a retry finds the line already there and changes nothing. The account row is
 * locked first so balance_after is exact on a multi-connection PostgreSQL.
 */
export async function postLedgerLine(tx: Executor, line: CreditLine, now: Date) {
  if (line.amount === 0 && line.minutes === 0) throw new Error('a ledger line must move points or minutes');
  const lock = () => tx.select().from(accounts).where(eq(accounts.userId, line.userId)).for('update');
  let [account] = await lock();
  if (!account) {
    // Volunteers get their account at sign-up (insertUser); one made before that, or a first line
    // for anyone else, gets it here. Concurrent first lines: one insert wins, both then lock it.
    await tx
      .insert(accounts)
      .values({ userId: line.userId, communityId: line.communityId })
      .onConflictDoNothing();
    [account] = await lock();
  }
  const sourceKey = `${line.sourceType}:${line.sourceId}`;
  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      accountId: line.userId,
      communityId: line.communityId,
      amount: line.amount,
      minutes: line.minutes,
      kind: line.kind,
      reason: line.reason,
      sourceType: line.sourceType,
      sourceId: line.sourceId,
      sourceKey,
      activityId: line.activityId,
      causedBy: line.causedBy,
      balanceAfter: account!.balance + line.amount,
      createdAt: now,
    })
    .onConflictDoNothing({ target: ledgerEntries.sourceKey })
    .returning();
  if (!entry) return { entry: undefined, duplicate: true as const };
  // With the community's threshold, so that a credit below it needs no further read.
  const [updated] = await tx
    .update(accounts)
    .set({
      balance: sql`${accounts.balance} + ${line.amount}`,
      lifetimeEarned: sql`${accounts.lifetimeEarned} + ${line.amount}`,
      lifetimeMinutes: sql`${accounts.lifetimeMinutes} + ${line.minutes}`,
      updatedAt: now,
    })
    .from(communities)
    .where(and(eq(accounts.userId, line.userId), eq(communities.id, accounts.communityId)))
    .returning({ ...getTableColumns(accounts), certificateThreshold: communities.certificateThreshold });
  const { certificateThreshold, ...after } = updated!;
  const certificate = await issueCertificateIfEligible(tx, after, now, certificateThreshold);
  return { entry, duplicate: false as const, account: after, certificate };
}

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
      await assertManages(db, user, v.communityId);
      return statement(volunteerId, query);
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
