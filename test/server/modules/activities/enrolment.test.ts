import test from 'ava';
import { eq } from 'drizzle-orm';
import { enrolments } from '../../../../server/src/modules/activities/activities.table';
import {
  activityBody,
  createTestContext,
  currentCode,
  MIN,
  publishedActivity,
  type TestContext,
  type TestUser,
} from '../../../helpers/context';
import { api, assertError } from './support';

let ctx: TestContext;
let http: ReturnType<typeof api>;
test.before(async () => {
  ctx = await createTestContext();
  http = api(ctx);
});
test.after.always(async () => {
  await ctx?.close();
});

async function community() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteers = (n: number) =>
    Promise.all(Array.from({ length: n }, () => ctx.addUser('volunteer', c.id)));
  return { c, officer, volunteers };
}

const enrol = (id: number, v: TestUser) => http.post(`/activities/${id}/enrolment`, v);
const unenrol = (id: number, v: TestUser) => http.delete(`/activities/${id}/enrolment`, v);
const activity = async (id: number, officer: TestUser) => (await http.get(`/activities/${id}`, officer)).body;
const enrolmentRows = (id: number) => ctx.db.select().from(enrolments).where(eq(enrolments.activityId, id));

// ---- moving the clock: serial ----

test.serial('enrolling in an ended activity is activities.already_ended', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const id = await publishedActivity(ctx, officer, {}, 10, 30);
  ctx.clock.advance(40 * MIN); // the end itself
  assertError(t, await enrol(id, v!), 409, 'activities.already_ended');
  ctx.clock.advance(1);
  assertError(t, await enrol(id, v!), 409, 'activities.already_ended');
  t.is((await activity(id, officer)).enrolledCount, 0);
  t.is((await enrolmentRows(id)).length, 0);
});

test.serial('enrolling while the activity is under way is still allowed', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const id = await publishedActivity(ctx, officer, {}, 10, 30);
  ctx.clock.advance(39 * MIN);
  const r = await enrol(id, v!);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.true(r.body.enrolled);
});

// ---- capacity ----

test('capacity is enforced: with 2 places the third volunteer gets activities.full', async (t) => {
  const { officer, volunteers } = await community();
  const [a, b, c] = await volunteers(3);
  const id = await publishedActivity(ctx, officer, { capacity: 2 });

  const first = await enrol(id, a!);
  t.is(first.status, 200, JSON.stringify(first.body));
  t.like(first.body, { id, enrolled: true, enrolledCount: 1, placesLeft: 1 });
  const second = await enrol(id, b!);
  t.is(second.status, 200);
  t.like(second.body, { enrolled: true, enrolledCount: 2, placesLeft: 0 });

  assertError(t, await enrol(id, c!), 409, 'activities.full');
  t.like(await activity(id, officer), { enrolledCount: 2, placesLeft: 0 });
  t.false((await http.get(`/activities/${id}`, c!)).body.enrolled);
  t.true((await http.get(`/activities/${id}`, a!)).body.enrolled);
  t.is((await enrolmentRows(id)).length, 2, 'the refused enrolment left no row');
});

test('enrolling twice is enrolments.already_enrolled and takes no second place', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const id = await publishedActivity(ctx, officer, { capacity: 3 });
  t.is((await enrol(id, v!)).status, 200);
  assertError(t, await enrol(id, v!), 409, 'enrolments.already_enrolled');
  t.like(await activity(id, officer), { enrolledCount: 1, placesLeft: 2 });
  t.is((await enrolmentRows(id)).length, 1);
});

test('cancelling an enrolment frees the place for someone else', async (t) => {
  const { officer, volunteers } = await community();
  const [a, b] = await volunteers(2);
  const id = await publishedActivity(ctx, officer, { capacity: 1 });
  t.is((await enrol(id, a!)).status, 200);
  assertError(t, await enrol(id, b!), 409, 'activities.full');

  const off = await unenrol(id, a!);
  t.is(off.status, 200, JSON.stringify(off.body));
  t.like(off.body, { id, enrolled: false, enrolledCount: 0, placesLeft: 1 });
  t.like(await activity(id, officer), { enrolledCount: 0, placesLeft: 1 });

  const now = await enrol(id, b!);
  t.is(now.status, 200, JSON.stringify(now.body));
  t.like(now.body, { enrolled: true, enrolledCount: 1, placesLeft: 0 });
  // and the first one can come back only if a place is free again
  assertError(t, await enrol(id, a!), 409, 'activities.full');
});

test('cancelling when not enrolled is enrolments.not_enrolled and frees nothing', async (t) => {
  const { officer, volunteers } = await community();
  const [a, b] = await volunteers(2);
  const id = await publishedActivity(ctx, officer, { capacity: 2 });
  t.is((await enrol(id, a!)).status, 200);
  assertError(t, await unenrol(id, b!), 404, 'enrolments.not_enrolled');
  t.like(await activity(id, officer), { enrolledCount: 1, placesLeft: 1 });
  // cancelling twice
  t.is((await unenrol(id, a!)).status, 200);
  assertError(t, await unenrol(id, a!), 404, 'enrolments.not_enrolled');
  t.like(await activity(id, officer), { enrolledCount: 0, placesLeft: 2 });
  assertError(t, await unenrol(999_999, a!), 404, 'activities.not_found');
});

