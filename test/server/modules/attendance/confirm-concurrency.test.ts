/**
 * Races on crediting. On PostgreSQL (TEST_DATABASE_URL) these are real: the requests share a pool of
 * ten connections and meet on row locks. On PGlite they run one transaction at a time.
 */
import { pointsForMinutes } from '@timebank/shared';
import test from 'ava';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  account,
  adjust,
  attended,
  certificatesOf,
  confirm,
  ledgerProblems,
  ledgerRows,
  manual,
  moveTo,
  newActivity,
  play,
  rows,
  type Step,
} from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

async function certificateSeq(communityId: number) {
  const [r] = await rows<{ certificate_seq: number }>(
    ctx,
    sql`SELECT certificate_seq FROM communities WHERE id = ${communityId}`,
  );
  return r!.certificate_seq;
}

/** What the server logged as unhandled since log line `from` (e.g. "deadlock detected"), counted by message. */
function serverErrors(from: number) {
  const seen: Record<string, number> = {};
  for (const line of ctx.logs.slice(from)) {
    const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
    if (entry.msg !== 'unhandled error') continue;
    const key = String(entry.err?.message).split('\n').pop()!;
    seen[key] = (seen[key] ?? 0) + 1;
  }
  return seen;
}

async function volunteers(communityId: number, n: number): Promise<TestUser[]> {
  const out: TestUser[] = [];
  for (let i = 0; i < n; i++) out.push(await ctx.addUser('volunteer', communityId));
  return out;
}

/** 1,000 on PostgreSQL, where they are real races; PGlite runs them one at a time, so fewer do. */
const DUPLICATES = process.env.TEST_DATABASE_URL ? 1000 : 200;

