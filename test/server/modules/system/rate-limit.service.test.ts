import test from 'ava';
import { sql } from 'drizzle-orm';
import { createRateLimiter } from '../../../../server/src/modules/system/rate-limit.service';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const counters = async () =>
  (
    (await ctx.db.execute(sql`SELECT key, count FROM rate_limits ORDER BY key`)) as unknown as {
      rows: Array<{ key: string; count: number }>;
    }
  ).rows.map((r) => [r.key, Number(r.count)]);

test.serial('a window counts every hit, whatever the database server’s own time is', async (t) => {
  // The test clock is set days away from the real date: the occasional clean-up must not take the
  // current window for an old one (it did when it compared with the database's now()).
  const limiter = createRateLimiter({ db: ctx.db, clock: ctx.clock });
  let last = { allowed: true, count: 0 };
  for (let i = 0; i < 400; i++) last = await limiter.consume('t:count', 1000, 60);
  t.like(last, { allowed: true, count: 400 });
  t.like(await limiter.count('t:count', 60), { count: 400 });
});

test.serial('the clean-up removes windows a day old by the app clock, and only those', async (t) => {
  const limiter = createRateLimiter({ db: ctx.db, clock: ctx.clock });
  await limiter.consume('t:old', 10, 60);
  ctx.clock.advance(2 * 24 * 3600_000);
  const random = Math.random;
  Math.random = () => 0; // the clean-up runs on every hit
  try {
    await limiter.consume('t:new', 10, 60);
    await limiter.consume('t:new', 10, 60);
  } finally {
    Math.random = random;
  }
  const left = await counters();
  t.false(left.some(([k]) => k === 't:old'));
  t.deepEqual(
    left.filter(([k]) => k === 't:new'),
    [['t:new', 2]],
  );
});
