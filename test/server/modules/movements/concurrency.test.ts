/**
 * Movements under concurrency (on PostgreSQL with TEST_DATABASE_URL: a pool of connections, so the
 * requests really overlap; on PGlite they queue on its one connection and must give the same answers):
 * 200 spends at once from one account never overdraw it, 1,000 donations at once into one pool lose
 * none, and the same request sent 20 times at once makes one movement.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../../server/src/http/errors';
import type { AuthUser } from '../../../../server/src/http/route';
import { accounts } from '../../../../server/src/modules/ledger/ledger.table';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { rows } from '../attendance/support';
import { balanceOf, community, earn, newKey, unbalanced } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const asUser = (u: { id: number; communityId: number }): AuthUser => ({
  id: u.id,
  role: 'volunteer',
  communityId: u.communityId,
});

/** Settles every promise: how many answered, and the codes of those refused. */
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

const poolBalance = async (communityId: number) =>
  (
    await rows<{ balance: number }>(
      ctx,
      sql`SELECT balance FROM point_accounts WHERE kind = 'pool' AND community_id = ${communityId}`,
    )
  )[0]?.balance ?? 0;

test.serial(
  '200 spends at once from an account holding 50 points: exactly 50 go through, none overdraws',
  async (t) => {
    const { officer, vs } = await community(ctx, 50, 2);
    await ctx.services.movements.setLimits(officer, { perGift: null, perMonth: null });
    const giver = asUser(vs[0]!);
    const started = Date.now();
    const r = await outcomes(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? ctx.services.movements.donate(giver, { idempotencyKey: newKey(), points: 1 })
          : ctx.services.movements.give(giver, {
              idempotencyKey: newKey(),
              points: 1,
              toMemberId: vs[1]!.id,
            }),
      ),
    );
    t.log(`200 concurrent spends in ${Date.now() - started} ms`);
    t.is(r.ok, 50);
    t.deepEqual(r.codes, { 'movements.insufficient_balance': 150 });
    t.deepEqual(await balanceOf(ctx, giver.id), { balance: 0, lifetime_earned: 5000 });
    const gotByGift = (await balanceOf(ctx, vs[1]!.id)).balance;
    t.is(gotByGift + (await poolBalance(giver.communityId)), 5000, 'every point that left arrived somewhere');
    t.deepEqual(await unbalanced(ctx), []);
  },
);

test.serial('1,000 donations at once into one pool: none lost', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  // 100 volunteers with 10 points each, through the one crediting path
  const made = await ctx.db
    .insert(users)
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        communityId: c.id,
        role: 'volunteer' as const,
        displayName: `捐赠者${i}`,
        wechatOpenid: `donor-${process.pid}-${c.id}-${i}`,
      })),
    )
    .returning({ id: users.id });
  await ctx.db.insert(accounts).values(made.map((u) => ({ userId: u.id, communityId: c.id })));
  for (const u of made)
    await earn(
      ctx,
      officer,
      { ...asUser({ id: u.id, communityId: c.id }), token: '', auth: { Authorization: '' } },
      10,
    );
  const started = Date.now();
  const r = await outcomes(
    Array.from({ length: 1000 }, (_, i) =>
      ctx.services.movements.donate(asUser({ id: made[i % 100]!.id, communityId: c.id }), {
        idempotencyKey: newKey(),
        points: 1,
      }),
    ),
  );
  t.log(`1,000 concurrent donations in ${Date.now() - started} ms`);
  t.is(r.ok, 1000, JSON.stringify(r.codes));
  t.is(await poolBalance(c.id), 100_000);
  const [sums] = await rows<{ held: number; lines: number; n: number }>(
    ctx,
    sql`SELECT (SELECT sum(balance)::int FROM accounts WHERE community_id = ${c.id}) AS held,
               (SELECT count(*)::int FROM movement_lines l JOIN movements m ON m.id = l.movement_id
                 WHERE m.community_id = ${c.id}) AS lines,
               (SELECT count(*)::int FROM movements WHERE community_id = ${c.id}) AS n`,
  );
  t.deepEqual(sums, { held: 0, lines: 2000, n: 1000 });
});

test.serial('the same request sent 20 times at once makes one movement, and all answer it', async (t) => {
  const { vs } = await community(ctx, 10, 2);
  const giver = asUser(vs[0]!);
  const body = { idempotencyKey: newKey(), points: 2, toMemberId: vs[1]!.id };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => ctx.services.movements.give(giver, body)),
  );
  t.is(new Set(answers.map((a) => a.id)).size, 1);
  t.is((await balanceOf(ctx, giver.id)).balance, 800);
  t.is((await balanceOf(ctx, vs[1]!.id)).balance, 200);
});
