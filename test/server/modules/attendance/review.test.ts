import test from 'ava';
import { createTestContext, MIN, type TestContext } from '../../../helpers/context';
import { attendanceRow, confirm, FAR, moveTo, newActivity, play, statement } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

interface Item {
  id: number;
  activity: { id: number };
  volunteer: { id: number; displayName: string };
  status: string;
  flags: string[];
  presentMinutes: number;
  proposedMinutes: number;
  proposedPoints: number;
  checkInDistanceM: number | null;
}

async function review(officer: { auth: { Authorization: string } }, query = '') {
  const r = await ctx.request().get(`/api/v1/attendance/review${query}`).set(officer.auth);
  return {
    status: r.status,
    body: r.body as { items: Item[]; exceptions: number; error?: { code: string } },
  };
}

test.serial(
  'the review list: exceptions first, zero proposed for short stays and missing check-outs',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const [full, short, missing, far, edge, inside, early] = await Promise.all(
      Array.from({ length: 7 }, () => ctx.addUser('volunteer', c.id)),
    );
    // a 100-minute activity, and a second one starting 80 minutes into it
    const a1 = await newActivity(ctx, officer, { startsIn: 10, minutes: 100 });
    const a2 = await newActivity(ctx, officer, { startsIn: 90, minutes: 120 });
    t.is(a2.startsAt.getTime(), a1.startsAt.getTime() + 80 * MIN);

    // phase 1: up to 60 minutes into the first activity
    const ids1 = await play(ctx, officer, [
      { act: a1, volunteer: full!, kind: 'in', at: 0 },
      { act: a1, volunteer: short!, kind: 'in', at: 0 },
      { act: a1, volunteer: missing!, kind: 'in', at: 0 },
      { act: a1, volunteer: far!, kind: 'in', at: 0, pos: FAR },
      { act: a1, volunteer: edge!, kind: 'in', at: 0 },
      { act: a1, volunteer: short!, kind: 'out', at: 59 },
      { act: a1, volunteer: edge!, kind: 'out', at: 60 },
    ]);
    const id = (act: { id: number }, v: { id: number }) => ids1.get(`${act.id}:${v.id}`);

    let r = await review(officer);
    t.is(r.status, 200);
    // only those who have checked out are listed while the activity runs
    t.deepEqual(
      r.body.items.map((i) => i.volunteer.id),
      [short!.id, edge!.id],
    );
    t.is(r.body.exceptions, 1);
    const shortItem = r.body.items[0]!;
    t.deepEqual(shortItem.flags, ['short_stay']);
    t.is(shortItem.presentMinutes, 59);
    t.is(shortItem.proposedMinutes, 0);
    t.is(shortItem.proposedPoints, 0);
    const edgeItem = r.body.items[1]!;
    t.deepEqual(edgeItem.flags, [], 'exactly 60% is not a short stay');
    t.is(edgeItem.proposedMinutes, 60);
    t.is(edgeItem.proposedPoints, 1);

    // phase 2: the first activity ends while the second is running
    const ids2 = await play(ctx, officer, [
      { act: a2, volunteer: inside!, kind: 'in', at: 0 },
      { act: a2, volunteer: early!, kind: 'in', at: 0 },
      { act: a1, volunteer: full!, kind: 'out', at: 100 },
      { act: a1, volunteer: far!, kind: 'out', at: 100, pos: FAR },
      { act: a2, volunteer: early!, kind: 'out', at: 20 },
    ]);
    moveTo(ctx, a1.endsAt);
    r = await review(officer);
    t.is(r.status, 200);
    const byVolunteer = new Map(r.body.items.map((i) => [i.volunteer.id, i]));
    t.false(byVolunteer.has(inside!.id), 'still inside a running activity: not listed yet');
    t.is(r.body.items.length, 6);
    t.is(r.body.exceptions, 4);
    // exceptions first
    t.deepEqual(
      r.body.items.map((i) => i.flags.length > 0),
      [true, true, true, true, false, false],
    );
    t.deepEqual(
      new Set(r.body.items.slice(0, 4).map((i) => i.volunteer.id)),
      new Set([short!.id, missing!.id, far!.id, early!.id]),
    );

    const m = byVolunteer.get(missing!.id)!;
    t.is(m.id, id(a1, missing!)!);
    t.deepEqual(m.flags, ['missing_checkout']);
    t.is(m.proposedMinutes, 0);
    t.is(m.proposedPoints, 0);
    t.is(m.status, 'checked_in');

    const f = byVolunteer.get(far!.id)!;
    t.deepEqual(f.flags, ['far_location']);
    t.true((f.checkInDistanceM ?? 0) > 10_000, `${f.checkInDistanceM}`);
    t.is(f.proposedMinutes, 100);
    t.is(f.proposedPoints, 1.67, 'far is a flag for the officer, not a penalty');

    const e = byVolunteer.get(early!.id)!;
    t.is(e.activity.id, a2.id);
    t.is(e.id, ids2.get(`${a2.id}:${early!.id}`)!);
    t.deepEqual(e.flags, ['short_stay']);
    t.is(e.proposedPoints, 0);

    const ok = byVolunteer.get(full!.id)!;
    t.deepEqual(ok.flags, []);
    t.is(ok.proposedPoints, 1.67);

    // filtered to one activity
    const only2 = await review(officer, `?activityId=${a2.id}`);
    t.is(only2.status, 200);
    t.deepEqual(
      only2.body.items.map((i) => i.volunteer.id),
      [early!.id],
    );

    // once the second activity has ended, the volunteer who never checked out appears with 0
    moveTo(ctx, a2.endsAt);
    r = await review(officer, `?activityId=${a2.id}`);
    t.deepEqual(
      r.body.items.map((i) => [i.volunteer.id, i.flags, i.proposedPoints]),
      [
        [inside!.id, ['missing_checkout'], 0],
        [early!.id, ['short_stay'], 0],
      ],
    );

    // confirmed attendance leaves the list
    const done = await confirm(ctx, officer, [id(a1, full!)!, id(a1, edge!)!]);
    t.is(done.status, 200);
    r = await review(officer);
    t.false(r.body.items.some((i) => i.volunteer.id === full!.id || i.volunteer.id === edge!.id));
    t.is(r.body.items.length, 5);
    t.is(r.body.exceptions, 5);
  },
);

