/**
 * The writing side of movements, for this module's services and for other modules inside their own
 * transaction (a redemption at the till moves points as a movement): idempotent insertion of the
 * movement row and the posting of its two lines with the balances they move. Locks as the service's
 * header says: volunteers' accounts (by user id) before the movement row, point accounts last.
 */
import { fromHundredths } from '@timebank/shared';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import { ledger } from '../ledger/ledger.service';
import { accounts } from '../ledger/ledger.table';
import { movementLines, movements, pointAccounts } from './movements.table';

export type MovementRow = typeof movements.$inferSelect;
/** What the actor asked, compared field by field on a retry (flat: primitives only). */
export type Fingerprint = Record<string, string | number | null>;

export function sameRequest(a: unknown, b: Fingerprint): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const have = a as Record<string, unknown>;
  const keys = new Set([...Object.keys(have), ...Object.keys(b)]);
  for (const k of keys) if ((have[k] ?? null) !== (b[k] ?? null)) return false;
  return true;
}

/** Moves one side's balance by `delta`; a debit only while the balance covers it (else undefined). */
async function moveBalance(
  tx: Executor,
  side: { user: number | null; account: number | null },
  delta: number,
  now: Date,
): Promise<number | undefined> {
  if (side.user !== null) return ledger.moveSpendable(tx, side.user, delta, now);
  const [r] = await tx
    .update(pointAccounts)
    .set({ balance: sql`${pointAccounts.balance} + ${delta}`, updatedAt: now })
    .where(
      and(eq(pointAccounts.id, side.account!), delta < 0 ? gte(pointAccounts.balance, -delta) : undefined),
    )
    .returning({ balance: pointAccounts.balance });
  return r?.balance;
}

/**
 * The two lines of a done movement and the balances they move: −amount from one side, +amount to
 * the other, each by a relative update whose balance_after is exact under the row's lock. A debit
 * the balance does not cover is `movements.insufficient_balance` (the database's checks refuse a
 * negative balance again). Volunteers' accounts were locked by the caller (FOR UPDATE, before the
 * movement row); point accounts are never locked FOR UPDATE — a hot pool is held only from its
 * update to the commit, so the caller does this last.
 */
export async function post(tx: Executor, m: MovementRow, now: Date) {
  const fromAfter = await moveBalance(tx, { user: m.fromUser, account: m.fromAccount }, -m.amount, now);
  if (fromAfter === undefined) {
    const side = m.fromUser !== null ? eq(accounts.userId, m.fromUser) : undefined;
    const [b] = side
      ? await tx.select({ balance: accounts.balance }).from(accounts).where(side)
      : await tx
          .select({ balance: pointAccounts.balance })
          .from(pointAccounts)
          .where(eq(pointAccounts.id, m.fromAccount!));
    fail('movements.insufficient_balance', { spendable: fromHundredths(b?.balance ?? 0) });
  }
  const toAfter = (await moveBalance(tx, { user: m.toUser, account: m.toAccount }, m.amount, now))!;
  await tx.insert(movementLines).values([
    {
      movementId: m.id,
      userAccount: m.fromUser,
      pointAccount: m.fromAccount,
      amount: -m.amount,
      balanceAfter: fromAfter,
      createdAt: now,
    },
    {
      movementId: m.id,
      userAccount: m.toUser,
      pointAccount: m.toAccount,
      amount: m.amount,
      balanceAfter: toAfter,
      createdAt: now,
    },
  ]);
  return { fromAfter, toAfter };
}

export async function byKey(tx: Executor, actorId: number, key: string) {
  const [m] = await tx
    .select()
    .from(movements)
    .where(and(eq(movements.actorId, actorId), eq(movements.idempotencyKey, key)));
  return m;
}

/** A movement already made with this key: the same request answers it, another is refused. */
export function replay(m: MovementRow, request: Fingerprint): MovementRow {
  if (!sameRequest(m.request, request)) fail('movements.idempotency_conflict', { movementId: m.id });
  return m;
}

/**
 * Inserts the movement under its key; a concurrent request with the same key (which waited on the
 * key) finds the first movement instead and answers it as a retry.
 */
export async function insertMovement(
  tx: Executor,
  values: typeof movements.$inferInsert,
  request: Fingerprint,
): Promise<{ m: MovementRow; fresh: boolean }> {
  const [m] = await tx.insert(movements).values(values).onConflictDoNothing().returning();
  if (m) return { m, fresh: true };
  const first = await byKey(tx, values.actorId, values.idempotencyKey);
  return { m: replay(first!, request), fresh: false };
}

/** The shop's redemption account (made on first use, in the shop's community). */
export async function shopAccount(tx: Executor, shop: { id: number; communityId: number }) {
  await tx
    .insert(pointAccounts)
    .values({ kind: 'shop', communityId: shop.communityId, merchantId: shop.id })
    .onConflictDoNothing();
  const [a] = await tx
    .select({ id: pointAccounts.id, balance: pointAccounts.balance })
    .from(pointAccounts)
    .where(and(eq(pointAccounts.kind, 'shop'), eq(pointAccounts.merchantId, shop.id)));
  return a!;
}

/**
 * A redemption's movement, inside the caller's transaction: `amount` hundredths from the holder to
 * the shop's redemption account, under the staff member's idempotency key. The holder's account is
 * locked here, before the movement row; the shop's account is updated last. A key already used
 * answers its movement (fresh: false) when the request is the same, and is refused otherwise.
 */
export async function redeemPoints(
  tx: Executor,
  input: {
    holder: { id: number; communityId: number };
    shop: { id: number; communityId: number };
    amount: number;
    actorId: number;
    idempotencyKey: string;
    request: Fingerprint;
    note: string;
    now: Date;
  },
) {
  const spendable =
    (
      await ledger.lockSpendable(tx, [{ userId: input.holder.id, communityId: input.holder.communityId }])
    ).get(input.holder.id) ?? 0;
  if (spendable < input.amount)
    fail('movements.insufficient_balance', { spendable: fromHundredths(spendable) });
  const account = await shopAccount(tx, input.shop);
  const { m, fresh } = await insertMovement(
    tx,
    {
      communityId: input.holder.communityId,
      kind: 'redemption',
      status: 'done',
      amount: input.amount,
      fromUser: input.holder.id,
      toAccount: account.id,
      note: input.note,
      actorId: input.actorId,
      idempotencyKey: input.idempotencyKey,
      request: input.request,
      createdAt: input.now,
    },
    input.request,
  );
  if (!fresh) return { movement: m, fresh, spendableAfter: spendable };
  const { fromAfter } = await post(tx, m, input.now);
  return { movement: m, fresh, spendableAfter: fromAfter };
}
