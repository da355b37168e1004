import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { activities } from '../../../../server/src/modules/activities/activities.table';
import { attendances } from '../../../../server/src/modules/attendance/attendance.table';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const as = (u: TestUser) => ({ id: u.id, role: u.role, communityId: u.communityId }) as const;

/** A published activity that ended an hour ago, for manual attendance records. */
async function endedActivity(officer: TestUser, capacity = 50) {
  const now = ctx.clock.now().getTime();
  const created = await ctx.services.activities.createActivity(as(officer), {
    title: '社区清扫',
    category: 'elder_bathing',
    description: '',
    place: { name: '社区广场', lat: 30.8236, lng: 104.1589 },
    startsAt: new Date(now - 4 * 3600_000).toISOString(),
    endsAt: new Date(now - 3600_000).toISOString(),
    capacity,
    pointsPerHour: 1,
    repeatWeeks: 1,
  });
  const id = created.activity.id;
  await ctx.db.update(activities).set({ status: 'published' }).where(eq(activities.id, id));
  return id;
}

const record = (officer: TestUser, activityId: number, userId: number) =>
  ctx.services.attendance.addManualAttendance(as(officer), {
    activityId,
    userId,
    minutes: 60,
    reason: '补录',
    evidenceNote: '签到表',
  });

/** The column, and the attendances counted directly. */
async function counts(activityId: number) {
  const [a] = await ctx.db
    .select({ kept: activities.attendedCount })
    .from(activities)
    .where(eq(activities.id, activityId));
  const [n] = await ctx.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(attendances)
    .where(eq(attendances.activityId, activityId));
  return { kept: a!.kept, counted: n!.n };
}

test.serial(
  'each attendance record adds one to its activity, and a rolled-back one adds nothing',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const id = await endedActivity(officer);
    const other = await endedActivity(officer);
    t.deepEqual(await counts(id), { kept: 0, counted: 0 });
    for (let i = 0; i < 3; i++) await record(officer, id, (await ctx.addUser('volunteer', c.id)).id);
    await record(officer, other, (await ctx.addUser('volunteer', c.id)).id);
    t.deepEqual(await counts(id), { kept: 3, counted: 3 });
    t.deepEqual(await counts(other), { kept: 1, counted: 1 });

    const v = await ctx.addUser('volunteer', c.id);
    await t.throwsAsync(
      inTransaction(ctx.db, async (tx) => {
        await tx.insert(attendances).values({
          communityId: c.id,
          activityId: id,
          userId: v.id,
          source: 'checkin',
          status: 'checked_in',
          checkInAt: ctx.clock.now(),
        });
        throw new Error('rolled back');
      }),
      { message: 'rolled back' },
    );
    t.deepEqual(await counts(id), { kept: 3, counted: 3 });
    // The same volunteer recorded again is refused (one record per volunteer and activity): no change.
    const first = (
      await ctx.db.select().from(attendances).where(eq(attendances.activityId, id)).limit(1)
    )[0]!;
    const again = await t.throwsAsync(record(officer, id, first.userId));
    t.truthy(again);
    t.deepEqual(await counts(id), { kept: 3, counted: 3 });
  },
);

test.serial('concurrent records at one activity are all counted', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const id = await endedActivity(officer, 200);
  const vols = await Promise.all(Array.from({ length: 40 }, () => ctx.addUser('volunteer', c.id)));
  const results = await Promise.allSettled(vols.map((v) => record(officer, id, v.id)));
  t.deepEqual(
    results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
    [],
  );
  t.deepEqual(await counts(id), { kept: 40, counted: 40 });
});

test.serial('a record moved to another activity or deleted by hand keeps both counts right', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const a = await endedActivity(officer);
  const b = await endedActivity(officer);
  const vols = await Promise.all(Array.from({ length: 3 }, () => ctx.addUser('volunteer', c.id)));
  for (const v of vols) await record(officer, a, v.id);
  // Not something the app does; the database keeps the count true whoever changes the rows.
  await ctx.db.execute(
    sql`UPDATE attendances SET activity_id = ${b} WHERE activity_id = ${a} AND user_id = ${vols[0]!.id}`,
  );
  await ctx.db.execute(
    sql`UPDATE attendances SET evidence_note = '改过' WHERE activity_id = ${a} AND user_id = ${vols[1]!.id}`,
  );
  t.deepEqual(await counts(a), { kept: 2, counted: 2 });
  t.deepEqual(await counts(b), { kept: 1, counted: 1 });
  await ctx.db.execute(sql`DELETE FROM attendances WHERE activity_id = ${a} AND user_id = ${vols[1]!.id}`);
  t.deepEqual(await counts(a), { kept: 1, counted: 1 });
});

test.serial(
  'the dashboard reads the kept count: attended and expected places of ended activities',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const id = await endedActivity(officer);
    for (let i = 0; i < 4; i++) await record(officer, id, (await ctx.addUser('volunteer', c.id)).id);
    const r = await ctx.request().get('/api/v1/dashboard').set(officer.auth);
    t.is(r.status, 200, JSON.stringify(r.body));
    // Nobody enrolled: the four recorded by the officer are both the expected places and the attended.
    t.like(r.body.activities, { held90d: 1, attended90d: 4, enrolled90d: 4 });
  },
);
