import test from 'ava';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  account,
  adjust,
  attendanceRow,
  attended,
  confirm,
  ledgerRows,
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

test.serial(
  'before confirmation, adjust sets the minutes, confirms and credits them with the reason',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const short = await ctx.addUser('volunteer', c.id);
    const forgot = await ctx.addUser('volunteer', c.id);
    const act = await newActivity(ctx, officer, { minutes: 100 });
    const [shortId, forgotId] = await stays(ctx, officer, act, [
      { volunteer: short, out: 50 },
      { volunteer: forgot, out: null },
    ]);
    moveTo(ctx, act.endsAt);

    const r = await adjust(ctx, officer, shortId!, { minutes: 50, reason: '家中有事提前离开' });
    t.is(r.status, 200, JSON.stringify(r.body));
    t.deepEqual(r.body, { id: shortId, alreadyConfirmed: false, points: 0.83, adjustment: null });
    const row = await attendanceRow(ctx, shortId!);
    t.is(row?.status, 'confirmed');
    t.is(row?.credited_minutes, 50);
    t.is(row?.credited_points, 83);
    const lines = await ledgerRows(ctx, short.id);
    t.is(lines.length, 1);
    t.is(lines[0]!.amount, 83);
    t.is(lines[0]!.minutes, 50);
    t.is(lines[0]!.kind, 'earn');
    t.is(lines[0]!.reason, '调整：家中有事提前离开');
    t.is(lines[0]!.source_key, `attendance:${shortId}`);
    const s = await statement(ctx, short);
    t.is(s.balance, 0.83);
    t.is(s.lines[0]!.reason, '调整：家中有事提前离开');
    t.is(s.lines[0]!.activity?.id, act.id);

    // a forgotten check-out, credited in full by the officer
    const f = await adjust(ctx, officer, forgotId!, { minutes: 100, reason: '忘记签退，负责人确认全程在场' });
    t.is(f.status, 200);
    t.is(f.body.points, 1.67);
    t.is((await statement(ctx, forgot)).balance, 1.67);
    t.is((await ledgerRows(ctx, forgot.id))[0]!.reason, '调整：忘记签退，负责人确认全程在场');

    // confirming afterwards changes nothing
    const again = await confirm(ctx, officer, [shortId!, forgotId!]);
    t.is(again.status, 200);
    t.true(again.body.confirmed.every((x: { alreadyConfirmed: boolean }) => x.alreadyConfirmed));
    t.is((await ledgerRows(ctx, short.id)).length, 1);
    t.is((await ledgerRows(ctx, forgot.id)).length, 1);
  },
);

test.serial(
  'after confirmation, adjust writes a correction line with the difference; history is kept',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const { act, ids } = await attended(ctx, officer, [v], { minutes: 120, pointsPerHour: 1 });
    const id = ids[0]!;
    t.is((await confirm(ctx, officer, [id])).status, 200);
    const [original] = await ledgerRows(ctx, v.id);
    t.is(original!.amount, 200);

    const down = await adjust(ctx, officer, id, { minutes: 60, reason: '实际只服务一小时' });
    t.is(down.status, 200, JSON.stringify(down.body));
    t.is(down.body.alreadyConfirmed, true);
    t.is(down.body.points, 1);
    t.is(down.body.adjustment.pointsDelta, -1);
    let lines = await ledgerRows(ctx, v.id);
    t.is(lines.length, 2);
    t.deepEqual(lines[0], original, 'the original line is unchanged');
    t.like(lines[1], {
      amount: -100,
      minutes: -60,
      kind: 'correction',
      reason: '更正：实际只服务一小时',
      source_key: `adjustment:${down.body.adjustment.id}`,
      balance_after: 100,
    });
    const adj = await rows<{
      minutes_before: number;
      minutes_after: number;
      points_delta: number;
      created_by: number;
    }>(
      ctx,
      sql`SELECT minutes_before, minutes_after, points_delta, created_by FROM attendance_adjustments
        WHERE attendance_id = ${id} ORDER BY id`,
    );
    t.deepEqual(adj, [
      { minutes_before: 120, minutes_after: 60, points_delta: -100, created_by: officer.id },
    ]);

    const up = await adjust(ctx, officer, id, { minutes: 90, reason: '补记半小时' });
    t.is(up.status, 200);
    t.is(up.body.adjustment.pointsDelta, 0.5);
    lines = await ledgerRows(ctx, v.id);
    t.is(lines.length, 3);
    t.deepEqual(lines[0], original);
    t.like(lines[2], {
      amount: 50,
      minutes: 30,
      kind: 'correction',
      reason: '更正：补记半小时',
      balance_after: 150,
    });

    // the same minutes again: recorded, but no ledger line moves nothing
    const same = await adjust(ctx, officer, id, { minutes: 90, reason: '复核无误' });
    t.is(same.status, 200);
    t.is(same.body.adjustment.pointsDelta, 0);
    t.is((await ledgerRows(ctx, v.id)).length, 3);

    const row = await attendanceRow(ctx, id);
    t.is(row?.credited_minutes, 90);
    t.is(row?.credited_points, 150);
    t.like(await account(ctx, v.id), { balance: 150, lifetime_earned: 150, lifetime_minutes: 90 });

    const s = await statement(ctx, v);
    t.is(s.balance, 1.5);
    t.is(s.lifetimeHours, 1.5);
    t.deepEqual(
      s.lines.map((l) => [l.kind, l.amount, l.balanceAfter, l.activity?.id]),
      [
        ['correction', 0.5, 1.5, act.id],
        ['correction', -1, 1, act.id],
        ['earn', 2, 2, act.id],
      ],
    );

    // down to zero is allowed: the whole credit is reversed by a new line
    const zero = await adjust(ctx, officer, id, { minutes: 0, reason: '未实际参加' });
    t.is(zero.status, 200);
    t.is(zero.body.adjustment.pointsDelta, -1.5);
    t.like(await account(ctx, v.id), { balance: 0, lifetime_minutes: 0 });
    t.is((await ledgerRows(ctx, v.id)).length, 4);
  },
);

