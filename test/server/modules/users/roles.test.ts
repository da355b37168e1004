import test from 'ava';
import { eq } from 'drizzle-orm';
import { SESSION_CACHE_TTL_MS } from '../../../../server/src/modules/auth/auth.service';
import { users } from '../../../../server/src/modules/users/users.table';
import { activityBody, createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const volunteersOf = (auth: { Authorization: string }, communityId?: number) =>
  ctx
    .request()
    .get('/api/v1/volunteers')
    .query(communityId === undefined ? {} : { communityId })
    .set(auth);

test('a volunteer may not create an activity → 403 auth.forbidden; an officer may', async (t) => {
  const c = await ctx.addCommunity();
  const volunteer = await ctx.addUser('volunteer', c.id);
  const officer = await ctx.addUser('officer', c.id);
  const body = activityBody(ctx.clock.now());

  const denied = await ctx.request().post('/api/v1/activities').set(volunteer.auth).send(body);
  t.is(denied.status, 403, JSON.stringify(denied.body));
  t.is(denied.body.error.code, 'auth.forbidden');

  const list = await ctx.request().get('/api/v1/activities').set(officer.auth);
  t.is(list.status, 200);

  const ok = await ctx.request().post('/api/v1/activities').set(officer.auth).send(body);
  t.is(ok.status, 201, JSON.stringify(ok.body));
});

test('merchant staff and district admins may not create activities either', async (t) => {
  const c = await ctx.addCommunity();
  for (const role of ['merchant_staff', 'district_admin'] as const) {
    const u = await ctx.addUser(role, c.id);
    const res = await ctx
      .request()
      .post('/api/v1/activities')
      .set(u.auth)
      .send(activityBody(ctx.clock.now()));
    t.is(res.status, 403, role);
    t.is(res.body.error.code, 'auth.forbidden', role);
  }
});

test('without a token a staff route → 401 auth.required', async (t) => {
  const res = await ctx.request().post('/api/v1/activities').send(activityBody(ctx.clock.now()));
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.required');
});

test('a volunteer may not list volunteers → 403 auth.forbidden', async (t) => {
  const c = await ctx.addCommunity();
  const volunteer = await ctx.addUser('volunteer', c.id);
  const res = await volunteersOf(volunteer.auth);
  t.is(res.status, 403);
  t.is(res.body.error.code, 'auth.forbidden');
});

test("an officer lists their own community's volunteers, and only those", async (t) => {
  const a = await ctx.addCommunity();
  const b = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', a.id);
  const mine = await ctx.addUser('volunteer', a.id);
  const theirs = await ctx.addUser('volunteer', b.id);

  for (const res of [await volunteersOf(officer.auth), await volunteersOf(officer.auth, a.id)]) {
    t.is(res.status, 200, JSON.stringify(res.body));
    const ids = res.body.volunteers.map((v: { id: number }) => v.id);
    t.deepEqual(ids, [mine.id]);
    t.false(ids.includes(theirs.id));
  }
});

test('an officer of community A listing community B → 403 auth.wrong_community', async (t) => {
  const a = await ctx.addCommunity();
  const b = await ctx.addCommunity('B社区', { districtId: a.districtId });
  const officer = await ctx.addUser('officer', a.id);
  await ctx.addUser('volunteer', b.id);
  // Even in the same district: officers are bound to their own community.
  const res = await volunteersOf(officer.auth, b.id);
  t.is(res.status, 403, JSON.stringify(res.body));
  t.is(res.body.error.code, 'auth.wrong_community');
  t.is(res.body.volunteers, undefined);
});

test('a district admin may list a community of the same district, not of another district', async (t) => {
  const home = await ctx.addCommunity();
  const sameDistrict = await ctx.addCommunity('同区社区', { districtId: home.districtId });
  const elsewhere = await ctx.addCommunity('外区社区');
  t.not(elsewhere.districtId, home.districtId);
  const admin = await ctx.addUser('district_admin', home.id);
  const v = await ctx.addUser('volunteer', sameDistrict.id);
  await ctx.addUser('volunteer', elsewhere.id);

  const ok = await volunteersOf(admin.auth, sameDistrict.id);
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.deepEqual(
    ok.body.volunteers.map((x: { id: number }) => x.id),
    [v.id],
  );

  const denied = await volunteersOf(admin.auth, elsewhere.id);
  t.is(denied.status, 403);
  t.is(denied.body.error.code, 'auth.wrong_community');

  const missing = await volunteersOf(admin.auth, 987654);
  t.is(missing.status, 403);
  t.is(missing.body.error.code, 'auth.wrong_community');
});

test('the role comes from the database, not from the token', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const before = await volunteersOf(officer.auth);
  t.is(before.status, 200);
  // Demoted after the token was issued: the old token no longer carries officer rights.
  await ctx.db.update(users).set({ role: 'merchant_staff' }).where(eq(users.id, officer.id));
  // Session checks reuse the user lookup for a few seconds (SESSION_CACHE_TTL_MS).
  ctx.clock.advance(SESSION_CACHE_TTL_MS);
  const after = await volunteersOf(officer.auth);
  t.is(after.status, 403);
  t.is(after.body.error.code, 'auth.forbidden');
  const me = await ctx.request().get('/api/v1/me').set(officer.auth);
  t.is(me.body.role, 'merchant_staff');
});

test('an invalid query → 400 request.invalid', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  for (const q of ['communityId=abc', 'communityId=-1', 'other=1']) {
    const res = await ctx.request().get(`/api/v1/volunteers?${q}`).set(officer.auth);
    t.is(res.status, 400, q);
    t.is(res.body.error.code, 'request.invalid', q);
  }
});
