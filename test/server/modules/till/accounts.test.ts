import test from 'ava';
import { eq } from 'drizzle-orm';
import { users } from '../../../../server/src/modules/users/users.table';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, inviteStaff, nextStep, refreshed, shop, verify } from '../merchants/support';

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
  const s = await shop(ctx, officer);
  const cashier = await inviteStaff(ctx, s.owner, '收银员');
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, shop: s, cashier, volunteer, device };
}

const del = (path: string, user: TestUser) => ctx.request().delete(`/api/v1${path}`).set(user.auth);

test('a cashier disabled by another process is refused at the till at once, whatever the session cache holds', async (t) => {
  const { cashier, device } = await setup();
  const first = await verify(ctx, cashier, device.code());
  t.is(first.body.valid, true, JSON.stringify(first.body));
  // Straight in the database (another API process, or an officer elsewhere): this process's session
  // cache still holds the account as enabled, and /me still answers for a few seconds…
  await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, cashier.id));
  t.is((await api(ctx).get('/me', cashier)).status, 200);
  // …but the till reads the account with the check.
  nextStep(ctx);
  assertError(t, await verify(ctx, cashier, device.code()), 403, 'auth.account_disabled');
});

test('the owner disables a cashier: refused at once; enabled again, a new sign-in verifies', async (t) => {
  const { shop: s, cashier, device } = await setup();
  const r = await api(ctx).post(`/merchants/me/staff/${cashier.id}/disable`, s.owner, { reason: '离职' });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.like(r.body, { id: cashier.id, disabled: true, disabledReason: '离职', isOwner: false });
  assertError(t, await verify(ctx, cashier, device.code()), 403, 'auth.account_disabled');
  const list = await api(ctx).get('/merchants/me/staff', s.owner);
  t.is(list.status, 200, JSON.stringify(list.body));
  t.deepEqual(
    (list.body.staff as { id: number; disabled: boolean }[]).map((x) => [x.id, x.disabled]),
    [
      [s.owner.id, false],
      [cashier.id, true],
    ],
  );
  const back = await api(ctx).post(`/merchants/me/staff/${cashier.id}/enable`, s.owner, { reason: '回来了' });
  t.is(back.status, 200, JSON.stringify(back.body));
  t.false(back.body.disabled);
  // The old session ended with the disabling.
  assertError(t, await verify(ctx, cashier, device.code()), 401, 'auth.invalid_token');
});

test('a cashier the owner removes is refused at once and can no longer sign in', async (t) => {
  const { shop: s, cashier, device } = await setup();
  const r = await del(`/merchants/me/staff/${cashier.id}`, s.owner);
  t.is(r.status, 204, JSON.stringify(r.body));
  assertError(t, await verify(ctx, cashier, device.code()), 403, 'auth.account_disabled');
  // Even with the account enabled again and a new token, the membership is gone.
  await ctx.db.update(users).set({ disabled: false }).where(eq(users.id, cashier.id));
  ctx.services.auth.forgetUser(cashier.id);
  ctx.clock.advance(1000);
  assertError(t, await verify(ctx, refreshed(ctx, cashier), device.code()), 403, 'merchants.not_member');
  const list = await api(ctx).get('/merchants/me/staff', s.owner);
  t.deepEqual(
    (list.body.staff as { id: number }[]).map((x) => x.id),
    [s.owner.id],
  );
  assertError(t, await del(`/merchants/me/staff/${cashier.id}`, s.owner), 404, 'merchants.staff_not_found');
});

