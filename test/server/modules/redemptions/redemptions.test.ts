/**
 * Redeeming items for points at the till: the owner's items (stock, dates, lifecycle), the staff's
 * redemption after a valid check (one movement to the shop's redemption account, the stock down by
 * one, single use), the idempotency key, and every refusal — a 4xx with a stable code that changes
 * nothing.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { rows } from '../attendance/support';
import {
  api,
  assertError,
  inviteStaff,
  nextStep,
  notificationKinds,
  shop,
  validCheck,
  verify,
} from '../merchants/support';
import { balanceOf, snapshot, unbalanced } from '../movements/support';
import { holder, itemBody, newItem, redeem, redeemKey, shopSetup } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const shopBalance = async (merchantId: number) =>
  (
    await rows<{ balance: number }>(
      ctx,
      sql`SELECT balance FROM point_accounts WHERE kind = 'shop' AND merchant_id = ${merchantId}`,
    )
  )[0]?.balance ?? null;

test.serial(
  'staff redeem an item after a valid check: one movement to the shop, stock down by one, the holder told',
  async (t) => {
    const { officer, shop } = await shopSetup(ctx);
    const item = await newItem(ctx, shop.owner);
    t.is(item.stock, 5);
    const { v, device } = await holder(ctx, officer); // 30 points
    const listed = await api(ctx).get(`/alliance/merchants/${shop.id}/redemption-items`, v);
    t.is(listed.status, 200, JSON.stringify(listed.body));
    t.deepEqual(
      listed.body.items.map((i: { id: number; redeemable: boolean; points: number }) => [
        i.id,
        i.redeemable,
        i.points,
      ]),
      [[item.id, true, 10]],
    );
    t.is(await shopBalance(shop.id), null, 'no shop account before the first redemption');

    const cashier = await inviteStaff(ctx, shop.owner);
    const check = await validCheck(ctx, cashier, device.code());
    const key = redeemKey();
    const r = await redeem(ctx, cashier, check, item.id, key);
    t.is(r.status, 201, JSON.stringify(r.body));
    t.is(r.body.points, 10);
    t.is(r.body.spendableAfter, 20);
    t.is(r.body.verificationId, check);
    t.deepEqual(r.body.item, { id: item.id, title: '10 元代金券' });
    t.is(r.body.valueFen, 1000);

    const after = await balanceOf(ctx, v.id);
    t.is(after.balance, 2000);
    t.is(after.lifetime_earned, 3000, 'spending never touches lifetime points');
    t.is(await shopBalance(shop.id), 1000);
    const moved = await rows<{ kind: string; amount: number; lines: number }>(
      ctx,
      sql`SELECT m.kind::text, m.amount, (SELECT count(*)::int FROM movement_lines l WHERE l.movement_id = m.id) AS lines
        FROM movements m WHERE m.id = ${r.body.movementId}`,
    );
    t.deepEqual(moved, [{ kind: 'redemption', amount: 1000, lines: 2 }]);
    t.deepEqual(await unbalanced(ctx), []);
    const own = await api(ctx).get('/merchants/me/redemption-items', shop.owner);
    t.like(own.body.items[0], { id: item.id, stock: 4, redeemed: 1, status: 'published' });
    t.true((await notificationKinds(ctx, v)).includes('redemptions.redeemed'));

    // The holder's movements name the shop; both sides list the redemption.
    const mine = await api(ctx).get('/me/movements', v);
    t.like(mine.body.movements[0], {
      kind: 'redemption',
      direction: 'out',
      points: 10,
      counterpart: { kind: 'shop', name: '积分小店', id: shop.id },
    });
    const myList = await api(ctx).get('/me/redemptions', v);
    t.is(myList.body.redemptions.length, 1);
    const shopList = await api(ctx).get('/merchants/me/redemptions', shop.owner);
    t.is(shopList.body.redemptions[0].id, r.body.id);

    // A retry with the same key answers the first redemption and changes nothing.
    const before = await snapshot(ctx);
    const again = await redeem(ctx, cashier, check, item.id, key);
    t.is(again.status, 201, JSON.stringify(again.body));
    t.is(again.body.id, r.body.id);
    t.deepEqual(await snapshot(ctx), before);
    // The same key for something else is refused; a new key on the used check too.
    const other = await newItem(ctx, shop.owner, { title: '免费理发', points: 5 });
    assertError(t, await redeem(ctx, cashier, check, other.id, key), 409, 'redemptions.idempotency_conflict');
    assertError(t, await redeem(ctx, cashier, check, other.id), 409, 'redemptions.check_used');
    assertError(t, await redeem(ctx, shop.owner, check, other.id), 409, 'redemptions.check_used');
    t.deepEqual(await snapshot(ctx), before);
  },
);

test.serial(
  'a screenshot (the code used again) is refused at the check; no redemption rides on a refused check',
  async (t) => {
    const { officer, shop } = await shopSetup(ctx);
    const item = await newItem(ctx, shop.owner);
    const { device } = await holder(ctx, officer);
    const code = device.code();
    await validCheck(ctx, shop.owner, code);
    const reused = await verify(ctx, shop.owner, code);
    t.false(reused.body.valid);
    t.is(reused.body.reason, 'verify.code_reused');
    const before = await snapshot(ctx);
    assertError(t, await redeem(ctx, shop.owner, reused.body.id, item.id), 409, 'verify.not_valid');
    assertError(t, await redeem(ctx, shop.owner, 2_000_000_000, item.id), 404, 'verify.not_found');
    t.deepEqual(await snapshot(ctx), before);
  },
);

test.serial('every bad redemption is a 4xx with a stable code and changes nothing', async (t) => {
  const { c, officer, shop: s } = await shopSetup(ctx);
  const { device, v } = await holder(ctx, officer, 2); // 5 points
  const cheap = await newItem(ctx, s.owner, { points: 1, stock: 10 });
  const dear = await newItem(ctx, s.owner, { points: 6 });
  const empty = await newItem(ctx, s.owner, { stock: 0, points: 1 });
  const expired = await newItem(ctx, s.owner, { points: 1 });
  // Over since yesterday (an owner cannot set dates already over: the database can hold them).
  await ctx.db.execute(
    sql`UPDATE redemption_items SET valid_from = '2026-11-01', valid_to = '2026-11-24' WHERE id = ${expired.id}`,
  );
  const later = await newItem(ctx, s.owner, { validFrom: '2026-12-01', points: 1 });
  const hidden = await newItem(ctx, s.owner, { points: 1 });
  const patch = (id: number, body: object, user = s.owner) =>
    ctx.request().patch(`/api/v1/merchants/me/redemption-items/${id}`).set(user.auth).send(body);
  t.is((await patch(hidden.id, { status: 'hidden' })).status, 200);
  const ended = await newItem(ctx, s.owner, { points: 1 });
  t.is((await patch(ended.id, { status: 'ended' })).status, 200);
  const down = await newItem(ctx, s.owner, { points: 1 });
  t.is(
    (await api(ctx).post(`/redemption-items/${down.id}/take-down`, officer, { reason: '虚假宣传' })).status,
    200,
  );
  const otherShop = await shop(ctx, officer, { name: '隔壁店' });
  const foreign = await newItem(ctx, otherShop.owner, { points: 1 });

  const fresh = async () => {
    nextStep(ctx);
    return validCheck(ctx, s.owner, device.code());
  };
  const before = await snapshot(ctx);
  const cases: Array<[number, number, string]> = [
    [dear.id, 409, 'movements.insufficient_balance'],
    [empty.id, 409, 'redemptions.out_of_stock'],
    [expired.id, 409, 'redemptions.item_expired'],
    [hidden.id, 409, 'redemptions.item_unavailable'],
    [ended.id, 409, 'redemptions.item_unavailable'],
    [down.id, 409, 'redemptions.item_unavailable'],
    [foreign.id, 404, 'redemptions.item_not_found'],
  ];
  for (const [itemId, status, code] of cases) {
    assertError(t, await redeem(ctx, s.owner, await fresh(), itemId), status, code);
  }
  t.deepEqual(await snapshot(ctx), before);
  // another shop's check is not found there
  const check = await fresh();
  assertError(t, await redeem(ctx, otherShop.owner, check, foreign.id), 404, 'verify.not_found');
  // too old a check
  ctx.clock.advance(11 * 60_000);
  assertError(t, await redeem(ctx, s.owner, check, cheap.id), 409, 'redemptions.check_expired');
  // not started yet
  nextStep(ctx);
  const early = await validCheck(ctx, s.owner, device.code());
  assertError(t, await redeem(ctx, s.owner, early, later.id), 409, 'redemptions.item_not_started');
  // 通存通兑 narrowed after the check: the holder's community now honours only itself elsewhere
  nextStep(ctx);
  const honoured = await validCheck(ctx, s.owner, device.code());
  t.is(v.communityId, c.id);
  t.deepEqual(await snapshot(ctx), before);
  const r = await redeem(ctx, s.owner, honoured, cheap.id);
  t.is(r.status, 201, JSON.stringify(r.body));
});

test.serial(
  'a check in another community, honoured at the check, is refused once the policy narrows',
  async (t) => {
    const { shop: s } = await shopSetup(ctx);
    const item = await newItem(ctx, s.owner, { points: 1 });
    const elsewhere = await ctx.addCommunity();
    const officerB = await ctx.addUser('officer', elsewhere.id);
    const { device } = await holder(ctx, officerB, 0);
    nextStep(ctx);
    const check = await validCheck(ctx, s.owner, device.code());
    await ctx.db.execute(
      sql`UPDATE communities SET acceptance_scope = 'own_community' WHERE id = ${elsewhere.id}`,
    );
    const before = await snapshot(ctx);
    assertError(t, await redeem(ctx, s.owner, check, item.id), 403, 'redemptions.outside_area');
    t.deepEqual(await snapshot(ctx), before);
  },
);

test.serial("an alliance member's credential redeems nothing", async (t) => {
  const { officer, shop: s } = await shopSetup(ctx);
  const item = await newItem(ctx, s.owner, { points: 1 });
  const other = await shop(ctx, officer, { name: '会员店' });
  const r = await ctx
    .request()
    .post('/api/v1/me/till-device')
    .set(other.owner.auth)
    .send({ label: '店主手机' });
  t.is(r.status, 201, JSON.stringify(r.body));
  const { tillCode } = await import('@timebank/shared');
  nextStep(ctx);
  const check = await validCheck(
    ctx,
    s.owner,
    tillCode(r.body.deviceId, r.body.secretHex, ctx.clock.now().getTime()),
  );
  assertError(t, await redeem(ctx, s.owner, check, item.id), 409, 'redemptions.not_a_certificate');
});

test.serial(
  'owners manage items: staff cannot, dates are checked, ended is final, stock can be set',
  async (t) => {
    const { officer, shop: s } = await shopSetup(ctx);
    const cashier = await inviteStaff(ctx, s.owner);
    assertError(
      t,
      await api(ctx).post('/merchants/me/redemption-items', cashier, itemBody()),
      403,
      'merchants.owner_only',
    );
    for (const dates of [
      { validFrom: '2026-12-10', validTo: '2026-12-01' },
      { validFrom: '2026-11-01', validTo: '2026-11-20' },
      { validFrom: '2026-11-25', validTo: '2027-12-31' },
    ])
      assertError(
        t,
        await api(ctx).post('/merchants/me/redemption-items', s.owner, itemBody(dates)),
        400,
        'redemptions.invalid_dates',
      );
    const bad = await api(ctx).post('/merchants/me/redemption-items', s.owner, itemBody({ points: 0 }));
    t.is(bad.status, 400);
    const item = await newItem(ctx, s.owner);
    const patch = (body: object) =>
      ctx.request().patch(`/api/v1/merchants/me/redemption-items/${item.id}`).set(s.owner.auth).send(body);
    const stocked = await patch({ stock: null, points: 12 });
    t.is(stocked.status, 200, JSON.stringify(stocked.body));
    t.is(stocked.body.stock, null);
    t.is(stocked.body.points, 12);
    t.is((await patch({ status: 'ended' })).body.status, 'ended');
    assertError(t, await patch({ status: 'published' }), 409, 'redemptions.invalid_transition');
    assertError(
      t,
      await api(ctx).post(`/redemption-items/${item.id}/take-down`, officer, { reason: '重复' }),
      409,
      'redemptions.invalid_transition',
    );
    const listed = await api(ctx).get(`/alliance/merchants/${s.id}/redemption-items`, officer);
    t.deepEqual(listed.body.items, []);
    // The database refuses a move the lifecycle does not give, whoever writes it.
    await t.throwsAsync(
      ctx.db.execute(sql`UPDATE redemption_items SET status = 'published' WHERE id = ${item.id}`),
    );
    await t.throwsAsync(ctx.db.execute(sql`UPDATE redemption_items SET stock = -1 WHERE id = ${item.id}`));
    await t.throwsAsync(ctx.db.execute(sql`DELETE FROM redemptions`));
  },
);