test('cancelling after checking in is enrolments.has_attendance', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const id = await publishedActivity(ctx, officer, {}, 10, 60); // check-in is already open
  t.is((await enrol(id, v!)).status, 200);
  const code = await currentCode(ctx, officer, id);
  const ci = await http.post('/checkins', v!, { code, activityId: id, lat: 30.8236, lng: 104.1589 });
  t.is(ci.status, 201, JSON.stringify(ci.body));

  assertError(t, await unenrol(id, v!), 409, 'enrolments.has_attendance');
  t.like(await activity(id, officer), { enrolledCount: 1 });
  t.true((await http.get(`/activities/${id}`, v!)).body.enrolled);
});

test('enrolling in a draft or a cancelled activity is activities.not_published', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const created = await http.post('/activities', officer, activityBody(ctx.clock.now()));
  const draftId = created.body.activity.id as number;
  assertError(t, await enrol(draftId, v!), 409, 'activities.not_published');

  const id = await publishedActivity(ctx, officer);
  t.is((await http.post(`/activities/${id}/cancel`, officer)).status, 200);
  assertError(t, await enrol(id, v!), 409, 'activities.not_published');

  t.is((await activity(draftId, officer)).enrolledCount, 0);
  t.is((await activity(id, officer)).enrolledCount, 0);
  t.is((await enrolmentRows(draftId)).length + (await enrolmentRows(id)).length, 0);
  assertError(t, await enrol(999_999, v!), 404, 'activities.not_found');
});

test('officers cannot enrol (auth.forbidden)', async (t) => {
  const { officer } = await community();
  const id = await publishedActivity(ctx, officer);
  assertError(t, await enrol(id, officer), 403, 'auth.forbidden');
  assertError(t, await unenrol(id, officer), 403, 'auth.forbidden');
  t.is((await activity(id, officer)).enrolledCount, 0);
});

// ---- concurrency (meaningful on PostgreSQL) ----

test('20 volunteers enrolling at once into 5 places: exactly 5 succeed, the rest are activities.full', async (t) => {
  const { officer, volunteers } = await community();
  const crowd = await volunteers(20);
  const id = await publishedActivity(ctx, officer, { capacity: 5 });

  const answers = await Promise.all(crowd.map((v) => enrol(id, v)));
  const ok = answers.filter((r) => r.status === 200);
  const full = answers.filter((r) => r.status === 409 && r.body.error?.code === 'activities.full');
  t.is(ok.length, 5, JSON.stringify(answers.map((r) => [r.status, r.body.error?.code])));
  t.is(full.length, 15);
  for (const r of ok) t.true(r.body.enrolled);

  t.like(await activity(id, officer), { enrolledCount: 5, placesLeft: 0 });
  const rows = await enrolmentRows(id);
  t.is(rows.length, 5);
  const byId = (x: number, y: number) => x - y;
  const winners = crowd.filter((_, i) => answers[i]!.status === 200).map((v) => v.id);
  t.deepEqual(rows.map((r) => r.userId).sort(byId), winners.sort(byId));
  // Each successful answer reports the count after its own enrolment: 1, 2, 3, 4, 5.
  t.deepEqual(
    ok.map((r) => r.body.enrolledCount as number).sort(byId),
    [1, 2, 3, 4, 5],
    'the counts in the answers are the counts after each enrolment',
  );
});

test('one volunteer enrolling five times at once is enrolled once', async (t) => {
  const { officer, volunteers } = await community();
  const [v] = await volunteers(1);
  const id = await publishedActivity(ctx, officer, { capacity: 5 });
  const answers = await Promise.all(Array.from({ length: 5 }, () => enrol(id, v!)));
  t.is(answers.filter((r) => r.status === 200).length, 1);
  t.is(
    answers.filter((r) => r.status === 409 && r.body.error?.code === 'enrolments.already_enrolled').length,
    4,
    JSON.stringify(answers.map((r) => [r.status, r.body.error?.code])),
  );
  t.like(await activity(id, officer), { enrolledCount: 1 });
  t.is((await enrolmentRows(id)).length, 1);
});

test('enrolling and cancelling at once keeps the count equal to the enrolments', async (t) => {
  const { officer, volunteers } = await community();
  const crowd = await volunteers(10);
  const id = await publishedActivity(ctx, officer, { capacity: 10 });
  for (const v of crowd.slice(0, 5)) t.is((await enrol(id, v)).status, 200);
  const answers = await Promise.all([
    ...crowd.slice(0, 5).map((v) => unenrol(id, v)),
    ...crowd.slice(5).map((v) => enrol(id, v)),
  ]);
  t.true(
    answers.every((r) => r.status === 200),
    JSON.stringify(answers.map((r) => [r.status, r.body.error?.code])),
  );
  const rows = await enrolmentRows(id);
  t.is(rows.length, 5);
  t.is((await activity(id, officer)).enrolledCount, 5);
});
