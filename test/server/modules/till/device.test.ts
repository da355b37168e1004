import { TILL_STEP_SECONDS, tillCode } from '@timebank/shared';
import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  api,
  assertError,
  certificateIdOf,
  certificateStatus,
  shop as merchant,
  mustTransition,
  notificationKinds,
  verify,
} from '../merchants/support';

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

test('a volunteer without a certificate → 404 till.no_credential', async (t) => {
  const { c } = await setup();
  const volunteer = await ctx.addUser('volunteer', c.id);
  assertError(
    t,
    await api(ctx).post('/me/till-device', volunteer, { label: '手机' }),
    404,
    'till.no_credential',
  );
});

test('officers cannot open a till credential → 403 auth.forbidden', async (t) => {
  const { officer } = await setup();
  assertError(t, await api(ctx).post('/me/till-device', officer, {}), 403, 'auth.forbidden');
  assertError(t, await api(ctx).post('/me/till-device', undefined, {}), 401, 'auth.required');
});

test('a certified volunteer → 201 with deviceId, secretHex and the credential', async (t) => {
  const { officer } = await setup();
  const volunteer = await certifiedVolunteer(ctx, officer);
  const r = await api(ctx).post('/me/till-device', volunteer, { label: '我的手机' });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.regex(r.body.deviceId, /^[A-Za-z0-9_-]{8,64}$/);
  t.regex(r.body.secretHex, /^[0-9a-f]{40}$/);
  t.is(r.body.stepSeconds, TILL_STEP_SECONDS);
  t.is(r.body.credential.kind, 'certificate');
  t.is(r.body.credential.level, 1);
  t.truthy(r.body.credential.serial);
  t.false(r.body.replacedPreviousDevice);
  t.deepEqual(await notificationKinds(ctx, volunteer), []);
  // a label is optional, but bounded
  assertError(
    t,
    await api(ctx).post('/me/till-device', volunteer, { label: 'x'.repeat(61) }),
    400,
    'request.invalid',
  );
});

test('each opening gets its own device and secret', async (t) => {
  const { officer } = await setup();
  const a = await certifiedVolunteer(ctx, officer);
  const b = await certifiedVolunteer(ctx, officer);
  const da = await openDevice(ctx, a);
  const db = await openDevice(ctx, b);
  t.not(da.deviceId, db.deviceId);
  t.not(da.secretHex, db.secretHex);
});

test('opening on a new device ends the old one; the holder is told', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const oldPhone = await openDevice(ctx, volunteer, '旧手机');
  const oldCode = oldPhone.code();
  const newPhone = await openDevice(ctx, volunteer, '新手机');
  t.true(newPhone.body.replacedPreviousDevice);
  t.not(newPhone.deviceId, oldPhone.deviceId);

  const stale = await verify(ctx, shop.owner, oldCode);
  t.is(stale.status, 200, JSON.stringify(stale.body));
  t.false(stale.body.valid);
  t.is(stale.body.reason, 'verify.device_replaced');

  const fresh = await verify(ctx, shop.owner, newPhone.code());
  t.true(fresh.body.valid, JSON.stringify(fresh.body));

  const notes = await api(ctx).get('/me/notifications', volunteer);
  const replaced = (notes.body.notifications as { kind: string; data: { label: string } }[]).filter(
    (n) => n.kind === 'till.device_replaced',
  );
  t.is(replaced.length, 1);
  t.is(replaced[0]!.data.label, '新手机');
});

test('openings at once (a double tap) all succeed, and exactly one device stays', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const volunteer = await certifiedVolunteer(ctx, officer);
  await openDevice(ctx, volunteer, '第一台');
  const rs = await Promise.all(
    [1, 2, 3, 4].map((i) => api(ctx).post('/me/till-device', volunteer, { label: `手机${i}` })),
  );
  t.deepEqual(
    rs.map((r) => r.status),
    [201, 201, 201, 201],
    JSON.stringify(rs.map((r) => r.body)),
  );
  t.true(rs.every((r) => r.body.replacedPreviousDevice));
  const now = ctx.clock.now().getTime();
  const answers: string[] = [];
  for (const r of rs) {
    const v = await verify(ctx, shop.owner, tillCode(r.body.deviceId, r.body.secretHex, now));
    answers.push(v.body.valid ? 'valid' : v.body.reason);
  }
  t.is(answers.filter((a) => a === 'valid').length, 1, answers.join());
  t.is(answers.filter((a) => a === 'verify.device_replaced').length, 3, answers.join());
  t.is((await notificationKinds(ctx, volunteer)).filter((k) => k === 'till.device_replaced').length, 4);
});

test('a suspended or revoked certificate cannot be opened → 409 till.credential_inactive', async (t) => {
  const { officer } = await setup();
  const volunteer = await certifiedVolunteer(ctx, officer);
  const certId = await certificateIdOf(ctx, officer, volunteer.id);
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '调查中')).status, 200);
  const r = await api(ctx).post('/me/till-device', volunteer, {});
  assertError(t, r, 409, 'till.credential_inactive');
  t.like(r.body.error.meta, { status: 'suspended' });
  t.is((await certificateStatus(ctx, officer, certId, 'reinstate', '查明无误')).status, 200);
  t.is((await api(ctx).post('/me/till-device', volunteer, {})).status, 201);
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '出借证书')).status, 200);
  assertError(t, await api(ctx).post('/me/till-device', volunteer, {}), 409, 'till.credential_inactive');
});

test('a merchant owner opens the alliance member credential; not while the shop is suspended', async (t) => {
  const { officer } = await setup();
  const shop = await merchant(ctx, officer);
  const r = await api(ctx).post('/me/till-device', shop.owner, { label: '店主手机' });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.credential.kind, 'alliance_member');
  const mine = await api(ctx).get('/merchants/me', shop.owner);
  t.is(r.body.credential.serial, mine.body.merchant.credentialSerial);
  await mustTransition(ctx, officer, shop.id, 'suspend', '暂停');
  assertError(t, await api(ctx).post('/me/till-device', shop.owner, {}), 409, 'till.credential_inactive');
});
