import { PLEDGE_VERSION } from '@timebank/shared';
import test from 'ava';
import { applicationBody, certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { api, apply as applyAt, assertError, shop as merchant, verify } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const apply = (body: object) => applyAt(ctx, body);

test('a valid application → 201, applied, pledge recorded, and the owner token works on /merchants/me', async (t) => {
  const c = await ctx.addCommunity();
  const body = applicationBody(c.id, { discount: { text: '持证送豆浆一杯' } });
  const r = await apply(body);
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.merchant.status, 'applied');
  t.is(r.body.merchant.communityId, c.id);
  t.is(r.body.merchant.name, body.name);
  t.is(r.body.merchant.licenceNo, body.licenceNo);
  t.deepEqual(r.body.merchant.pledge, {
    version: PLEDGE_VERSION,
    acceptedAt: ctx.clock.now().toISOString(),
  });
  t.is(r.body.merchant.credentialSerial, null);
  t.is(r.body.merchant.discount.label, '持证送豆浆一杯');
  t.is(r.body.user.role, 'merchant_staff');
  t.false(JSON.stringify(r.body).includes('correct horse'));
  t.false(JSON.stringify(r.body).includes('passwordHash'));

  const auth = { Authorization: `Bearer ${r.body.token}` };
  const me = await ctx.request().get('/api/v1/merchants/me').set(auth);
  t.is(me.status, 200, JSON.stringify(me.body));
  t.is(me.body.merchant.id, r.body.merchant.id);
  t.is(me.body.merchant.status, 'applied');
  t.true(me.body.isOwner);
  t.deepEqual(
    me.body.staff.map((s: { id: number; isOwner: boolean }) => [s.id, s.isOwner]),
    [[r.body.user.id, true]],
  );

  // the application is the first event of the trail
  const officer = await ctx.addUser('officer', c.id);
  const events = await api(ctx).get(`/merchants/${r.body.merchant.id}/events`, officer);
  t.is(events.status, 200);
  t.is(events.body.events.length, 1);
  t.like(events.body.events[0], { action: 'apply', from: null, to: 'applied' });
  t.true(events.body.events[0].reason.includes(PLEDGE_VERSION));

  // the officer sees the application in the community list
  const list = await api(ctx).get('/merchants?status=applied', officer);
  t.is(list.status, 200);
  t.deepEqual(
    list.body.merchants.map((m: { id: number }) => m.id),
    [r.body.merchant.id],
  );
});

test('the owner can sign in with the password chosen in the application', async (t) => {
  const c = await ctx.addCommunity();
  const body = applicationBody(c.id);
  t.is((await apply(body)).status, 201);
  const login = await ctx
    .request()
    .post('/api/v1/auth/password')
    .send({ username: body.owner.username, password: body.owner.password });
  t.is(login.status, 200, JSON.stringify(login.body));
  t.truthy(login.body.token);
  const me = await ctx
    .request()
    .get('/api/v1/merchants/me')
    .set({ Authorization: `Bearer ${login.body.token}` });
  t.is(me.status, 200);
});

test('invalid applications → 400 request.invalid, and nothing is created', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const cases: [string, Record<string, unknown>][] = [
    ['no licence', { licenceNo: undefined }],
    ['a malformed licence', { licenceNo: 'abc' }],
    ['the wrong pledge version', { pledge: { accepted: true, version: '2020-01' } }],
    ['the pledge not accepted', { pledge: { accepted: false, version: PLEDGE_VERSION } }],
    ['no pledge', { pledge: undefined }],
    ['neither percentOff nor text', { discount: { conditions: '周末不参加' } }],
    ['an empty discount', { discount: {} }],
    ['percentOff above 90', { discount: { percentOff: 95 } }],
    ['an unknown category', { category: 'casino' }],
    ['an unknown tag', { tags: ['rich_owned'] }],
    ['a short password', { owner: { username: 'shortpw', password: 'short', displayName: '店主' } }],
    ['an unknown field', { extra: 1 }],
  ];
  for (const [what, overrides] of cases) {
    const body = applicationBody(c.id, overrides) as Record<string, unknown>;
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete body[k];
    const r = await apply(body);
    assertError(t, r, 400, 'request.invalid');
    t.pass(what);
  }
  const list = await api(ctx).get('/merchants', officer);
  t.is(list.body.merchants.length, 0);
});

test('an unknown community → 404 communities.not_found', async (t) => {
  const r = await apply(applicationBody(987_654));
  assertError(t, r, 404, 'communities.not_found');
});

test('a duplicate owner username → 409 merchants.username_taken, and the second shop is not created', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const first = applicationBody(c.id);
  t.is((await apply(first)).status, 201);
  const second = applicationBody(c.id, { owner: { ...first.owner, displayName: '另一个店主' } });
  const r = await apply(second);
  assertError(t, r, 409, 'merchants.username_taken');
  const list = await api(ctx).get('/merchants', officer);
  t.deepEqual(
    list.body.merchants.map((m: { name: string }) => m.name),
    [first.name],
  );
});

test('an applied merchant is not in the directory and cannot verify', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer, {}, false);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const dir = await api(ctx).get('/alliance/merchants', volunteer);
  t.is(dir.status, 200);
  t.deepEqual(dir.body.merchants, []);

  const device = await openDevice(ctx, volunteer);
  const r = await verify(ctx, shop.owner, device.code());
  assertError(t, r, 403, 'merchants.not_active');

  // it cannot open an alliance member credential either: none has been issued
  const cred = await api(ctx).post('/me/till-device', shop.owner, {});
  assertError(t, cred, 404, 'till.no_credential');

  // nothing was recorded against the shop
  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.is(checks.status, 200);
  t.deepEqual(checks.body.checks, []);
});

test('merchant details are for officers of the community and the shop itself', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer);
  const other = await merchant(ctx, officer);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);

  t.is((await api(ctx).get(`/merchants/${shop.id}`, officer)).status, 200);
  const own = await api(ctx).get(`/merchants/${shop.id}`, shop.owner);
  t.is(own.status, 200);
  t.is(own.body.licenceNo.length > 0, true);
  assertError(t, await api(ctx).get(`/merchants/${shop.id}`, other.owner), 403, 'merchants.not_member');
  assertError(t, await api(ctx).get(`/merchants/${shop.id}`, volunteer), 403, 'auth.forbidden');
  assertError(t, await api(ctx).get(`/merchants/${shop.id}`, foreign), 404, 'merchants.not_found');
  assertError(t, await api(ctx).get('/merchants/999999', officer), 404, 'merchants.not_found');
  assertError(t, await api(ctx).get('/merchants/me', volunteer), 403, 'auth.forbidden');
});
