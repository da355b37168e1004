/**
 * Movements of points (积分流转), double-entry: a gift between two volunteers of a community, a
 * donation to the community pool (公益池), and an officer's spend of the pool on a household's help
 * request. Each done movement is one `movements` row and two `movement_lines` (−amount from one
 * account, +amount to the other) written in one transaction; a deferred trigger checks at commit that
 * the lines sum to zero and the database keeps every balance at zero or above. Spending never touches
 * `lifetime_earned`, which the certificate follows.
 *
 * Every request carries an idempotency key (scoped by who sends it): a retry with the same fields
 * answers the first movement; the same key with other fields is refused (`movements.idempotency_conflict`).
 *
 * Locks, always in this order so that concurrent movements wait instead of deadlocking: the movement
 * row (approving a pending gift), the help request (a pool spend), volunteers' accounts by user id,
 * then point accounts by id — and both sides before a new movement row is inserted, since its
 * foreign keys take a share lock on them that a later FOR UPDATE by two movements would deadlock on.
 */
import {
  type AmountProblem,
  amountProblem,
  DEFAULT_GIFT_LIMITS,
  type DonationBody,
  fromHundredths,
  type GiftBody,
  type GiftHoldReason,
  type GiftLimitsBody,
  giftHold,
  inZone,
  limitProblem,
  type MovementDto,
  type MovementKind,
  maskName,
  movementHundredths,
  movementLifecycle,
  type PointAccountKind,
  type PoolSpendBody,
} from '@timebank/shared';
import { and, asc, count, desc, eq, gte, inArray, lt, or, sum } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor, Tx } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { communities } from '../communities/communities.table';
import type { HouseholdsService } from '../households/households.service';
import { ledger } from '../ledger/ledger.service';
import { accounts } from '../ledger/ledger.table';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import {
  byKey,
  type Fingerprint,
  insertMovement,
  type MovementRow,
  post,
  replay,
  sameRequest,
} from './movements.postings';
import { giftLimits, movements, pointAccounts } from './movements.table';

function checkAmount(points: number): number {
  const problem: AmountProblem | null = amountProblem(points);
  if (problem) fail(problem, { points });
  return movementHundredths(points);
}

/** The start of the month `now` is in, Asia/Shanghai: the monthly gift limit's period. */
const monthStart = (now: Date) => inZone(now).startOf('month').toDate();

