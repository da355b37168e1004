import test from 'ava';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  account,
  attendanceRow,
  attended,
  confirm,
  ledgerRows,
  moveTo,
  newActivity,
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

test.serial('many attendances are confirmed at once, each credited', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const vs = await Promise.all([1, 2, 3].map(() => ctx.addUser('volunteer', c.id)));
  const { act, ids } = await attended(ctx, officer, vs, { minutes: 120, pointsPerHour: 1 });

  const r = await confirm(ctx, officer, [...ids].reverse());
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(
    r.body.confirmed,
    [...ids].sort((a, b) => a - b).map((id) => ({ id, alreadyConfirmed: false, points: 2 })),
  );
  for (const [i, v] of vs.entries()) {
    const s = await statement(ctx, v);
    t.is(s.balance, 2);
    t.is(s.lines.length, 1);
    t.is(s.lines[0]!.source.type, 'attendance');
    t.is(s.lines[0]!.source.id, ids[i]!);
    t.is(s.lines[0]!.activity?.id, act.id);
    const row = await attendanceRow(ctx, ids[i]!);
    t.is(row?.status, 'confirmed');
    t.is(row?.credited_minutes, 120);
    t.is(row?.credited_points, 200);
    t.is(row?.confirmed_by, officer.id);
  }
});

test.serial('confirming again credits nothing more', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const second = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const { ids } = await attended(ctx, officer, [v], { minutes: 90, pointsPerHour: 1.5 });

  const first = await confirm(ctx, officer, ids);
  t.is(first.status, 200);
  t.deepEqual(first.body.confirmed, [{ id: ids[0], alreadyConfirmed: false, points: 2.25 }]);

  for (const who of [officer, second]) {
    const again = await confirm(ctx, who, [ids[0]!, ids[0]!]);
    t.is(again.status, 200);
    t.deepEqual(again.body.confirmed, [{ id: ids[0], alreadyConfirmed: true, points: 2.25 }]);
  }
  const lines = await ledgerRows(ctx, v.id);
  t.is(lines.length, 1);
  t.is(lines[0]!.amount, 225);
  t.is(lines[0]!.source_key, `attendance:${ids[0]}`);
  t.is((await account(ctx, v.id))?.balance, 225);
  t.is((await attendanceRow(ctx, ids[0]!))?.confirmed_by, officer.id, 'the first confirmation stands');
});

test.serial('an unknown id refuses the whole batch', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const vs = await Promise.all([1, 2].map(() => ctx.addUser('volunteer', c.id)));
  const { ids } = await attended(ctx, officer, vs);

  const r = await confirm(ctx, officer, [ids[0]!, 987_654, ids[1]!]);
  t.is(r.status, 404);
  t.is(r.body.error.code, 'attendance.not_found');
  t.deepEqual(r.body.error.meta, { missing: [987_654] });
  for (const [i, v] of vs.entries()) {
    t.is((await attendanceRow(ctx, ids[i]!))?.status, 'checked_out', 'nothing confirmed');
    t.deepEqual(await ledgerRows(ctx, v.id), []);
  }
  const list = await ctx.request().get('/api/v1/attendance/review').set(officer.auth);
  t.is(list.body.items.length, 2);
});

test.serial("another community's id in the batch refuses the whole batch", async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const otherOfficer = await ctx.addUser('officer', other.id);
  const v = await ctx.addUser('volunteer', c.id);
  const w = await ctx.addUser('volunteer', other.id);
  const mine = await newActivity(ctx, officer, { minutes: 60 });
  const theirs = await newActivity(ctx, otherOfficer, { minutes: 60 });
  const [vId] = await stays(ctx, officer, mine, [{ volunteer: v, out: 50 }]);
  const [wId] = await stays(ctx, otherOfficer, theirs, [{ volunteer: w, in: 55 }]);

  const r = await confirm(ctx, officer, [vId!, wId!]);
  t.is(r.status, 404);
  t.is(r.body.error.code, 'attendance.not_found');
  t.is((await attendanceRow(ctx, vId!))?.status, 'checked_out');
  t.is((await attendanceRow(ctx, wId!))?.status, 'checked_out');
  t.deepEqual(await ledgerRows(ctx, v.id), []);
  t.deepEqual(await ledgerRows(ctx, w.id), []);
});

test.serial('a confirmed short stay or missing check-out credits 0 and writes no ledger line', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const short = await ctx.addUser('volunteer', c.id);
  const missing = await ctx.addUser('volunteer', c.id);
  const act = await newActivity(ctx, officer, { minutes: 100 });
  const [shortId, missingId] = await stays(ctx, officer, act, [
    { volunteer: short, in: 10, out: 50 },
    { volunteer: missing, out: null },
  ]);
  moveTo(ctx, act.endsAt);

  const r = await confirm(ctx, officer, [shortId!, missingId!]);
  t.is(r.status, 200);
  // results come in id order: the missing check-out checked in first
  t.deepEqual(r.body.confirmed, [
    { id: missingId, alreadyConfirmed: false, points: 0 },
    { id: shortId, alreadyConfirmed: false, points: 0 },
  ]);
  for (const [id, v] of [
    [shortId!, short],
    [missingId!, missing],
  ] as const) {
    const row = await attendanceRow(ctx, id);
    t.is(row?.status, 'confirmed');
    t.is(row?.credited_minutes, 0);
    t.is(row?.credited_points, 0);
    t.deepEqual(await ledgerRows(ctx, v.id), []);
    const s = await statement(ctx, v);
    t.is(s.balance, 0);
    t.deepEqual(s.lines, []);
  }
  // and it is off the review list
  const list = await ctx.request().get('/api/v1/attendance/review').set(officer.auth);
  t.deepEqual(list.body.items, []);
});

test.serial('a volunteer cannot confirm; the body must list ids', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const { ids } = await attended(ctx, officer, [v]);

  const asVolunteer = await confirm(ctx, v, ids);
  t.is(asVolunteer.status, 403);
  t.is(asVolunteer.body.error.code, 'auth.forbidden');
  const empty = await confirm(ctx, officer, []);
  t.is(empty.status, 400);
  t.is(empty.body.error.code, 'request.invalid');
  t.is((await attendanceRow(ctx, ids[0]!))?.status, 'checked_out');
});