test.serial(`${DUPLICATES} concurrent confirmations of one attendance credit it exactly once`, async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const colleague = await ctx.addUser('officer', c.id);
  const [v] = await volunteers(c.id, 1);
  const { ids } = await attended(ctx, officer, [v!], { minutes: 120, pointsPerHour: 1 });
  const id = ids[0]!;

  const logged = ctx.logs.length;
  const results = await Promise.all(
    Array.from({ length: DUPLICATES }, (_, i) => confirm(ctx, i % 2 ? officer : colleague, [id])),
  );
  t.deepEqual(serverErrors(logged), {});
  t.deepEqual(
    results.filter((r) => r.status !== 200).map((r) => [r.status, r.body]),
    [],
  );
  const fresh = results.filter((r) => r.body.confirmed[0].alreadyConfirmed === false);
  t.is(fresh.length, 1, 'exactly one request did the crediting');
  t.true(results.every((r) => r.body.confirmed[0].id === id && r.body.confirmed[0].points === 2));

  const lines = await ledgerRows(ctx, v!.id);
  t.is(lines.length, 1);
  t.like(lines[0], { amount: 200, balance_after: 200 });
  t.like(await account(ctx, v!.id), { balance: 200, lifetime_earned: 200, lifetime_minutes: 120 });
  const [att] = await rows<{ status: string; credited_points: number }>(
    ctx,
    sql`SELECT status::text AS status, credited_points FROM attendances WHERE id = ${id}`,
  );
  t.deepEqual(att, { status: 'confirmed', credited_points: 200 });
  const [credited] = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${v!.id} AND kind = 'ledger.credited'`,
  );
  t.is(credited!.n, 1, 'the volunteer is told once');
});

test.serial('concurrent confirmations of 50 volunteers lose no update', async (t) => {
  const c = await ctx.addCommunity();
  const officers = [await ctx.addUser('officer', c.id), await ctx.addUser('officer', c.id)];
  const vs = await volunteers(c.id, 50);
  // 3 points each: every one of them also crosses the certificate threshold at the same time
  const { ids } = await attended(ctx, officers[0]!, vs, { minutes: 120, pointsPerHour: 1.5 });

  const results = await Promise.all(ids.map((id, i) => confirm(ctx, officers[i % 2]!, [id])));
  t.deepEqual(
    results.filter((r) => r.status !== 200).map((r) => [r.status, r.body]),
    [],
  );
  let sum = 0;
  for (const v of vs) {
    const a = await account(ctx, v.id);
    t.is(a?.balance, 300, `volunteer ${v.id}`);
    t.is((await ledgerRows(ctx, v.id)).length, 1);
    sum += a?.balance ?? 0;
  }
  t.is(sum, 50 * 300);
  const [total] = await rows<{ n: number; s: number }>(
    ctx,
    sql`SELECT count(*)::int AS n, COALESCE(SUM(amount), 0)::int AS s FROM ledger_entries WHERE community_id = ${c.id}`,
  );
  t.deepEqual(total, { n: 50, s: 15_000 });

  // 50 certificates with 50 different serials from the community's counter
  const serials = (
    await rows<{ serial: string }>(ctx, sql`SELECT serial FROM certificates WHERE community_id = ${c.id}`)
  ).map((r) => r.serial);
  t.is(serials.length, 50);
  t.deepEqual(
    [...serials].sort(),
    Array.from({ length: 50 }, (_, i) => `${c.code}-2026-${String(i + 1).padStart(6, '0')}`),
  );
  t.is(await certificateSeq(c.id), 50);
});

test.serial('concurrent batches that share volunteers in opposite orders all succeed', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const [x, y] = await volunteers(c.id, 2);
  const acts = [];
  // one after another: nobody can be checked in at two overlapping activities
  for (let k = 0; k < 12; k++)
    acts.push(await newActivity(ctx, officer, { startsIn: 10 + k * 70, minutes: 60, pointsPerHour: 1 }));
  // for even activities x checks in first, for odd ones y: the batches lock the two accounts in opposite orders
  const steps: Step[] = [];
  acts.forEach((act, k) => {
    const [first, second] = k % 2 ? [y!, x!] : [x!, y!];
    steps.push({ act, volunteer: first, kind: 'in', at: 0 }, { act, volunteer: second, kind: 'in', at: 0 });
    steps.push({ act, volunteer: x!, kind: 'out', at: 60 }, { act, volunteer: y!, kind: 'out', at: 60 });
  });
  const ids = await play(ctx, officer, steps);

  const logged = ctx.logs.length;
  const results = await Promise.all(
    acts.map((act) =>
      confirm(ctx, officer, [ids.get(`${act.id}:${x!.id}`)!, ids.get(`${act.id}:${y!.id}`)!]),
    ),
  );
  t.deepEqual(serverErrors(logged), {});
  t.deepEqual(
    results.filter((r) => r.status !== 200).map((r) => [r.status, r.body]),
    [],
  );
  for (const v of [x!, y!]) {
    t.like(await account(ctx, v.id), { balance: 1200, lifetime_earned: 1200 });
    t.is((await ledgerRows(ctx, v.id)).length, 12);
    t.is((await certificatesOf(ctx, v.id)).length, 1);
  }
  t.is(await certificateSeq(c.id), 2);
});

test.serial('concurrent crediting across the threshold issues exactly one certificate', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const colleague = await ctx.addUser('officer', c.id);
  const [v, w] = await volunteers(c.id, 2);
  // ten one-point activities one after another; v checks in and out of all of them
  const acts = [];
  for (let k = 0; k < 10; k++)
    acts.push(await newActivity(ctx, officer, { startsIn: 10 + k * 70, minutes: 60, pointsPerHour: 1 }));
  const ids = await play(
    ctx,
    officer,
    acts.flatMap((act): Step[] => [
      { act, volunteer: v!, kind: 'in', at: 0 },
      { act, volunteer: v!, kind: 'out', at: 60 },
    ]),
  );
  const attendanceIds = acts.map((act) => ids.get(`${act.id}:${v!.id}`)!);

  // each attendance confirmed twice over, by two officers, all at once
  const results = await Promise.all(
    [...attendanceIds, ...attendanceIds].map((id, i) => confirm(ctx, i % 2 ? officer : colleague, [id])),
  );
  t.deepEqual(
    results.filter((r) => r.status !== 200).map((r) => [r.status, r.body]),
    [],
  );
  t.is(results.filter((r) => r.body.confirmed[0].alreadyConfirmed === false).length, 10);
  t.like(await account(ctx, v!.id), { balance: 1000, lifetime_earned: 1000 });
  t.is((await ledgerRows(ctx, v!.id)).length, 10);
  const certs = await certificatesOf(ctx, v!.id);
  t.is(certs.length, 1);
  t.is(certs[0]!.serial, `${c.code}-2026-000001`);
  t.is(certs[0]!.level, 1);
  t.is(await certificateSeq(c.id), 1);

  // the same through manual entries, which credit at once
  const made = await Promise.all(
    acts.map((act) =>
      manual(ctx, officer, {
        activityId: act.id,
        userId: w!.id,
        minutes: 60,
        reason: '没有手机',
        evidenceNote: '纸质签到',
      }),
    ),
  );
  t.deepEqual(
    made.filter((r) => r.status !== 201).map((r) => [r.status, r.body]),
    [],
  );
  t.like(await account(ctx, w!.id), { balance: 1000 });
  const wCerts = await certificatesOf(ctx, w!.id);
  t.is(wCerts.length, 1);
  t.is(wCerts[0]!.serial, `${c.code}-2026-000002`);
  t.is(await certificateSeq(c.id), 2);
});

test.serial('concurrent manual entries for the same volunteer and activity record one', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const [v] = await volunteers(c.id, 1);
  const act = await newActivity(ctx, officer, { minutes: 60 });
  moveTo(ctx, act.endsAt);
  const made = await Promise.all(
    Array.from({ length: 50 }, () =>
      manual(ctx, officer, {
        activityId: act.id,
        userId: v!.id,
        minutes: 60,
        reason: '没有手机',
        evidenceNote: '纸质签到',
      }),
    ),
  );
  t.is(made.filter((r) => r.status === 201).length, 1);
  const refused = made.filter((r) => r.status !== 201);
  t.is(refused.length, 49);
  t.true(
    refused.every((r) => r.status === 409 && r.body.error.code === 'attendance.already_exists'),
    JSON.stringify(refused.find((r) => r.status !== 409)?.body),
  );
  t.is((await ledgerRows(ctx, v!.id)).length, 1);
  t.like(await account(ctx, v!.id), { balance: 100 });
});

test.serial(
  'concurrent adjustments of one confirmed attendance keep the balance equal to the credit',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const [v] = await volunteers(c.id, 1);
    const { ids } = await attended(ctx, officer, [v!], { minutes: 120, pointsPerHour: 1.5 });
    const id = ids[0]!;
    t.is((await confirm(ctx, officer, [id])).status, 200);

    const minutes = Array.from({ length: 30 }, (_, i) => (i * 37) % 121);
    const results = await Promise.all(
      minutes.map((m) => adjust(ctx, officer, id, { minutes: m, reason: `改为${m}分钟` })),
    );
    t.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => [r.status, r.body]),
      [],
    );
    const [row] = await rows<{ credited_minutes: number; credited_points: number }>(
      ctx,
      sql`SELECT credited_minutes, credited_points FROM attendances WHERE id = ${id}`,
    );
    t.is(row!.credited_points, pointsForMinutes(row!.credited_minutes, 150));
    t.like(await account(ctx, v!.id), {
      balance: row!.credited_points,
      lifetime_earned: row!.credited_points,
      lifetime_minutes: row!.credited_minutes,
    });
    const [adj] = await rows<{ n: number; s: number }>(
      ctx,
      sql`SELECT count(*)::int AS n, SUM(points_delta)::int AS s FROM attendance_adjustments WHERE attendance_id = ${id}`,
    );
    t.is(adj!.n, 30);
    t.is(adj!.s, row!.credited_points - 300);
  },
);

test.serial(
  'a certificate is issued exactly once when many credits and retries cross the threshold together',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const colleague = await ctx.addUser('officer', c.id);
    const [v] = await volunteers(c.id, 1);
    // 40 weekly one-hour activities (1 point each): 40 points cross the threshold (3) and level 2 (30)
    const me = { id: officer.id, role: 'officer' as const, communityId: c.id };
    const start = new Date(ctx.clock.now().getTime() + 3600_000);
    const created = await ctx.services.activities.createActivity(me, {
      title: '环境整治',
      category: 'public_cleanup',
      description: '',
      place: { name: '社区广场', lat: 30.8236, lng: 104.1589 },
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      capacity: 10,
      pointsPerHour: 1,
      repeatWeeks: 40,
    });
    const acts = created.occurrences.map((a) => a.id);
    t.is(acts.length, 40);
    await rows(ctx, sql`UPDATE activities SET status = 'published' WHERE community_id = ${c.id}`);

    // every manual entry sent three times at once, by two officers
    const logged = ctx.logs.length;
    const made = await Promise.all(
      [...acts, ...acts, ...acts].map((activityId, i) =>
        manual(ctx, i % 2 ? officer : colleague, {
          activityId,
          userId: v!.id,
          minutes: 60,
          reason: '没有手机',
          evidenceNote: '纸质签到表',
        }),
      ),
    );
    t.deepEqual(serverErrors(logged), {});
    t.is(made.filter((r) => r.status === 201).length, 40);
    t.true(made.every((r) => r.status === 201 || r.body.error?.code === 'attendance.already_exists'));

    t.like(await account(ctx, v!.id), { balance: 4000, lifetime_earned: 4000, lifetime_minutes: 2400 });
    t.is((await ledgerRows(ctx, v!.id)).length, 40);
    const certs = await certificatesOf(ctx, v!.id);
    t.is(certs.length, 1);
    t.like(certs[0], { serial: `${c.code}-2026-000001`, level: 2, status: 'active' });
    t.is(await certificateSeq(c.id), 1, 'no serial used up by a losing transaction');
    const [events] = await rows<{ n: number }>(
      ctx,
      sql`SELECT count(*)::int AS n FROM certificate_events WHERE certificate_id = ${certs[0]!.id} AND action = 'issue'`,
    );
    t.is(events!.n, 1, 'one issue event');
    const [told] = await rows<{ n: number }>(
      ctx,
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${v!.id} AND kind = 'certificate.issued'`,
    );
    t.is(told!.n, 1, 'the holder is told once');
  },
);

test.serial('after all the races, every balance is still the sum of its lines', async (t) => {
  t.deepEqual(
    serverErrors(0),
    {},
    'no request of this file met an unhandled error (deadlock, duplicate key…)',
  );
  const { problems, lines } = await ledgerProblems(ctx);
  t.deepEqual(problems, []);
  t.true(lines > 100);
});