export function createMovementsService(deps: { db: Db; clock: Clock; households: HouseholdsService }) {
  const { db, clock, households } = deps;

  // ---- accounts ----

  /** Volunteers' accounts (made when missing: a receiver who never earned), locked in user id order. */
  const lockUsers = (tx: Executor, holders: Array<{ id: number; communityId: number }>) =>
    ledger.lockSpendable(
      tx,
      holders.map((h) => ({ userId: h.id, communityId: h.communityId })),
    );

  /**
   * The community's pool or spent account: every community has both from its creation (a trigger,
   * migration 0017). Ids never change, so they are remembered.
   */
  const accountIds = new Map<string, number>();
  async function communityAccount(communityId: number, kind: Exclude<PointAccountKind, 'shop'>) {
    const key = `${kind}:${communityId}`;
    const known = accountIds.get(key);
    if (known !== undefined) return known;
    const [a] = await db
      .select({ id: pointAccounts.id })
      .from(pointAccounts)
      .where(and(eq(pointAccounts.kind, kind), eq(pointAccounts.communityId, communityId)));
    if (!a) throw new Error(`community ${communityId} has no ${kind} account`);
    accountIds.set(key, a.id);
    return a.id;
  }

  // ---- limits ----

  async function limitsOf(tx: Executor, communityId: number) {
    const [row] = await tx.select().from(giftLimits).where(eq(giftLimits.communityId, communityId));
    return row
      ? { perGift: row.perGift, perMonth: row.perMonth }
      : {
          perGift: movementHundredths(DEFAULT_GIFT_LIMITS.perGift),
          perMonth: movementHundredths(DEFAULT_GIFT_LIMITS.perMonth),
        };
  }

  async function givenSince(tx: Executor, userId: number, since: Date) {
    const [r] = await tx
      .select({ total: sum(movements.amount).mapWith(Number) })
      .from(movements)
      .where(
        and(
          eq(movements.fromUser, userId),
          eq(movements.kind, 'gift'),
          eq(movements.status, 'done'),
          gte(movements.createdAt, since),
        ),
      );
    return r?.total ?? 0;
  }

  // ---- presenting ----

  async function namesOf(tx: Executor, ids: number[]) {
    if (ids.length === 0) return new Map<number, string>();
    const rows = await tx
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(inArray(users.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  async function present(
    tx: Executor,
    list: MovementRow[],
    viewer: { userId: number } | { pool: number },
  ): Promise<MovementDto[]> {
    const names = await namesOf(
      tx,
      list.flatMap((m) => [m.fromUser, m.toUser]).filter((x): x is number => x !== null),
    );
    const communityIds = [...new Set(list.map((m) => m.communityId))];
    const communityNames = new Map(
      communityIds.length
        ? (
            await tx
              .select({ id: communities.id, name: communities.name })
              .from(communities)
              .where(inArray(communities.id, communityIds))
          ).map((c) => [c.id, c.name])
        : [],
    );
    const requestTitles = new Map<number, string>();
    for (const m of list)
      if (m.helpRequestId !== null && typeof m.request === 'object' && m.request !== null) {
        const title = (m.request as Record<string, unknown>).title;
        if (typeof title === 'string') requestTitles.set(m.helpRequestId, title);
      }
    return list.map((m) => {
      const out = 'userId' in viewer ? m.fromUser === viewer.userId : m.fromAccount === viewer.pool;
      const otherUser = out ? m.toUser : m.fromUser;
      const asked = (typeof m.request === 'object' && m.request !== null ? m.request : {}) as Record<
        string,
        unknown
      >;
      const counterpart =
        m.kind === 'redemption'
          ? {
              kind: 'shop' as const,
              name: typeof asked.shop === 'string' ? asked.shop : '',
              id: typeof asked.merchantId === 'number' ? asked.merchantId : null,
            }
          : m.kind === 'pool_spend' && out
            ? {
                kind: 'help_request' as const,
                name: requestTitles.get(m.helpRequestId!) ?? '',
                id: m.helpRequestId,
              }
            : otherUser !== null
              ? { kind: 'volunteer' as const, name: maskName(names.get(otherUser)) ?? '', id: null }
              : { kind: 'pool' as const, name: communityNames.get(m.communityId) ?? '', id: null };
      return {
        id: m.id,
        kind: m.kind,
        status: m.status,
        points: fromHundredths(m.amount),
        direction: out ? ('out' as const) : ('in' as const),
        counterpart,
        note: m.note,
        holdReason: m.holdReason,
        decisionReason: m.decisionReason,
        createdAt: m.createdAt.toISOString(),
        decidedAt: m.decidedAt?.toISOString() ?? null,
      };
    });
  }

  const presentOne = async (tx: Executor, m: MovementRow, viewer: { userId: number } | { pool: number }) =>
    (await present(tx, [m], viewer))[0]!;

  // ---- messages ----

  async function tellReceiver(tx: Executor, m: MovementRow, now: Date) {
    const names = await namesOf(tx, [m.fromUser!]);
    const points = fromHundredths(m.amount);
    await notify(
      tx,
      m.toUser!,
      {
        kind: 'movements.gift_received',
        title: `收到 ${points} 积分`,
        body: `${maskName(names.get(m.fromUser!)) ?? ''} 赠送给您 ${points} 积分${m.note ? `：${m.note}` : ''}`,
        data: { movementId: m.id },
      },
      now,
    );
  }

  // ---- the volunteer's side ----

  async function receiverOf(tx: Executor, giver: AuthUser, body: GiftBody) {
    if ((body.toMemberId === undefined) === (body.toPhone === undefined)) fail('movements.receiver_required');
    const [r] = await tx
      .select({ id: users.id, communityId: users.communityId, role: users.role, disabled: users.disabled })
      .from(users)
      .where(
        body.toMemberId !== undefined
          ? eq(users.id, body.toMemberId)
          : and(eq(users.phone, body.toPhone!), eq(users.role, 'volunteer')),
      )
      .orderBy(asc(users.id))
      .limit(1);
    if (r?.role !== 'volunteer') fail('movements.receiver_not_found');
    if (r.id === giver.id) fail('movements.self_gift');
    // For now gifts stay in the community (a later policy may open the district: 通存通兑).
    if (r.communityId !== giver.communityId) fail('movements.receiver_other_community');
    if (r.disabled) fail('movements.receiver_disabled');
    return r;
  }

  async function give(user: AuthUser, body: GiftBody) {
    const request: Fingerprint = {
      kind: 'gift',
      points: body.points,
      toMemberId: body.toMemberId ?? null,
      toPhone: body.toPhone ?? null,
      note: body.note ?? null,
    };
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const first = await byKey(tx, user.id, body.idempotencyKey);
      if (first) return presentOne(tx, replay(first, request), { userId: user.id });
      const amount = checkAmount(body.points);
      const to = await receiverOf(tx, user, body);
      const balances = await lockUsers(tx, [
        { id: user.id, communityId: user.communityId },
        { id: to.id, communityId: to.communityId },
      ]);
      const spendable = balances.get(user.id) ?? 0;
      if (spendable < amount)
        fail('movements.insufficient_balance', { spendable: fromHundredths(spendable) });
      const hold: GiftHoldReason | null = giftHold(
        amount,
        await givenSince(tx, user.id, monthStart(now)),
        await limitsOf(tx, user.communityId),
      );
      const { m, fresh } = await insertMovement(
        tx,
        {
          communityId: user.communityId,
          kind: 'gift',
          status: hold ? 'pending' : 'done',
          amount,
          fromUser: user.id,
          toUser: to.id,
          note: body.note ?? null,
          holdReason: hold,
          actorId: user.id,
          idempotencyKey: body.idempotencyKey,
          request,
          createdAt: now,
        },
        request,
      );
      if (fresh && m.status === 'done') {
        await post(tx, m, now);
        await tellReceiver(tx, m, now);
      }
      return presentOne(tx, m, { userId: user.id });
    });
  }

  async function donate(user: AuthUser, body: DonationBody) {
    const request: Fingerprint = { kind: 'donation', points: body.points, note: body.note ?? null };
    const now = clock.now();
    const pool = await communityAccount(user.communityId, 'pool');
    return inTransaction(db, async (tx) => {
      const first = await byKey(tx, user.id, body.idempotencyKey);
      if (first) return presentOne(tx, replay(first, request), { userId: user.id });
      const amount = checkAmount(body.points);
      // The donor's account is locked before the movement row is written (its foreign keys share-lock
      // the account; taking FOR UPDATE after that, two donations of one donor would deadlock).
      const spendable =
        (await lockUsers(tx, [{ id: user.id, communityId: user.communityId }])).get(user.id) ?? 0;
      if (spendable < amount)
        fail('movements.insufficient_balance', { spendable: fromHundredths(spendable) });
      const { m, fresh } = await insertMovement(
        tx,
        {
          communityId: user.communityId,
          kind: 'donation',
          status: 'done',
          amount,
          fromUser: user.id,
          toAccount: pool,
          note: body.note ?? null,
          actorId: user.id,
          idempotencyKey: body.idempotencyKey,
          request,
          createdAt: now,
        },
        request,
      );
      const answer = await presentOne(tx, m, { userId: user.id });
      if (fresh) {
        await notify(
          tx,
          user.id,
          {
            kind: 'movements.donated',
            title: `已捐赠 ${body.points} 积分`,
            body: `感谢您向社区公益池捐赠 ${body.points} 积分，用于帮助有需要的居民。`,
            data: { movementId: m.id },
          },
          now,
        );
        // Last: the pool is the hot row, held from its update to the commit.
        await post(tx, m, now);
      }
      return answer;
    });
  }

  async function cancelGift(user: AuthUser, id: number) {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const [m] = await tx.select().from(movements).where(eq(movements.id, id)).for('update');
      if (m?.kind !== 'gift' || m.fromUser !== user.id) fail('movements.not_found');
      const { row } = await applyMove(tx, {
        lifecycle: movementLifecycle,
        row: m,
        action: 'cancel',
        refusal: 'movements.invalid_transition',
        table: movements,
        set: { decidedBy: user.id, decidedAt: now },
      });
      return presentOne(tx, row as MovementRow, { userId: user.id });
    });
  }

  async function balance(user: AuthUser) {
    const [acc] = await db.select().from(accounts).where(eq(accounts.userId, user.id));
    const sumsBy = (side: typeof movements.fromUser | typeof movements.toUser) =>
      db
        .select({
          kind: movements.kind,
          status: movements.status,
          total: sum(movements.amount).mapWith(Number),
        })
        .from(movements)
        .where(eq(side, user.id))
        .groupBy(movements.kind, movements.status);
    const [outs, ins] = [await sumsBy(movements.fromUser), await sumsBy(movements.toUser)];
    const total = (kind: MovementKind, status: string, out: boolean) =>
      (out ? outs : ins).find((s) => s.kind === kind && s.status === status)?.total ?? 0;
    const limits = await limitsOf(db, user.communityId);
    return {
      spendable: fromHundredths(acc?.balance ?? 0),
      lifetimeEarned: fromHundredths(acc?.lifetimeEarned ?? 0),
      given: fromHundredths(total('gift', 'done', true)),
      received: fromHundredths(total('gift', 'done', false)),
      donated: fromHundredths(total('donation', 'done', true)),
      pendingOut: fromHundredths(total('gift', 'pending', true)),
      limits: {
        perGift: limits.perGift === null ? null : fromHundredths(limits.perGift),
        perMonth: limits.perMonth === null ? null : fromHundredths(limits.perMonth),
      },
      givenThisMonth: fromHundredths(await givenSince(db, user.id, monthStart(clock.now()))),
    };
  }

  async function myMovements(user: AuthUser, query: { limit: number; before?: number | undefined }) {
    const rows = await db
      .select()
      .from(movements)
      .where(
        and(
          // A receiver sees a gift once it is made; the giver sees it from the start.
          or(
            eq(movements.fromUser, user.id),
            and(eq(movements.toUser, user.id), eq(movements.status, 'done')),
          ),
          query.before ? lt(movements.id, query.before) : undefined,
        ),
      )
      .orderBy(desc(movements.id))
      .limit(query.limit);
    return {
      movements: await present(db, rows, { userId: user.id }),
      nextBefore: rows.length === query.limit ? rows[rows.length - 1]!.id : null,
    };
  }

  // ---- officers ----

  async function pool(user: AuthUser) {
    const poolId = await communityAccount(user.communityId, 'pool');
    const [p] = await db
      .select({ id: pointAccounts.id, balance: pointAccounts.balance })
      .from(pointAccounts)
      .where(eq(pointAccounts.id, poolId));
    if (!p) fail('movements.not_found');
    const [inSum] = await db
      .select({ total: sum(movements.amount).mapWith(Number), n: count() })
      .from(movements)
      .where(and(eq(movements.toAccount, p.id), eq(movements.status, 'done')));
    const [outSum] = await db
      .select({ total: sum(movements.amount).mapWith(Number), n: count() })
      .from(movements)
      .where(and(eq(movements.fromAccount, p.id), eq(movements.status, 'done')));
    const [pending] = await db
      .select({ n: count() })
      .from(movements)
      .where(and(eq(movements.communityId, user.communityId), eq(movements.status, 'pending')));
    const recent = await db
      .select()
      .from(movements)
      .where(or(eq(movements.toAccount, p.id), eq(movements.fromAccount, p.id)))
      .orderBy(desc(movements.id))
      .limit(20);
    return {
      communityId: user.communityId,
      balance: fromHundredths(p.balance),
      donated: fromHundredths(inSum?.total ?? 0),
      donations: inSum?.n ?? 0,
      spent: fromHundredths(outSum?.total ?? 0),
      spends: outSum?.n ?? 0,
      pendingGifts: pending?.n ?? 0,
      recent: await present(db, recent, { pool: p.id }),
    };
  }

  async function spendPool(user: AuthUser, body: PoolSpendBody) {
    const now = clock.now();
    const p = await communityAccount(user.communityId, 'pool');
    const spent = await communityAccount(user.communityId, 'spent');
    return inTransaction(db, async (tx) => {
      const first = await byKey(tx, user.id, body.idempotencyKey);
      const base: Fingerprint = {
        kind: 'pool_spend',
        points: body.points,
        helpRequestId: body.helpRequestId,
        note: body.note ?? null,
      };
      if (first) {
        const { title: _t, ...asked } = first.request as Fingerprint;
        if (!sameRequest(asked, base)) fail('movements.idempotency_conflict', { movementId: first.id });
        return (await present(tx, [first], { pool: first.fromAccount! }))[0]!;
      }
      const amount = checkAmount(body.points);
      const request = await households.fundableRequest(tx, user, body.helpRequestId);
      const fingerprint: Fingerprint = { ...base, title: request.title };
      const { m, fresh } = await insertMovement(
        tx,
        {
          communityId: user.communityId,
          kind: 'pool_spend',
          status: 'done',
          amount,
          fromAccount: p,
          toAccount: spent,
          helpRequestId: request.id,
          note: body.note ?? null,
          actorId: user.id,
          idempotencyKey: body.idempotencyKey,
          request: fingerprint,
          createdAt: now,
        },
        fingerprint,
      );
      const answer = (await present(tx, [m], { pool: p }))[0]!;
      if (fresh) await post(tx, m, now);
      return answer;
    });
  }

  async function pendingGifts(user: AuthUser) {
    const rows = await db
      .select()
      .from(movements)
      .where(
        and(
          eq(movements.communityId, user.communityId),
          eq(movements.kind, 'gift'),
          eq(movements.status, 'pending'),
        ),
      )
      .orderBy(asc(movements.id))
      .limit(500);
    const ids = rows.flatMap((m) => [m.fromUser!, m.toUser!]);
    const names = await namesOf(db, ids);
    const balances = ids.length
      ? new Map(
          (
            await db
              .select({ userId: accounts.userId, balance: accounts.balance })
              .from(accounts)
              .where(inArray(accounts.userId, ids))
          ).map((a) => [a.userId, a.balance]),
        )
      : new Map<number, number>();
    return {
      gifts: rows.map((m) => ({
        id: m.id,
        points: fromHundredths(m.amount),
        from: {
          id: m.fromUser!,
          name: names.get(m.fromUser!) ?? '',
          spendable: fromHundredths(balances.get(m.fromUser!) ?? 0),
        },
        to: { id: m.toUser!, name: names.get(m.toUser!) ?? '' },
        note: m.note,
        holdReason: m.holdReason,
        createdAt: m.createdAt.toISOString(),
      })),
    };
  }

  /** An officer's pending gift of the community, locked: other communities' are not found. */
  async function officerGift(tx: Tx, user: AuthUser, id: number) {
    const [m] = await tx.select().from(movements).where(eq(movements.id, id)).for('update');
    if (m?.kind !== 'gift' || m.communityId !== user.communityId) fail('movements.not_found');
    return m;
  }

  async function approveGift(user: AuthUser, id: number) {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const m = await officerGift(tx, user, id);
      // Both volunteers in user id order, as every gift locks them (two approvals crossing wait).
      if (m.status === 'pending')
        await lockUsers(tx, [
          { id: m.fromUser!, communityId: m.communityId },
          { id: m.toUser!, communityId: m.communityId },
        ]);
      const { row } = await applyMove(tx, {
        lifecycle: movementLifecycle,
        row: m,
        action: 'approve',
        refusal: 'movements.invalid_transition',
        table: movements,
        set: { decidedBy: user.id, decidedAt: now },
      });
      const done = row as MovementRow;
      // The giver's balance is checked now: it may have been spent while the gift waited.
      await post(tx, done, now);
      await tellReceiver(tx, done, now);
      const points = fromHundredths(done.amount);
      await notify(
        tx,
        done.fromUser!,
        {
          kind: 'movements.gift_approved',
          title: `赠送已通过：${points} 积分`,
          body: `社区已审核通过您赠送的 ${points} 积分，积分已转给对方。`,
          data: { movementId: done.id },
        },
        now,
      );
      return presentOne(tx, done, { userId: done.fromUser! });
    });
  }

  async function rejectGift(user: AuthUser, id: number, reason: string) {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const m = await officerGift(tx, user, id);
      const { row } = await applyMove(tx, {
        lifecycle: movementLifecycle,
        row: m,
        action: 'reject',
        refusal: 'movements.invalid_transition',
        table: movements,
        set: { decidedBy: user.id, decidedAt: now, decisionReason: reason },
      });
      const done = row as MovementRow;
      const points = fromHundredths(done.amount);
      await notify(
        tx,
        done.fromUser!,
        {
          kind: 'movements.gift_rejected',
          title: `赠送未通过：${points} 积分`,
          body: `社区未通过您赠送的 ${points} 积分（积分仍在您的账户中）。原因：${reason}`,
          data: { movementId: done.id },
        },
        now,
      );
      return presentOne(tx, done, { userId: done.fromUser! });
    });
  }

  async function getLimits(user: AuthUser) {
    const l = await limitsOf(db, user.communityId);
    return {
      communityId: user.communityId,
      perGift: l.perGift === null ? null : fromHundredths(l.perGift),
      perMonth: l.perMonth === null ? null : fromHundredths(l.perMonth),
    };
  }

  async function setLimits(user: AuthUser, body: GiftLimitsBody) {
    for (const v of [body.perGift, body.perMonth]) {
      const problem = limitProblem(v);
      if (problem) fail(problem, { points: v });
    }
    const values = {
      perGift: body.perGift === null ? null : movementHundredths(body.perGift),
      perMonth: body.perMonth === null ? null : movementHundredths(body.perMonth),
      updatedBy: user.id,
      updatedAt: clock.now(),
    };
    await inTransaction(db, (tx) =>
      tx
        .insert(giftLimits)
        .values({ communityId: user.communityId, ...values })
        .onConflictDoUpdate({ target: giftLimits.communityId, set: values }),
    );
    return getLimits(user);
  }

  return {
    give,
    donate,
    cancelGift,
    balance,
    myMovements,
    pool,
    spendPool,
    pendingGifts,
    approveGift,
    rejectGift,
    getLimits,
    setLimits,
  };
}

export type MovementsService = ReturnType<typeof createMovementsService>;