test.serial("an officer sees and confirms only their own community's attendance", async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const stranger = await ctx.addUser('officer', other.id);
  const v = await ctx.addUser('volunteer', c.id);
  const w = await ctx.addUser('volunteer', c.id);
  const a = await newActivity(ctx, officer, { minutes: 60 });
  const ids = await play(ctx, officer, [
    { act: a, volunteer: v, kind: 'in', at: 0 },
    { act: a, volunteer: w, kind: 'in', at: 0 },
    { act: a, volunteer: v, kind: 'out', at: 60 },
  ]);
  moveTo(ctx, a.endsAt);
  const vId = ids.get(`${a.id}:${v.id}`)!;
  const wId = ids.get(`${a.id}:${w.id}`)!;

  const mine = await review(officer);
  t.is(mine.body.items.length, 2);

  const theirs = await review(stranger);
  t.is(theirs.status, 200);
  t.deepEqual(theirs.body.items, []);
  t.is(theirs.body.exceptions, 0);
  const filtered = await review(stranger, `?activityId=${a.id}`);
  t.is(filtered.status, 200);
  t.deepEqual(filtered.body.items, []);

  const refused = await confirm(ctx, stranger, [vId]);
  t.is(refused.status, 404);
  t.is(refused.body.error.code, 'attendance.not_found');
  const row = await attendanceRow(ctx, vId);
  t.is(row?.status, 'checked_out');
  t.is(row?.confirmed_by, null);
  t.is((await statement(ctx, v)).balance, 0);

  const adjust = await ctx
    .request()
    .post(`/api/v1/attendance/${wId}/adjust`)
    .set(stranger.auth)
    .send({ minutes: 30, reason: '代为补记' });
  t.is(adjust.status, 404);
  t.is(adjust.body.error.code, 'attendance.not_found');
  t.is((await attendanceRow(ctx, wId))?.status, 'checked_in');

  const list = await ctx.request().get(`/api/v1/activities/${a.id}/attendance`).set(stranger.auth);
  t.is(list.status, 404);
  t.is(list.body.error.code, 'activities.not_found');

  // a volunteer may not look at the review list at all
  const asVolunteer = await review(v);
  t.is(asVolunteer.status, 403);
  t.is(asVolunteer.body.error?.code, 'auth.forbidden');

  // the own officer still can
  const ok = await confirm(ctx, officer, [vId]);
  t.is(ok.status, 200);
  t.is(ok.body.confirmed[0].points, 1);
});
