import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  shop as merchant,
  recordDiscount,
  today,
  validCheck,
  verify,
} from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  return { c, officer };
}

test('the owner invites staff → 201; the owner sees the staff list, the staff member does not', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const r = await api(ctx).post('/merchants/me/staff', shop.owner, {
    username: `cashier-a-${process.pid}`,
    password: 'cashier password 1',
    displayName: '收银小李',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.deepEqual(r.body, {
    id: r.body.id,
    username: `cashier-a-${process.pid}`,
    displayName: '收银小李',
    isOwner: false,
  });

  const mine = await api(ctx).get('/merchants/me', shop.owner);
  t.deepEqual(
    mine.body.staff.map((s: { id: number; isOwner: boolean }) => [s.id, s.isOwner]),
    [
      [shop.owner.id, true],
      [r.body.id, false],
    ],
  );

  // the new account signs in with its password and works for the same shop
  const login = await ctx
    .request()
    .post('/api/v1/auth/password')
    .send({ username: `cashier-a-${process.pid}`, password: 'cashier password 1' });
  t.is(login.status, 200, JSON.stringify(login.body));
  t.is(login.body.user.role, 'merchant_staff');
  const me = await ctx
    .request()
    .get('/api/v1/merchants/me')
    .set({ Authorization: `Bearer ${login.body.token}` });
  t.is(me.status, 200);
  t.is(me.body.merchant.id, shop.id);
  t.false(me.body.isOwner);
  t.is(me.body.staff, undefined);
});

test('staff verify for their shop and record the discount', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer, { discount: { percentOff: 14 } });
  const cashier = await inviteStaff(ctx, shop.owner);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  const r = await verify(ctx, cashier, device.code());
  t.is(r.status, 200, JSON.stringify(r.body));
  t.true(r.body.valid);
  t.is(r.body.discount.label, '持证消费8.6折');
  const d = await recordDiscount(ctx, cashier, r.body.id, { billAmount: 50, savingAmount: 7 });
  t.is(d.status, 201, JSON.stringify(d.body));
  // the check is the shop's: the owner sees it, recorded by the cashier
  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.is(checks.body.checks.length, 1);
  t.is(checks.body.checks[0].id, r.body.id);
  t.deepEqual(checks.body.checks[0].discount, { billAmount: 50, savingAmount: 7, status: 'recorded' });
});

test('staff (not the owner) inviting → 403 merchants.owner_only', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const cashier = await inviteStaff(ctx, shop.owner);
  const r = await api(ctx).post('/merchants/me/staff', cashier, {
    username: `sneaky-${process.pid}`,
    password: 'sneaky password 1',
    displayName: '冒名',
  });
  assertError(t, r, 403, 'merchants.owner_only');
  const mine = await api(ctx).get('/merchants/me', shop.owner);
  t.is(mine.body.staff.length, 2);
});

test('a volunteer or an officer cannot invite staff; a taken username → 409 merchants.username_taken', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const volunteer = await ctx.addUser('volunteer', officer.communityId);
  const body = { username: `dup-${process.pid}`, password: 'dup password 1', displayName: '店员' };
  assertError(t, await api(ctx).post('/merchants/me/staff', volunteer, body), 403, 'auth.forbidden');
  assertError(t, await api(ctx).post('/merchants/me/staff', officer, body), 403, 'auth.forbidden');
  t.is((await api(ctx).post('/merchants/me/staff', shop.owner, body)).status, 201);
  assertError(
    t,
    await api(ctx).post('/merchants/me/staff', shop.owner, { ...body, displayName: '另一个' }),
    409,
    'merchants.username_taken',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/me/staff', shop.owner, { ...body, username: 'x' }),
    400,
    'request.invalid',
  );
  const mine = await api(ctx).get('/merchants/me', shop.owner);
  t.is(mine.body.staff.length, 2);
});

test("staff of shop A cannot touch shop B's checks, report or trail", async (t) => {
  const { officer } = await setup();
  const a = await merchant(ctx, officer);
  const b = await merchant(ctx, officer);
  const cashierA = await inviteStaff(ctx, a.owner);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  const checkAtB = await validCheck(ctx, b.owner, device.code());

  assertError(t, await recordDiscount(ctx, cashierA, checkAtB, { savingAmount: 5 }), 404, 'verify.not_found');
  assertError(t, await recordDiscount(ctx, a.owner, checkAtB, { savingAmount: 5 }), 404, 'verify.not_found');
  const day = today(ctx);
  assertError(
    t,
    await api(ctx).get(`/merchants/${b.id}/report?from=${day}&to=${day}`, cashierA),
    403,
    'merchants.not_member',
  );
  assertError(t, await api(ctx).get(`/merchants/${b.id}/events`, cashierA), 403, 'merchants.not_member');
  assertError(t, await api(ctx).get(`/merchants/${b.id}`, cashierA), 403, 'merchants.not_member');

  // A sees none of B's checks; B's check still has no discount and B can record it
  const aChecks = await api(ctx).get('/merchants/me/checks', cashierA);
  t.deepEqual(aChecks.body.checks, []);
  const d = await recordDiscount(ctx, b.owner, checkAtB, { billAmount: 25, savingAmount: 5 });
  t.is(d.status, 201, JSON.stringify(d.body));

  // A's own report is readable
  const own = await api(ctx).get(`/merchants/${a.id}/report?from=${day}&to=${day}`, cashierA);
  t.is(own.status, 200, JSON.stringify(own.body));
  t.is(own.body.totals.checksValid, 0);
});

test('a staff member who is not the owner holds no alliance member credential', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const cashier = await inviteStaff(ctx, shop.owner);
  assertError(t, await api(ctx).post('/me/till-device', cashier, {}), 404, 'till.no_credential');
  const owner = await api(ctx).post('/me/till-device', shop.owner, {});
  t.is(owner.status, 201, JSON.stringify(owner.body));
  t.is(owner.body.credential.kind, 'alliance_member');
});
