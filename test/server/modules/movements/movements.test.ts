/**
 * Gifts, donations and the pool over HTTP: double entry (two lines that sum to zero), lifetime points
 * and the certificate untouched, idempotent retries, every refusal a 4xx with its stable code that
 * changes nothing, limits with an officer's approval, the pool spent on a help request, and a
 * negative correction of points already spent refused.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { AppError, constraintName } from '../../../../server/src/http/errors';
import { api, assertError } from '../../../helpers/api';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { rows } from '../attendance/support';
import { raise, registerHousehold } from '../households/support';
import { balanceOf, community, earn, newKey, snapshot, unbalanced } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'a gift moves spendable points in two lines that sum to zero; lifetime points stay',
  async (t) => {
    const { vs } = await community(ctx, 30);
    const [giver, receiver] = vs as [(typeof vs)[0], (typeof vs)[0]];
    const r = await api(ctx).post('/me/gifts', giver, {
      idempotencyKey: newKey(),
      points: 5,
      toMemberId: receiver.id,
      note: '给妈妈',
    });
    t.is(r.status, 201, JSON.stringify(r.body));
    t.like(r.body, { kind: 'gift', status: 'done', points: 5, direction: 'out', note: '给妈妈' });
    // The receiver is shown by a masked name only: no id, no phone.
    t.deepEqual(r.body.counterpart, { kind: 'volunteer', name: '王*红', id: null });
    t.deepEqual(await balanceOf(ctx, giver.id), { balance: 2500, lifetime_earned: 3000 });
    t.deepEqual(await balanceOf(ctx, receiver.id), { balance: 500, lifetime_earned: 0 });
    const lines = await rows<{ user_account: number; amount: number; balance_after: number }>(
      ctx,
      sql`SELECT user_account, amount, balance_after FROM movement_lines WHERE movement_id = ${r.body.id} ORDER BY id`,
    );
    t.deepEqual(lines, [
      { user_account: giver.id, amount: -500, balance_after: 2500 },
      { user_account: receiver.id, amount: 500, balance_after: 500 },
    ]);
    t.deepEqual(await unbalanced(ctx), []);

    const mine = await api(ctx).get('/me/balance', giver);
    t.like(mine.body, { spendable: 25, lifetimeEarned: 30, given: 5, received: 0, givenThisMonth: 5 });
    const theirs = await api(ctx).get('/me/balance', receiver);
    t.like(theirs.body, { spendable: 5, lifetimeEarned: 0, received: 5 });
    const list = await api(ctx).get('/me/movements', receiver);
    t.is(list.body.movements.length, 1);
    t.like(list.body.movements[0], {
      direction: 'in',
      points: 5,
      counterpart: { kind: 'volunteer', name: '王*明', id: null },
    });
    const [msg] = await rows<{ kind: string; title: string }>(
      ctx,
      sql`SELECT kind, title FROM notifications WHERE user_id = ${receiver.id} ORDER BY id DESC LIMIT 1`,
    );
    t.deepEqual(msg, { kind: 'movements.gift_received', title: '收到 5 积分' });
  },
);

test.serial('a gift by phone reaches the volunteer with that phone', async (t) => {
  const { vs } = await community(ctx, 10);
  const phone = `139${String(Date.now()).slice(-8)}`;
  await rows(ctx, sql`UPDATE users SET phone = ${phone} WHERE id = ${vs[1]!.id}`);
  const r = await api(ctx).post('/me/gifts', vs[0], { idempotencyKey: newKey(), points: 2, toPhone: phone });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is((await balanceOf(ctx, vs[1]!.id)).balance, 200);
});

test.serial('a retry answers the first gift; the same key with other fields is refused', async (t) => {
  const { vs } = await community(ctx, 30);
  const body = { idempotencyKey: newKey(), points: 3, toMemberId: vs[1]!.id };
  const first = await api(ctx).post('/me/gifts', vs[0], body);
  const again = await api(ctx).post('/me/gifts', vs[0], body);
  t.is(again.status, 201);
  t.deepEqual(again.body, first.body);
  t.is((await balanceOf(ctx, vs[0]!.id)).balance, 2700);
  const before = await snapshot(ctx);
  assertError(
    t,
    await api(ctx).post('/me/gifts', vs[0], { ...body, points: 4 }),
    409,
    'movements.idempotency_conflict',
  );
  assertError(
    t,
    await api(ctx).post('/me/gifts', vs[0], { ...body, note: '不同' }),
    409,
    'movements.idempotency_conflict',
  );
  // Keys are per sender: another volunteer may use the same key for their own gift.
  await earn(ctx, await ctx.addUser('officer', vs[1]!.communityId), vs[1]!, 1);
  const other = await api(ctx).post('/me/gifts', vs[1], { ...body, points: 1, toMemberId: vs[0]!.id });
  t.is(other.status, 201, JSON.stringify(other.body));
  t.not(other.body.id, first.body.id);
  t.is((await snapshot(ctx)).movements, before.movements + 1);
});

test.serial('every refused gift or donation is a 4xx with its code and changes nothing', async (t) => {
  const { vs } = await community(ctx, 10, 3);
  const elsewhere = await community(ctx, 0, 1);
  const disabled = vs[2]!;
  await rows(ctx, sql`UPDATE users SET disabled = true WHERE id = ${disabled.id}`);
  const officer = await ctx.addUser('officer', vs[0]!.communityId);
  const to = vs[1]!.id;
  const cases: Array<[string, object, number, string]> = [
    ['/me/gifts', { points: 0, toMemberId: to }, 400, 'movements.amount_not_positive'],
    ['/me/gifts', { points: -3, toMemberId: to }, 400, 'movements.amount_not_positive'],
    ['/me/gifts', { points: 1.5, toMemberId: to }, 400, 'movements.amount_not_whole'],
    ['/me/gifts', { points: 10_001, toMemberId: to }, 400, 'movements.amount_too_large'],
    ['/me/gifts', { points: 11, toMemberId: to }, 409, 'movements.insufficient_balance'],
    ['/me/gifts', { points: 1, toMemberId: vs[0]!.id }, 400, 'movements.self_gift'],
    ['/me/gifts', { points: 1 }, 400, 'movements.receiver_required'],
    ['/me/gifts', { points: 1, toMemberId: to, toPhone: '13900000000' }, 400, 'movements.receiver_required'],
    ['/me/gifts', { points: 1, toMemberId: 2_000_000_000 }, 404, 'movements.receiver_not_found'],
    ['/me/gifts', { points: 1, toMemberId: officer.id }, 404, 'movements.receiver_not_found'],
    ['/me/gifts', { points: 1, toMemberId: elsewhere.vs[0]!.id }, 403, 'movements.receiver_other_community'],
    ['/me/gifts', { points: 1, toMemberId: disabled.id }, 409, 'movements.receiver_disabled'],
    ['/me/gifts', { points: '1', toMemberId: to }, 400, 'request.invalid'],
    ['/me/donations', { points: 0 }, 400, 'movements.amount_not_positive'],
    ['/me/donations', { points: 2.25 }, 400, 'movements.amount_not_whole'],
    ['/me/donations', { points: 10.5 }, 400, 'movements.amount_not_whole'],
    ['/me/donations', { points: 11 }, 409, 'movements.insufficient_balance'],
  ];
  const before = await snapshot(ctx);
  for (const [path, body, status, code] of cases) {
    const r = await api(ctx).post(path, vs[0], { idempotencyKey: newKey(), ...body });
    assertError(t, r, status, code);
  }
  assertError(
    t,
    await api(ctx).post('/me/gifts', vs[0], { idempotencyKey: 'short', points: 1, toMemberId: to }),
    400,
    'request.invalid',
  );
  // An officer has no points to give; a volunteer is no officer.
  assertError(
    t,
    await api(ctx).post('/me/donations', officer, { idempotencyKey: newKey(), points: 1 }),
    403,
    'auth.forbidden',
  );
  assertError(t, await api(ctx).get('/pool', vs[0]), 403, 'auth.forbidden');
  t.deepEqual(await snapshot(ctx), before);
});

test.serial(
  'above a limit a gift waits; an officer approves (the points move) or rejects (they stay)',
  async (t) => {
    const { officer, vs } = await community(ctx, 100);
    const limits = await ctx
      .request()
      .put('/api/v1/gift-limits')
      .set(officer.auth)
      .send({ perGift: 10, perMonth: 15 });
    t.is(limits.status, 200, JSON.stringify(limits.body));
    t.like(limits.body, { perGift: 10, perMonth: 15 });
    assertError(
      t,
      await ctx.request().put('/api/v1/gift-limits').set(officer.auth).send({ perGift: 0, perMonth: null }),
      400,
      'movements.amount_not_positive',
    );

    const give = (points: number) =>
      api(ctx).post('/me/gifts', vs[0], { idempotencyKey: newKey(), points, toMemberId: vs[1]!.id });
    const big = await give(12);
    t.like(big.body, { status: 'pending', holdReason: 'per_gift' });
    t.is((await balanceOf(ctx, vs[0]!.id)).balance, 10_000, 'a pending gift moves nothing');
    t.like((await give(10)).body, { status: 'done', holdReason: null });
    const overMonth = await give(6);
    t.like(overMonth.body, { status: 'pending', holdReason: 'per_month' });
    t.like((await give(5)).body, { status: 'done' });

    const pending = await api(ctx).get('/gifts/pending', officer);
    t.deepEqual(
      pending.body.gifts.map((g: { id: number; holdReason: string }) => [g.id, g.holdReason]),
      [
        [big.body.id, 'per_gift'],
        [overMonth.body.id, 'per_month'],
      ],
    );
    t.like((await api(ctx).get('/pool', officer)).body, { pendingGifts: 2 });

    // The receiver does not see a gift before it is made.
    t.is((await api(ctx).get('/me/movements', vs[1])).body.movements.length, 2);
    const approved = await api(ctx).post(`/gifts/${big.body.id}/approve`, officer);
    t.is(approved.status, 200, JSON.stringify(approved.body));
    t.like(approved.body, { status: 'done' });
    t.is((await balanceOf(ctx, vs[0]!.id)).balance, 10_000 - 2700);
    t.is((await balanceOf(ctx, vs[1]!.id)).balance, 2700);
    assertError(
      t,
      await api(ctx).post(`/gifts/${big.body.id}/approve`, officer),
      409,
      'movements.invalid_transition',
    );

    const rejected = await api(ctx).post(`/gifts/${overMonth.body.id}/reject`, officer, {
      reason: '请先与家人确认',
    });
    t.like(rejected.body, { status: 'rejected', decisionReason: '请先与家人确认' });
    t.is((await balanceOf(ctx, vs[0]!.id)).balance, 7300);
    assertError(
      t,
      await api(ctx).post(`/gifts/${overMonth.body.id}/approve`, officer),
      409,
      'movements.invalid_transition',
    );

    // The giver withdraws a waiting gift; another community's officer does not find it.
    const third = await give(20);
    const stranger = (await community(ctx, 0, 0)).officer;
    assertError(
      t,
      await api(ctx).post(`/gifts/${third.body.id}/approve`, stranger),
      404,
      'movements.not_found',
    );
    assertError(
      t,
      await api(ctx).post(`/me/gifts/${third.body.id}/cancel`, vs[1]),
      404,
      'movements.not_found',
    );
    t.like((await api(ctx).post(`/me/gifts/${third.body.id}/cancel`, vs[0])).body, { status: 'cancelled' });
    t.deepEqual(await unbalanced(ctx), []);
    const [giverMsg] = await rows<{ kind: string }>(
      ctx,
      sql`SELECT kind FROM notifications WHERE user_id = ${vs[0]!.id} AND kind LIKE 'movements.%' ORDER BY id`,
    );
    t.is(giverMsg?.kind, 'movements.gift_approved');
  },
);

test.serial('an approval the balance no longer covers is refused and the gift keeps waiting', async (t) => {
  const { officer, vs } = await community(ctx, 30);
  const pending = await api(ctx).post('/me/gifts', vs[0], {
    idempotencyKey: newKey(),
    points: 25,
    toMemberId: vs[1]!.id,
  });
  t.is(pending.body.status, 'pending');
  t.is((await api(ctx).post('/me/donations', vs[0], { idempotencyKey: newKey(), points: 10 })).status, 201);
  const before = await snapshot(ctx);
  assertError(
    t,
    await api(ctx).post(`/gifts/${pending.body.id}/approve`, officer),
    409,
    'movements.insufficient_balance',
  );
  t.deepEqual(await snapshot(ctx), before);
  t.is((await api(ctx).get('/gifts/pending', officer)).body.gifts.length, 1);
});

test.serial(
  'donations fill the pool; an officer spends it on a help request; the pool never overdraws',
  async (t) => {
    const { officer, vs } = await community(ctx, 20);
    const d = await api(ctx).post('/me/donations', vs[0], { idempotencyKey: newKey(), points: 8 });
    t.like(d.body, {
      kind: 'donation',
      status: 'done',
      direction: 'out',
      counterpart: { kind: 'pool', id: null },
    });
    t.deepEqual(await balanceOf(ctx, vs[0]!.id), { balance: 1200, lifetime_earned: 2000 });
    t.like((await api(ctx).get('/me/balance', vs[0])).body, {
      spendable: 12,
      lifetimeEarned: 20,
      donated: 8,
    });

    const household = await registerHousehold(ctx, officer);
    const request = await raise(ctx, officer, household);
    const stranger = (await community(ctx, 0, 0)).officer;
    const before = await snapshot(ctx);
    assertError(
      t,
      await api(ctx).post('/pool/spends', officer, {
        idempotencyKey: newKey(),
        points: 9,
        helpRequestId: request,
      }),
      409,
      'movements.insufficient_balance',
    );
    assertError(
      t,
      await api(ctx).post('/pool/spends', officer, {
        idempotencyKey: newKey(),
        points: 0,
        helpRequestId: request,
      }),
      400,
      'movements.amount_not_positive',
    );
    assertError(
      t,
      await api(ctx).post('/pool/spends', stranger, {
        idempotencyKey: newKey(),
        points: 1,
        helpRequestId: request,
      }),
      404,
      'households.request_not_found',
    );
    t.deepEqual(await snapshot(ctx), before);

    const body = { idempotencyKey: newKey(), points: 5, helpRequestId: request, note: '助餐一周' };
    const spend = await api(ctx).post('/pool/spends', officer, body);
    t.is(spend.status, 201, JSON.stringify(spend.body));
    t.like(spend.body, {
      kind: 'pool_spend',
      direction: 'out',
      counterpart: { kind: 'help_request', name: '上门助餐', id: request },
    });
    t.deepEqual((await api(ctx).post('/pool/spends', officer, body)).body, spend.body);
    assertError(
      t,
      await api(ctx).post('/pool/spends', officer, { ...body, points: 6 }),
      409,
      'movements.idempotency_conflict',
    );
    const pool = await api(ctx).get('/pool', officer);
    t.like(pool.body, { balance: 3, donated: 8, donations: 1, spent: 5, spends: 1, pendingGifts: 0 });
    t.is(pool.body.recent.length, 2);
    t.like(pool.body.recent[1], {
      kind: 'donation',
      direction: 'in',
      counterpart: { kind: 'volunteer', id: null },
    });

    // A cancelled request is not funded.
    const gone = await raise(ctx, officer, household);
    t.is((await api(ctx).post(`/help-requests/${gone}/cancel`, officer, { note: '家属已安排' })).status, 200);
    assertError(
      t,
      await api(ctx).post('/pool/spends', officer, {
        idempotencyKey: newKey(),
        points: 1,
        helpRequestId: gone,
      }),
      409,
      'movements.request_not_fundable',
    );
    t.deepEqual(await unbalanced(ctx), []);
  },
);

test.serial("an officer's negative correction of points already given away is refused", async (t) => {
  const { officer, vs } = await community(ctx, 10);
  t.is((await api(ctx).post('/me/donations', vs[0], { idempotencyKey: newKey(), points: 8 })).status, 201);
  const before = await snapshot(ctx);
  const err = await t.throwsAsync(earn(ctx, officer, vs[0]!, -3, 'correction'));
  t.true(err instanceof AppError);
  t.is((err as AppError).code, 'ledger.points_already_spent');
  t.deepEqual(await snapshot(ctx), before);
  // A correction the balance covers goes through: lifetime points and the balance fall together.
  await earn(ctx, officer, vs[0]!, -2, 'correction');
  t.deepEqual(await balanceOf(ctx, vs[0]!.id), { balance: 0, lifetime_earned: 800 });
});

test.serial(
  'the database keeps double entry and balances at zero or above, whatever the code does',
  async (t) => {
    const { vs } = await community(ctx, 5);
    const r = await api(ctx).post('/me/gifts', vs[0], {
      idempotencyKey: newKey(),
      points: 1,
      toMemberId: vs[1]!.id,
    });
    // Lines are history.
    await t.throwsAsync(
      rows(ctx, sql`UPDATE movement_lines SET amount = amount * 2 WHERE movement_id = ${r.body.id}`),
    );
    await t.throwsAsync(rows(ctx, sql`DELETE FROM movement_lines WHERE movement_id = ${r.body.id}`));
    // A balance below zero.
    await t.throwsAsync(rows(ctx, sql`UPDATE accounts SET balance = -1 WHERE user_id = ${vs[0]!.id}`));
    await t.throwsAsync(rows(ctx, sql`UPDATE point_accounts SET balance = -1`));
    // A done movement with a single line (or lines that do not sum to zero) fails at commit.
    const oneLine = inTransaction(ctx.db, async (tx) => {
      const [m] = (
        (await tx.execute(sql`INSERT INTO movements (community_id, kind, status, amount, from_user, to_user, actor_id,
        idempotency_key, request, created_at)
        VALUES (${vs[0]!.communityId}, 'gift', 'done', 100, ${vs[0]!.id}, ${vs[1]!.id}, ${vs[0]!.id}, ${newKey()}, '{}', now())
        RETURNING id`)) as unknown as { rows: Array<{ id: number }> }
      ).rows;
      await tx.execute(sql`INSERT INTO movement_lines (movement_id, user_account, amount, balance_after, created_at)
      VALUES (${m!.id}, ${vs[1]!.id}, 100, 100, now())`);
    });
    t.is(constraintName(await t.throwsAsync(oneLine)), 'movement_balanced');
    const lopsided = inTransaction(ctx.db, async (tx) => {
      const [m] = (
        (await tx.execute(sql`INSERT INTO movements (community_id, kind, status, amount, from_user, to_user, actor_id,
        idempotency_key, request, created_at)
        VALUES (${vs[0]!.communityId}, 'gift', 'done', 100, ${vs[0]!.id}, ${vs[1]!.id}, ${vs[0]!.id}, ${newKey()}, '{}', now())
        RETURNING id`)) as unknown as { rows: Array<{ id: number }> }
      ).rows;
      await tx.execute(sql`INSERT INTO movement_lines (movement_id, user_account, amount, balance_after, created_at)
      VALUES (${m!.id}, ${vs[0]!.id}, -100, 0, now()), (${m!.id}, ${vs[1]!.id}, 90, 90, now())`);
    });
    t.is(constraintName(await t.throwsAsync(lopsided)), 'movement_balanced');
    // A status the lifecycle does not allow.
    await t.throwsAsync(rows(ctx, sql`UPDATE movements SET status = 'pending' WHERE id = ${r.body.id}`));
    t.deepEqual(await unbalanced(ctx), []);
  },
);

test.serial('my movements page with `before` and show no other volunteer beyond a masked name', async (t) => {
  const { vs } = await community(ctx, 10);
  for (let i = 0; i < 5; i++)
    await api(ctx).post('/me/gifts', vs[0], { idempotencyKey: newKey(), points: 1, toMemberId: vs[1]!.id });
  const first = await api(ctx).get('/me/movements?limit=3', vs[0]);
  t.is(first.body.movements.length, 3);
  t.truthy(first.body.nextBefore);
  const second = await api(ctx).get(`/me/movements?limit=3&before=${first.body.nextBefore}`, vs[0]);
  t.is(second.body.movements.length, 2);
  t.is(second.body.nextBefore, null);
  const text = JSON.stringify([first.body, second.body]);
  t.false(text.includes(`"${vs[1]!.id}"`));
  t.false(text.includes('王小红'));
});