test.serial('minutes above the activity length are refused', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const [pending, done] = await Promise.all([ctx.addUser('volunteer', c.id), ctx.addUser('volunteer', c.id)]);
  const { ids } = await attended(ctx, officer, [pending, done], { minutes: 120 });
  t.is((await confirm(ctx, officer, [ids[1]!])).status, 200);

  for (const id of ids) {
    const r = await adjust(ctx, officer, id, { minutes: 121, reason: '多记一分钟' });
    t.is(r.status, 400);
    t.is(r.body.error.code, 'attendance.too_long');
  }
  t.is((await attendanceRow(ctx, ids[0]!))?.status, 'checked_out');
  t.deepEqual(await ledgerRows(ctx, pending.id), []);
  t.is((await ledgerRows(ctx, done.id)).length, 1);
  t.like(await account(ctx, done.id), { balance: 200 });

  // exactly the length is fine
  const ok = await adjust(ctx, officer, ids[0]!, { minutes: 120, reason: '全程' });
  t.is(ok.status, 200);
  t.is(ok.body.points, 2);
});

test.serial('adjust needs a reason and sensible minutes; unknown ids are not found', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const { ids } = await attended(ctx, officer, [v]);
  const id = ids[0]!;

  for (const body of [
    { minutes: 30 },
    { minutes: 30, reason: '' },
    { minutes: 30, reason: '   ' },
    { minutes: -5, reason: '负数' },
    { minutes: 30.5, reason: '小数' },
    { reason: '没有分钟' },
  ]) {
    const r = await adjust(ctx, officer, id, body);
    t.is(r.status, 400, JSON.stringify(body));
    t.is(r.body.error.code, 'request.invalid', JSON.stringify(body));
  }
  t.is((await attendanceRow(ctx, id))?.status, 'checked_out');
  t.deepEqual(await ledgerRows(ctx, v.id), []);

  const missing = await adjust(ctx, officer, 987_654, { minutes: 30, reason: '不存在' });
  t.is(missing.status, 404);
  t.is(missing.body.error.code, 'attendance.not_found');

  const asVolunteer = await adjust(ctx, v, id, { minutes: 120, reason: '给自己加' });
  t.is(asVolunteer.status, 403);
  t.is(asVolunteer.body.error.code, 'auth.forbidden');
  t.deepEqual(await ledgerRows(ctx, v.id), []);
});

test.serial(
  'fewer minutes that round to the same points are still a line: 0 points, the minutes, lifetime hours follow',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    // 0.1 point an hour: 120 minutes are 0.2 points, and so are 117 (19.5 hundredths, rounded).
    const { ids } = await attended(ctx, officer, [v], { minutes: 120, pointsPerHour: 0.1 });
    const id = ids[0]!;
    t.is((await confirm(ctx, officer, [id])).status, 200);
    t.like(await account(ctx, v.id), { balance: 20, lifetime_minutes: 120 });

    const r = await adjust(ctx, officer, id, { minutes: 117, reason: '提前三分钟离开' });
    t.is(r.status, 200, JSON.stringify(r.body));
    t.is(r.body.adjustment.pointsDelta, 0);
    const lines = await ledgerRows(ctx, v.id);
    t.is(lines.length, 2);
    t.like(lines[1], {
      amount: 0,
      minutes: -3,
      kind: 'correction',
      reason: '更正：提前三分钟离开',
      balance_after: 20,
      source_key: `adjustment:${r.body.adjustment.id}`,
    });
    t.like(await account(ctx, v.id), { balance: 20, lifetime_earned: 20, lifetime_minutes: 117 });
    t.is((await attendanceRow(ctx, id))?.credited_minutes, 117);
    const s = await statement(ctx, v);
    t.is(s.lifetimeHours, 1.95);
    // The same minutes again move nothing: no line.
    t.is((await adjust(ctx, officer, id, { minutes: 117, reason: '复核无误' })).status, 200);
    t.is((await ledgerRows(ctx, v.id)).length, 2);
  },
);
