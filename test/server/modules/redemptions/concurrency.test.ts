/**
 * Redemptions under concurrency (on PostgreSQL with TEST_DATABASE_URL the requests really overlap; on
 * PGlite they queue on its one connection and must give the same answers): 50 redemptions at once of
 * an item with 10 in stock redeem exactly 10; one check confirmed 20 times at once (a double tap, a
 * retry, a second cashier) redeems once; one holder redeeming at once more than they hold never
 * overdraws.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../../server/src/http/errors';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { rows } from '../attendance/support';
import { inviteStaff, nextStep } from '../merchants/support';
import { balanceOf, earn, unbalanced } from '../movements/support';
import { asAuth, holder, newItem, redeemKey, shopSetup } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

async function outcomes(list: Array<Promise<unknown>>) {
  const settled = await Promise.allSettled(list);
  const codes: Record<string, number> = {};
  let ok = 0;
  for (const s of settled) {
    if (s.status === 'fulfilled') ok += 1;
    else {
      const code = s.reason instanceof AppError ? s.reason.code : String(s.reason);
      codes[code] = (codes[code] ?? 0) + 1;
    }
  }
  return { ok, codes };
}

/** A valid check of the holder's current code, through the till service (no per-route rate limit). */
async function check(staff: TestUser, code: string) {
  const r = await ctx.services.till.verify(asAuth(staff), code);
  if (!r.valid) throw new Error(`check refused: ${r.reason}`);
  return r.id;
}

const itemState = async (id: number) =>
  (
    await rows<{ stock: number | null; redeemed: number }>(
      ctx,
      sql`SELECT stock, redeemed FROM redemption_items WHERE id = ${id}`,
    )
  )[0]!;
const shopBalance = async (merchantId: number) =>
  (
    await rows<{ balance: number }>(
      ctx,
      sql`SELECT balance FROM point_accounts WHERE kind = 'shop' AND merchant_id = ${merchantId}`,
    )
  )[0]?.balance ?? 0;

test.serial('50 redemptions at once of an item with 10 in stock: exactly 10 go through', async (t) => {
  const { officer, shop } = await shopSetup(ctx);
  const item = await newItem(ctx, shop.owner, { stock: 10, points: 2 });
  const holders = [];
  for (let i = 0; i < 50; i++) holders.push(await holder(ctx, officer, 0)); // 3 points each
  const staff = [shop.owner, await inviteStaff(ctx, shop.owner), await inviteStaff(ctx, shop.owner)];
  const checks: Array<{ staff: TestUser; id: number }> = [];
  for (const [i, h] of holders.entries()) {
    const s = staff[i % staff.length]!;
    checks.push({ staff: s, id: await check(s, h.device.code()) });
  }
  const { ok, codes } = await outcomes(
    checks.map((c) =>
      ctx.services.redemptions.redeem(asAuth(c.staff), c.id, {
        idempotencyKey: redeemKey(),
        itemId: item.id,
      }),
    ),
  );
  t.is(ok, 10, JSON.stringify(codes));
  t.deepEqual(codes, { 'redemptions.out_of_stock': 40 });
  t.deepEqual(await itemState(item.id), { stock: 0, redeemed: 10 });
  t.is(await shopBalance(shop.id), 10 * 200);
  const spent = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM accounts WHERE user_id = ANY(${sql.raw(`ARRAY[${holders.map((h) => h.v.id).join(',')}]`)}) AND balance = 100`,
  );
  t.is(spent[0]!.n, 10);
  const [r] = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM redemptions WHERE item_id = ${item.id}`,
  );
  t.is(r!.n, 10);
  t.deepEqual(await unbalanced(ctx), []);
});

test.serial(
  'one check confirmed 20 times at once redeems once; the same key answers the same redemption',
  async (t) => {
    const { officer, shop } = await shopSetup(ctx);
    const item = await newItem(ctx, shop.owner, { stock: null, points: 1 });
    const { v, device } = await holder(ctx, officer, 7); // 10 points
    nextStep(ctx);
    const id = await check(shop.owner, device.code());
    const key = redeemKey();
    const same = await outcomes(
      Array.from({ length: 10 }, () =>
        ctx.services.redemptions.redeem(asAuth(shop.owner), id, { idempotencyKey: key, itemId: item.id }),
      ),
    );
    const others = await outcomes(
      Array.from({ length: 10 }, () =>
        ctx.services.redemptions.redeem(asAuth(shop.owner), id, {
          idempotencyKey: redeemKey(),
          itemId: item.id,
        }),
      ),
    );
    t.is(same.ok, 10, JSON.stringify(same.codes));
    t.is(others.ok, 0);
    t.deepEqual(others.codes, { 'redemptions.check_used': 10 });
    t.is((await balanceOf(ctx, v.id)).balance, 900);
    t.deepEqual(await itemState(item.id), { stock: null, redeemed: 1 });
  },
);

test.serial('one holder redeeming at once more than they hold never overdraws', async (t) => {
  const { officer, shop } = await shopSetup(ctx);
  const item = await newItem(ctx, shop.owner, { stock: null, points: 3 });
  const { v, device } = await holder(ctx, officer, 0); // 3 points
  await earn(ctx, officer, v, 6); // 9 points: three redemptions
  const staff = [shop.owner];
  for (let i = 0; i < 9; i++) staff.push(await inviteStaff(ctx, shop.owner));
  // Ten checks of one holder (each at its own step of the code), confirmed all at once.
  const checks: Array<{ staff: TestUser; id: number }> = [];
  for (const s of staff) {
    nextStep(ctx);
    checks.push({ staff: s, id: await check(s, device.code()) });
  }
  const { ok, codes } = await outcomes(
    checks.map((c) =>
      ctx.services.redemptions.redeem(asAuth(c.staff), c.id, {
        idempotencyKey: redeemKey(),
        itemId: item.id,
      }),
    ),
  );
  t.is(ok, 3, JSON.stringify(codes));
  t.deepEqual(codes, { 'movements.insufficient_balance': 7 });
  t.is((await balanceOf(ctx, v.id)).balance, 0);
  t.is(await shopBalance(shop.id), 900);
  t.deepEqual(await unbalanced(ctx), []);
});
