import test from 'ava';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { type Credit, ledger } from '../../../../server/src/modules/ledger/ledger.service';
import { certifiedVolunteer } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

type Row = { community_id: number; day: string; amount: number; minutes: number; lines: number };
const rowsOf = (r: unknown) =>
  ((r as { rows: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[])).map((x) => ({
    community_id: Number(x.community_id),
    day: String(x.day),
    amount: Number(x.amount),
    minutes: Number(x.minutes),
    lines: Number(x.lines),
  })) as Row[];

/** The rollup, and the same figures summed straight from the lines, for some communities. */
async function both(ids: number[]) {
  const list = sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );
  const rollup = rowsOf(
    await ctx.db.execute(sql`SELECT community_id, to_char(day, 'YYYY-MM-DD') AS day, amount, minutes, lines
      FROM ledger_daily WHERE community_id IN (${list}) ORDER BY community_id, day`),
  );
  const direct = rowsOf(
    await ctx.db.execute(sql`SELECT community_id,
        to_char((created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS day,
        sum(amount) AS amount, sum(minutes) AS minutes, count(*) AS lines
      FROM ledger_entries WHERE community_id IN (${list}) GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  return { rollup, direct };
}

let source = 900_000;
function line(
  userId: number,
  communityId: number,
  causedBy: number,
  amount: number,
  minutes: number,
): Omit<Credit, 'now'> {
  return {
    holder: { userId, communityId },
    amount,
    minutes,
    kind: amount > 0 ? 'earn' : 'correction',
    reason: '测试',
    source: { type: 'adjustment', id: ++source },
    activityId: null,
    causedBy,
    message: { title: '测试', body: '测试' },
  };
}
const post = (l: Omit<Credit, 'now'>, at: string) =>
  inTransaction(ctx.db, (tx) => ledger.credit(tx, { ...l, now: new Date(at) }));

test.serial('the daily rollup equals the lines summed per local day, midnight included', async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity('隔壁社区', { districtId: c.districtId });
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const w = await ctx.addUser('volunteer', other.id);
  // Asia/Shanghai is UTC+8: 15:59Z is 23:59 local, 16:00Z is midnight, 16:01Z is 00:01 the next day.
  await post(line(v.id, c.id, officer.id, 150, 90), '2026-11-23T15:59:00Z');
  await post(line(v.id, c.id, officer.id, 200, 120), '2026-11-23T16:00:00Z');
  await post(line(v.id, c.id, officer.id, 100, 60), '2026-11-23T16:01:00Z');
  await post(line(v.id, c.id, officer.id, -50, -30), '2026-11-24T15:59:59.999Z'); // a correction, 23:59:59.999
  await post(line(w.id, other.id, officer.id, 300, 180), '2026-11-23T15:59:00Z');
  // A retried source adds no line, so nothing to the rollup.
  const again = line(v.id, c.id, officer.id, 100, 60);
  await post(again, '2026-11-24T03:00:00Z');
  const dup = await post(again, '2026-11-24T03:00:00Z');
  t.true(dup.duplicate);
  // A transaction that rolls back leaves the rollup as it was.
  await t.throwsAsync(
    inTransaction(ctx.db, async (tx) => {
      await ledger.credit(tx, {
        ...line(v.id, c.id, officer.id, 700, 420),
        now: new Date('2026-11-24T03:00:00Z'),
      });
      throw new Error('rolled back');
    }),
    { message: 'rolled back' },
  );
  // Credits and a correction through the real attendance path (at the test clock, 10:00 local).
  const officerAuth = { id: officer.id, role: 'officer' as const, communityId: c.id };
  const x = await certifiedVolunteer(ctx, officer);
  const [att] = rowsOfAttendance(
    await ctx.db.execute(sql`SELECT id FROM attendances WHERE user_id = ${x.id} ORDER BY id LIMIT 1`),
  );
  await ctx.services.attendance.adjustAttendance(officerAuth, att!, { minutes: 60, reason: '记错了时长' });

  const { rollup, direct } = await both([c.id, other.id]);
  t.deepEqual(rollup, direct);
  const day = (id: number, d: string) => rollup.find((r) => r.community_id === id && r.day === d);
  t.like(day(c.id, '2026-11-23'), { amount: 150, minutes: 90, lines: 1 });
  t.like(day(c.id, '2026-11-24'), { amount: 200 + 100 + 100 - 50, minutes: 120 + 60 + 60 - 30, lines: 4 });
  t.like(day(other.id, '2026-11-23'), { amount: 300, minutes: 180, lines: 1 });
  // The attendance credit (3 hours, 3 points) and its correction (down to 1 hour) on the clock's day.
  t.like(day(c.id, '2026-11-25'), { amount: 300 - 200, minutes: 180 - 120, lines: 2 });
});

function rowsOfAttendance(r: unknown) {
  return ((r as { rows: Record<string, unknown>[] }).rows ?? (r as Record<string, unknown>[])).map((x) =>
    Number(x.id),
  );
}

test.serial(
  'the dashboard series read from the rollup give the figures of the lines themselves',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const now = ctx.clock.now(); // 2026-11-25T02:00Z, 10:00 local
    const since = new Date(now.getTime() - 26 * 7 * 24 * 3600_000); // 2026-05-27T02:00Z, 10:00 local
    const at = (ms: number) => new Date(since.getTime() + ms).toISOString();
    const H = 3600_000;
    // The first local day of the window is partial: lines before 10:00 that day are out, after it in.
    await post(line(v.id, c.id, officer.id, 400, 240), at(-1 * H)); // 09:00 local: out
    await post(line(v.id, c.id, officer.id, 100, 60), at(1 * H)); // 11:00: in
    await post(line(v.id, c.id, officer.id, 250, 150), at(14 * H - 60_000)); // 23:59: in, first day
    await post(line(v.id, c.id, officer.id, 50, 30), at(14 * H + 60_000)); // 00:01 the next day
    await post(line(v.id, c.id, officer.id, -25, -15), at(14 * H + 120_000)); // a correction
    await post(line(v.id, c.id, officer.id, 300, 180), at(100 * 24 * H + 5 * H)); // some months later
    await post(line(v.id, c.id, officer.id, 120, 72), new Date(now.getTime() - 60_000).toISOString());

    const r = await ctx.request().get('/api/v1/dashboard').set(officer.auth);
    t.is(r.status, 200, JSON.stringify(r.body));
    const direct = async (unit: 'week' | 'month') =>
      (
        (await ctx.db.execute(sql`SELECT to_char(date_trunc(${unit}, created_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS start,
          sum(minutes) AS minutes, sum(amount) AS amount
        FROM ledger_entries WHERE community_id = ${c.id} AND created_at >= ${since.toISOString()}::timestamptz
        GROUP BY 1 ORDER BY 1`)) as unknown as { rows: Record<string, unknown>[] }
      ).rows.map((x) => ({
        start: String(x.start),
        hours: Math.round((Number(x.minutes) / 60) * 100) / 100,
        points: Number(x.amount) / 100,
      }));
    t.deepEqual(r.body.service.byWeek, await direct('week'));
    t.deepEqual(r.body.service.byMonth, await direct('month'));
    // The 09:00 line is not counted; the 11:00 and 23:59 ones are, in the first week.
    t.deepEqual(r.body.service.byWeek[0], { start: '2026-05-25', hours: 1 + 2.5 + 0.5 - 0.25, points: 3.75 });
    t.is(
      r.body.service.byMonth.reduce((s: number, m: { points: number }) => s + m.points, 0),
      1 + 2.5 + 0.5 - 0.25 + 3 + 1.2,
    );
  },
);

test.serial('concurrent credits in one community all reach its day', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const vols = await Promise.all(Array.from({ length: 12 }, () => ctx.addUser('volunteer', c.id)));
  await Promise.all(
    vols.flatMap((v) => [
      post(line(v.id, c.id, officer.id, 100, 60), '2026-11-25T01:00:00Z'),
      post(line(v.id, c.id, officer.id, 200, 120), '2026-11-25T01:30:00Z'),
    ]),
  );
  const { rollup, direct } = await both([c.id]);
  t.deepEqual(rollup, direct);
  t.deepEqual(rollup, [{ community_id: c.id, day: '2026-11-25', amount: 3600, minutes: 2160, lines: 24 }]);
});

test.serial('batches crediting two communities in opposite orders all land, once each', async (t) => {
  const a = await ctx.addCommunity();
  const b = await ctx.addCommunity('对面社区', { districtId: a.districtId });
  const admin = await ctx.addUser('district_admin', a.id);
  const inA = await Promise.all(Array.from({ length: 10 }, () => ctx.addUser('volunteer', a.id)));
  const inB = await Promise.all(Array.from({ length: 10 }, () => ctx.addUser('volunteer', b.id)));
  // Each transaction credits one volunteer in each community; half go A then B, half B then A, so on
  // PostgreSQL their commits take the two days' rollup rows in opposite orders (deadlocks retried).
  const at = new Date('2026-11-25T01:00:00Z');
  await Promise.all(
    inA.map((va, i) => {
      const vb = inB[i]!;
      const pair = [line(va.id, a.id, admin.id, 100, 60), line(vb.id, b.id, admin.id, 100, 60)];
      const ordered = i % 2 ? pair.reverse() : pair;
      return inTransaction(ctx.db, async (tx) => {
        for (const l of ordered) await ledger.credit(tx, { ...l, now: at });
      });
    }),
  );
  const { rollup, direct } = await both([a.id, b.id]);
  t.deepEqual(rollup, direct);
  t.deepEqual(
    rollup.map((r) => [r.community_id, r.lines, r.amount]),
    [
      [a.id, 10, 1000],
      [b.id, 10, 1000],
    ],
  );
});
