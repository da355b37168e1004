import test from 'ava';
import { sql } from 'drizzle-orm';
import { constraintName, sqlState } from '../../../../server/src/http/errors';
import { activityBody, createTestContext, type TestContext } from '../../../helpers/context';
import {
  account,
  adjust,
  attendanceRow,
  confirm,
  ledgerRows,
  manual,
  moveTo,
  newActivity,
  rows,
  statement,
  stays,
} from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const REASON = '老人没有智能手机';
const EVIDENCE = '签到表第3行，负责人王老师签字';

async function attendanceCount(userId: number) {
  const [r] = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM attendances WHERE user_id = ${userId}`,
  );
  return r!.n;
}

test.serial('a manual entry is credited at once, and its ledger line says so with the reason', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const act = await newActivity(ctx, officer, { minutes: 120, pointsPerHour: 1 });
  moveTo(ctx, act.endsAt);

  const r = await manual(ctx, officer, {
    activityId: act.id,
    userId: v.id,
    minutes: 90,
    reason: REASON,
    evidenceNote: EVIDENCE,
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.like(r.body, {
    source: 'manual',
    status: 'confirmed',
    activity: { id: act.id },
    volunteer: { id: v.id },
    creditedMinutes: 90,
    creditedPoints: 1.5,
    overrideReason: REASON,
    evidenceNote: EVIDENCE,
    checkInAt: null,
  });
  const lines = await ledgerRows(ctx, v.id);
  t.is(lines.length, 1);
  t.like(lines[0], { amount: 150, minutes: 90, kind: 'earn', source_key: `attendance:${r.body.id}` });
  t.is(lines[0]!.reason, `补录：${REASON}`);
  const s = await statement(ctx, v);
  t.is(s.balance, 1.5);
  t.is(s.lifetimeHours, 1.5);
  t.true(s.lines[0]!.reason.startsWith('补录'));
  t.true(s.lines[0]!.reason.includes(REASON));
  t.is(s.lines[0]!.activity?.id, act.id);
  const [row] = await rows<{ recorded_by: number; confirmed_by: number }>(
    ctx,
    sql`SELECT recorded_by, confirmed_by FROM attendances WHERE id = ${r.body.id}`,
  );
  t.deepEqual(row, { recorded_by: officer.id, confirmed_by: officer.id });

  // not on the review list: it is already confirmed
  const list = await ctx.request().get('/api/v1/attendance/review').set(officer.auth);
  t.deepEqual(list.body.items, []);
  // confirming it again credits nothing
  const again = await confirm(ctx, officer, [r.body.id]);
  t.deepEqual(again.body.confirmed, [{ id: r.body.id, alreadyConfirmed: true, points: 1.5 }]);
  t.is((await ledgerRows(ctx, v.id)).length, 1);
});

test.serial('a manual entry needs a reason and an evidence note', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const act = await newActivity(ctx, officer);
  const base = { activityId: act.id, userId: v.id, minutes: 60 };
  for (const body of [
    { ...base, evidenceNote: EVIDENCE },
    { ...base, reason: REASON },
    { ...base, reason: '  ', evidenceNote: EVIDENCE },
    { ...base, reason: REASON, evidenceNote: '' },
    { ...base, minutes: 0, reason: REASON, evidenceNote: EVIDENCE },
  ]) {
    const r = await manual(ctx, officer, body);
    t.is(r.status, 400, JSON.stringify(body));
    t.is(r.body.error.code, 'request.invalid', JSON.stringify(body));
  }
  t.is(await attendanceCount(v.id), 0);
  t.deepEqual(await ledgerRows(ctx, v.id), []);
  t.like(await account(ctx, v.id), { balance: 0 });
});

test.serial(
  'manual entries are refused for oneself, non-volunteers, twice, and across communities',
  async (t) => {
    const c = await ctx.addCommunity();
    const other = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const colleague = await ctx.addUser('officer', c.id);
    const merchant = await ctx.addUser('merchant_staff', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const walker = await ctx.addUser('volunteer', c.id);
    const outsider = await ctx.addUser('volunteer', other.id);
    const otherOfficer = await ctx.addUser('officer', other.id);
    const act = await newActivity(ctx, officer, { minutes: 120 });
    await stays(ctx, officer, act, [{ volunteer: walker }]);
    const entry = (userId: number, minutes = 60) => ({
      activityId: act.id,
      userId,
      minutes,
      reason: REASON,
      evidenceNote: EVIDENCE,
    });

    const self = await manual(ctx, officer, entry(officer.id));
    t.is(self.status, 403);
    t.is(self.body.error.code, 'attendance.self_credit');
    t.is(await attendanceCount(officer.id), 0);

    for (const u of [colleague, merchant]) {
      const r = await manual(ctx, officer, entry(u.id));
      t.is(r.status, 400, u.role);
      t.is(r.body.error.code, 'attendance.not_volunteer', u.role);
      t.is(await attendanceCount(u.id), 0);
    }

    const foreign = await manual(ctx, officer, entry(outsider.id));
    t.is(foreign.status, 404);
    t.is(foreign.body.error.code, 'users.not_found');
    t.is(await attendanceCount(outsider.id), 0);

    const foreignOfficer = await manual(ctx, otherOfficer, entry(v.id));
    t.is(foreignOfficer.status, 404);
    t.is(foreignOfficer.body.error.code, 'activities.not_found');

    const tooLong = await manual(ctx, officer, entry(v.id, 121));
    t.is(tooLong.status, 400);
    t.is(tooLong.body.error.code, 'attendance.too_long');

    const nobody = await manual(ctx, officer, entry(987_654));
    t.is(nobody.status, 404);
    t.is(nobody.body.error.code, 'users.not_found');
    t.is(await attendanceCount(v.id), 0);

    const first = await manual(ctx, officer, entry(v.id));
    t.is(first.status, 201);
    const second = await manual(ctx, colleague, entry(v.id, 120));
    t.is(second.status, 409);
    t.is(second.body.error.code, 'attendance.already_exists');
    t.is(await attendanceCount(v.id), 1);
    t.deepEqual(
      (await ledgerRows(ctx, v.id)).map((l) => l.amount),
      [100],
    );

    // a volunteer who checked in already has the attendance
    const checkedIn = await manual(ctx, officer, entry(walker.id));
    t.is(checkedIn.status, 409);
    t.is(checkedIn.body.error.code, 'attendance.already_exists');
    t.deepEqual(await ledgerRows(ctx, walker.id), []);

    const asVolunteer = await manual(ctx, v, entry(walker.id));
    t.is(asVolunteer.status, 403);
    t.is(asVolunteer.body.error.code, 'auth.forbidden');
  },
);

test.serial('a manual entry needs a published activity', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const draft = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(ctx.clock.now()));
  t.is(draft.status, 201);
  const r = await manual(ctx, officer, {
    activityId: draft.body.activity.id,
    userId: v.id,
    minutes: 60,
    reason: REASON,
    evidenceNote: EVIDENCE,
  });
  t.is(r.status, 409);
  t.is(r.body.error.code, 'activities.not_published');
  t.is(await attendanceCount(v.id), 0);
});

test.serial('officers cannot credit themselves, in the API and in the database', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const colleague = await ctx.addUser('officer', c.id);
  const act = await newActivity(ctx, officer, { minutes: 60 });
  moveTo(ctx, act.endsAt);
  // an attendance row of the officer themself, as if it had slipped in
  const [own] = await rows<{ id: number }>(
    ctx,
    sql`INSERT INTO attendances (community_id, activity_id, user_id, source, status, check_in_at, check_out_at)
        VALUES (${c.id}, ${act.id}, ${officer.id}, 'checkin', 'checked_out', ${act.startsAt.toISOString()}, ${act.endsAt.toISOString()})
        RETURNING id`,
  );
  const id = own!.id;

  const confirmOwn = await confirm(ctx, officer, [id]);
  t.is(confirmOwn.status, 403);
  t.is(confirmOwn.body.error.code, 'attendance.self_credit');
  const adjustOwn = await adjust(ctx, officer, id, { minutes: 60, reason: '给自己记' });
  t.is(adjustOwn.status, 403);
  t.is(adjustOwn.body.error.code, 'attendance.self_credit');
  t.is((await attendanceRow(ctx, id))?.status, 'checked_out');
  t.deepEqual(await ledgerRows(ctx, officer.id), []);

  // the database refuses it even when the service is bypassed
  const update = await t.throwsAsync(
    ctx.db.execute(
      sql`UPDATE attendances SET status = 'confirmed', confirmed_by = user_id, confirmed_at = now(),
          credited_minutes = 60, credited_points = 100 WHERE id = ${id}`,
    ),
  );
  t.is(sqlState(update), '23514');
  t.is(constraintName(update), 'attendances_self_confirm');
  t.is((await attendanceRow(ctx, id))?.confirmed_by, null);

  const insert = await t.throwsAsync(
    ctx.db.execute(
      sql`INSERT INTO attendances (community_id, activity_id, user_id, source, status, override_reason,
            evidence_note, credited_minutes, credited_points, confirmed_by, confirmed_at)
          VALUES (${c.id}, ${act.id}, ${colleague.id}, 'manual', 'confirmed', '自己补录', '无', 60, 100,
            ${colleague.id}, now())`,
    ),
  );
  t.is(sqlState(insert), '23514');
  t.is(constraintName(insert), 'attendances_self_confirm');
  t.is(await attendanceCount(colleague.id), 0);

  // the same update by someone else passes the check (rolled back here): it is about the same person only
  const rollback = new Error('rollback');
  const err = await t.throwsAsync(
    ctx.db.transaction(async (tx) => {
      await tx.execute(
        sql`UPDATE attendances SET status = 'confirmed', confirmed_by = ${colleague.id}, confirmed_at = now(),
            credited_minutes = 60, credited_points = 100 WHERE id = ${id}`,
      );
      throw rollback;
    }),
  );
  t.is(err, rollback);
  t.is((await attendanceRow(ctx, id))?.status, 'checked_out');
});
