/** The officer's rotating code: a new one every 30 s, accepted for 45 s, only around the activity. */
import test from 'ava';
import {
  activityBody,
  createTestContext,
  MIN,
  publishedActivity,
  type TestContext,
} from '../../../helpers/context';
import { alignClock, api, assertError, claims, SLOT_MS } from './support';

let ctx: TestContext;
let http: ReturnType<typeof api>;
test.before(async () => {
  ctx = await createTestContext();
  http = api(ctx);
});
test.after.always(async () => {
  await ctx?.close();
});

async function community(districtId?: number) {
  const c = await ctx.addCommunity(undefined, districtId === undefined ? {} : { districtId });
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  return { c, officer, volunteer };
}

const PLACE = { lat: 30.8236, lng: 104.1589 };

test.serial(
  'the officer gets a code that expires 45 s after it was made and changes every 30 s',
  async (t) => {
    const { officer, volunteer } = await community();
    const slot = alignClock(ctx);
    const id = await publishedActivity(ctx, officer, {}, 10, 60);
    ctx.clock.advance(10_000); // ten seconds into the slot

    const r = await http.get(`/activities/${id}/checkin-code`, officer);
    t.is(r.status, 200, JSON.stringify(r.body));
    t.is(r.body.activityId, id);
    t.is(typeof r.body.code, 'string');
    t.is(r.body.issuedAt, slot.toISOString());
    t.is(new Date(r.body.expiresAt).getTime() - new Date(r.body.issuedAt).getTime(), 45_000);
    t.is(r.body.refreshAt, new Date(slot.getTime() + SLOT_MS).toISOString());
    t.is(r.body.refreshInSeconds, 20);
    t.true(r.body.refreshInSeconds <= 30 && r.body.refreshInSeconds >= 1);
    const c1 = claims(r.body.code);
    t.like(c1, {
      act: id,
      iat: slot.getTime() / 1000,
      exp: slot.getTime() / 1000 + 45,
      aud: 'timebank:checkin',
    });

    // Same slot: same moment of issue.
    ctx.clock.advance(15_000);
    const same = await http.get(`/activities/${id}/checkin-code`, officer);
    t.is(same.body.issuedAt, r.body.issuedAt);
    t.is(claims(same.body.code).iat, c1.iat);
    t.is(same.body.refreshInSeconds, 5);

    // Next slot: a new code.
    ctx.clock.advance(5_000);
    const next = await http.get(`/activities/${id}/checkin-code`, officer);
    t.is(next.status, 200);
    t.not(next.body.code, r.body.code);
    t.is(next.body.issuedAt, new Date(slot.getTime() + SLOT_MS).toISOString());
    t.is(claims(next.body.code).iat, (c1.iat as number) + 30);
    t.is(next.body.refreshInSeconds, 30);

    // The previous code is still accepted: it is 30 s old.
    const ci = await http.post('/checkins', volunteer, { code: r.body.code, activityId: id, ...PLACE });
    t.is(ci.status, 201, JSON.stringify(ci.body));
  },
);

test.serial('no code outside the window: from 30 min before the start to 60 min after the end', async (t) => {
  const { officer } = await community();
  alignClock(ctx);
  const id = await publishedActivity(ctx, officer, {}, 120, 60); // starts in 2 h
  const code = () => http.get(`/activities/${id}/checkin-code`, officer);

  assertError(t, await code(), 409, 'checkins.code_not_available');
  ctx.clock.advance(89 * MIN); // 31 min before the start
  assertError(t, await code(), 409, 'checkins.code_not_available');
  ctx.clock.advance(1 * MIN); // 30 min before the start
  t.is((await code()).status, 200);
  ctx.clock.advance(30 * MIN + 60 * MIN + 60 * MIN); // end + 60 min
  t.is((await code()).status, 200);
  ctx.clock.advance(1000);
  assertError(t, await code(), 409, 'checkins.code_not_available');
});

test.serial('no code for a draft or a cancelled activity (activities.not_published)', async (t) => {
  const { officer } = await community();
  alignClock(ctx);
  const created = await http.post('/activities', officer, activityBody(ctx.clock.now(), {}, 10, 60));
  t.is(created.status, 201);
  const draftId = created.body.activity.id as number;
  assertError(
    t,
    await http.get(`/activities/${draftId}/checkin-code`, officer),
    409,
    'activities.not_published',
  );

  const id = await publishedActivity(ctx, officer, {}, 10, 60);
  t.is((await http.get(`/activities/${id}/checkin-code`, officer)).status, 200);
  t.is((await http.post(`/activities/${id}/cancel`, officer)).status, 200);
  assertError(t, await http.get(`/activities/${id}/checkin-code`, officer), 409, 'activities.not_published');
});

test.serial('only staff who manage the activity get a code', async (t) => {
  const district = await ctx.addCommunity();
  const { officer, volunteer } = await community(district.districtId);
  const other = await community();
  alignClock(ctx);
  const id = await publishedActivity(ctx, officer, {}, 10, 60);
  const path = `/activities/${id}/checkin-code`;

  assertError(t, await http.get(path, volunteer), 403, 'auth.forbidden');
  assertError(t, await http.get(path), 401, 'auth.required');
  assertError(t, await http.get(path, other.officer), 404, 'activities.not_found');
  assertError(t, await http.get(path, other.volunteer), 403, 'auth.forbidden');
  assertError(t, await http.get('/activities/999999/checkin-code', officer), 404, 'activities.not_found');

  // A district administrator of the same district may show the code; of another district may not.
  const sameDistrict = await ctx.addUser('district_admin', district.id);
  const r = await http.get(path, sameDistrict);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.activityId, id);
  const otherDistrict = await ctx.addUser('district_admin', other.c.id);
  assertError(t, await http.get(path, otherDistrict), 404, 'activities.not_found');
});
