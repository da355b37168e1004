import { sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { ledger } from '../../../../server/src/modules/ledger/ledger.service';
import type { TestContext, TestUser } from '../../../helpers/context';
import { rows } from '../attendance/support';

/** Sources no real row uses: one per credit made by these tests. */
let source = 700_000 + (process.pid % 1000) * 1000;

/** Credits `points` to the volunteer through the one crediting path (as an officer's adjustment). */
export async function earn(
  ctx: TestContext,
  officer: TestUser,
  v: TestUser,
  points: number,
  kind: 'earn' | 'correction' = 'earn',
) {
  return inTransaction(ctx.db, (tx) =>
    ledger.credit(tx, {
      holder: { userId: v.id, communityId: v.communityId },
      amount: Math.round(points * 100),
      minutes: 0 === points ? 1 : Math.round(points * 60),
      kind,
      reason: '测试入账',
      source: { type: 'adjustment', id: ++source },
      activityId: null,
      causedBy: officer.id,
      message: { title: '入账', body: '测试' },
      now: ctx.clock.now(),
    }),
  );
}

let key = 0;
/** A fresh idempotency key. */
export const newKey = () => `test-key-${process.pid}-${++key}`;

/** The community with an officer and volunteers, the first with `points` to spend. */
export async function community(ctx: TestContext, points = 30, volunteers = 2) {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const vs: TestUser[] = [];
  for (let i = 0; i < volunteers; i++)
    vs.push(await ctx.addUser('volunteer', c.id, { displayName: `王小${'明红刚'[i] ?? i}` }));
  if (points > 0) await earn(ctx, officer, vs[0]!, points);
  return { c, officer, vs };
}

export interface Snapshot {
  accounts: Array<{ user_id: number; balance: number; lifetime_earned: number }>;
  points: Array<{ id: number; kind: string; balance: number }>;
  movements: number;
  lines: number;
}

/** Everything a refused movement must leave as it was. */
export async function snapshot(ctx: TestContext): Promise<Snapshot> {
  const [m] = await rows<{ n: number }>(ctx, sql`SELECT count(*)::int AS n FROM movements`);
  const [l] = await rows<{ n: number }>(ctx, sql`SELECT count(*)::int AS n FROM movement_lines`);
  return {
    accounts: await rows(ctx, sql`SELECT user_id, balance, lifetime_earned FROM accounts ORDER BY user_id`),
    points: await rows(ctx, sql`SELECT id, kind::text, balance FROM point_accounts ORDER BY id`),
    movements: m!.n,
    lines: l!.n,
  };
}

export async function balanceOf(ctx: TestContext, userId: number) {
  const [a] = await rows<{ balance: number; lifetime_earned: number }>(
    ctx,
    sql`SELECT balance, lifetime_earned FROM accounts WHERE user_id = ${userId}`,
  );
  return a ?? { balance: 0, lifetime_earned: 0 };
}

/** Problems with double entry across the database: a done movement not of two lines summing to zero. */
export async function unbalanced(ctx: TestContext) {
  return rows<{ id: number }>(
    ctx,
    sql`SELECT m.id FROM movements m LEFT JOIN movement_lines l ON l.movement_id = m.id
        GROUP BY m.id, m.status
        HAVING count(l.id) <> CASE WHEN m.status = 'done' THEN 2 ELSE 0 END OR coalesce(sum(l.amount), 0) <> 0`,
  );
}