test("only the owner manages staff, only their own shop's, and not the owner", async (t) => {
  const { officer, shop: s, cashier } = await setup();
  const other = await setup();
  assertError(t, await api(ctx).get('/merchants/me/staff', cashier), 403, 'merchants.owner_only');
  assertError(
    t,
    await api(ctx).post(`/merchants/me/staff/${s.owner.id}/disable`, cashier, { reason: '夺权' }),
    403,
    'merchants.owner_only',
  );
  assertError(
    t,
    await api(ctx).post(`/merchants/me/staff/${other.cashier.id}/disable`, s.owner, { reason: '别家的' }),
    404,
    'merchants.staff_not_found',
  );
  assertError(
    t,
    await api(ctx).post(`/merchants/me/staff/${s.owner.id}/disable`, s.owner, { reason: '自己' }),
    403,
    'accounts.not_allowed',
  );
  assertError(t, await del(`/merchants/me/staff/${s.owner.id}`, s.owner), 403, 'accounts.not_allowed');
  assertError(t, await api(ctx).get('/merchants/me/staff', officer), 403, 'auth.forbidden');
  for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(201) }]) {
    assertError(
      t,
      await api(ctx).post(`/merchants/me/staff/${cashier.id}/disable`, s.owner, body),
      400,
      'request.invalid',
    );
  }
  assertError(t, await del('/merchants/me/staff/0', s.owner), 400, 'request.invalid');
  assertError(t, await del('/merchants/me/staff/99999999999', s.owner), 400, 'request.invalid');
  const [row] = await ctx.db.select().from(users).where(eq(users.id, cashier.id));
  t.false(row!.disabled, 'nothing changed');
});

test('holders list their till devices and close one: its codes stop at once', async (t) => {
  const { cashier, volunteer, device } = await setup();
  t.is((await verify(ctx, cashier, device.code())).body.valid, true);
  nextStep(ctx);
  const second = await openDevice(ctx, volunteer, '新手机');
  const list = await api(ctx).get('/me/till-devices', volunteer);
  t.is(list.status, 200, JSON.stringify(list.body));
  const devices = list.body.devices as {
    id: string;
    active: boolean;
    label: string;
    lastUsedAt: string | null;
    replacedAt: string | null;
  }[];
  t.deepEqual(
    devices.map((d) => [d.id, d.label, d.active]),
    [
      [second.deviceId, '新手机', true],
      [device.deviceId, '我的手机', false],
    ],
  );
  t.truthy(devices[1]!.lastUsedAt);
  t.truthy(devices[1]!.replacedAt);
  t.is(devices[0]!.lastUsedAt, null);
  t.false(JSON.stringify(list.body).includes(second.secretHex), 'no secret in the list');

  const closed = await del(`/me/till-devices/${second.deviceId}`, volunteer);
  t.is(closed.status, 204, JSON.stringify(closed.body));
  const refused = await verify(ctx, cashier, second.code());
  t.is(refused.status, 200);
  t.is(refused.body.valid, false);
  t.is(refused.body.reason, 'verify.device_closed');
  // Closing again changes nothing; the list shows it closed.
  t.is((await del(`/me/till-devices/${second.deviceId}`, volunteer)).status, 204);
  const after = (await api(ctx).get('/me/till-devices', volunteer)).body.devices as {
    id: string;
    closedAt: string | null;
  }[];
  t.truthy(after.find((d) => d.id === second.deviceId)?.closedAt);
  // Opening again on a new phone works.
  const third = await openDevice(ctx, volunteer, '第三台');
  nextStep(ctx);
  t.is((await verify(ctx, cashier, third.code())).body.valid, true);
});

test("another holder's device is not found; bad ids are refused", async (t) => {
  const { officer, volunteer, device } = await setup();
  const stranger = await certifiedVolunteer(ctx, officer);
  assertError(t, await del(`/me/till-devices/${device.deviceId}`, stranger), 404, 'till.device_not_found');
  assertError(t, await del('/me/till-devices/abcdefghijk', volunteer), 404, 'till.device_not_found');
  for (const bad of ['short', 'has.dot.inside', 'x'.repeat(65)]) {
    assertError(t, await del(`/me/till-devices/${bad}`, volunteer), 400, 'request.invalid');
  }
  assertError(t, await del(`/me/till-devices/${device.deviceId}`, officer), 403, 'auth.forbidden');
  t.true((await api(ctx).get('/me/till-devices', stranger)).body.devices.length === 0);
});

test('a disabled holder’s code is refused at the till (verify.holder_disabled)', async (t) => {
  const { officer, cashier, volunteer, device } = await setup();
  t.is((await api(ctx).post(`/users/${volunteer.id}/disable`, officer, { reason: '出借证书' })).status, 200);
  const r = await verify(ctx, cashier, device.code());
  t.is(r.body.valid, false, JSON.stringify(r.body));
  t.is(r.body.reason, 'verify.holder_disabled');
});
