import { verifyReasons } from '@timebank/shared';
import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  shop as merchant,
  nextStep,
  recordDiscount,
  validCheck,
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
  const shop = await merchant(ctx, officer, { name: '记账小店' });
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, shop, volunteer, device };
}

test('a discount after a valid check → 201; a second one → 409 verify.discount_recorded', async (t) => {
  const { shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  const r = await recordDiscount(ctx, shop.owner, id, {
    billAmount: 88.8,
    savingAmount: 17.76,
    note: '午餐',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.verificationId, id);
  t.is(r.body.billAmount, 88.8);
  t.is(r.body.savingAmount, 17.76);
  t.is(r.body.note, '午餐');
  t.is(typeof r.body.id, 'number');

  assertError(
    t,
    await recordDiscount(ctx, shop.owner, id, { savingAmount: 1 }),
    409,
    'verify.discount_recorded',
  );
  // another member of the same shop cannot add a second one either
  const cashier = await inviteStaff(ctx, shop.owner);
  assertError(t, await recordDiscount(ctx, cashier, id, {}), 409, 'verify.discount_recorded');

  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.deepEqual(checks.body.checks[0].discount, { billAmount: 88.8, savingAmount: 17.76 });
});

test('amounts are optional', async (t) => {
  const { shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  const r = await recordDiscount(ctx, shop.owner, id, {});
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.billAmount, null);
  t.is(r.body.savingAmount, null);
  t.is(r.body.note, null);
});

test('a discount on a refused check → 409 verify.not_valid', async (t) => {
  const { shop, device } = await setup();
  const code = device.code();
  await validCheck(ctx, shop.owner, code);
  const reused = await verify(ctx, shop.owner, code);
  t.false(reused.body.valid);
  assertError(
    t,
    await recordDiscount(ctx, shop.owner, reused.body.id, { savingAmount: 5 }),
    409,
    'verify.not_valid',
  );
  const garbage = await verify(ctx, shop.owner, 'garbage');
  t.false(garbage.body.valid);
  assertError(t, await recordDiscount(ctx, shop.owner, garbage.body.id, {}), 409, 'verify.not_valid');
});

test('negative or malformed amounts → 400 request.invalid; an unknown check → 404 verify.not_found', async (t) => {
  const { shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  for (const body of [
    { billAmount: -1 },
    { savingAmount: -0.01 },
    { billAmount: 10.005 },
    { billAmount: '10' },
    { savingAmount: 2_000_000 },
    { tip: 5 },
  ]) {
    assertError(t, await recordDiscount(ctx, shop.owner, id, body), 400, 'request.invalid');
  }
  assertError(t, await recordDiscount(ctx, shop.owner, 987_654, {}), 404, 'verify.not_found');
  // none of the refusals recorded anything: the first real one goes through
  t.is((await recordDiscount(ctx, shop.owner, id, { billAmount: 0, savingAmount: 0 })).status, 201);
});

test('volunteers cannot record discounts → 403 auth.forbidden', async (t) => {
  const { shop, volunteer, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  assertError(t, await recordDiscount(ctx, volunteer, id, {}), 403, 'auth.forbidden');
});

test.serial('the holder sees every check of the certificate: shop, time, result and reason', async (t) => {
  const { officer, shop, volunteer, device } = await setup();
  const other = await merchant(ctx, officer, { name: '第二家店' });
  const code = device.code();
  const t1 = ctx.clock.now().toISOString();
  const v1 = await validCheck(ctx, shop.owner, code);
  t.is((await recordDiscount(ctx, shop.owner, v1, { savingAmount: 12.5 })).status, 201);
  nextStep(ctx);
  const t2 = ctx.clock.now().toISOString();
  const reused = await verify(ctx, other.owner, code);
  t.is(reused.body.reason, 'verify.code_reused');
  const v3 = await validCheck(ctx, other.owner, device.code());
  // a garbage scan carries no holder and is not theirs
  await verify(ctx, other.owner, 'garbage');

  const r = await api(ctx).get('/me/checks', volunteer);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.checks, [
    {
      id: v3,
      at: t2,
      merchant: { id: other.id, name: '第二家店' },
      valid: true,
      reason: null,
      reasonMessage: null,
      discount: null,
    },
    {
      id: reused.body.id,
      at: t2,
      merchant: { id: other.id, name: '第二家店' },
      valid: false,
      reason: 'verify.code_reused',
      reasonMessage: verifyReasons['verify.code_reused'].zh,
      discount: null,
    },
    {
      id: v1,
      at: t1,
      merchant: { id: shop.id, name: '记账小店' },
      valid: true,
      reason: null,
      reasonMessage: null,
      discount: { savingAmount: 12.5 },
    },
  ]);

  // another volunteer sees none of it
  const stranger = await certifiedVolunteer(ctx, officer);
  const theirs = await api(ctx).get('/me/checks', stranger);
  t.deepEqual(theirs.body.checks, []);
});

test.serial('the shop sees its own checks, with garbage scans, and none of other shops', async (t) => {
  const { officer, shop, device } = await setup();
  const other = await merchant(ctx, officer);
  const v1 = await validCheck(ctx, shop.owner, device.code());
  const bad = await verify(ctx, shop.owner, 'TB1.nothing');
  nextStep(ctx);
  const elsewhere = await validCheck(ctx, other.owner, device.code());
  const r = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(
    r.body.checks.map((c: { id: number; valid: boolean; reason: string | null; kind: string | null }) => [
      c.id,
      c.valid,
      c.reason,
      c.kind,
    ]),
    [
      [bad.body.id, false, 'verify.code_invalid', null],
      [v1, true, null, 'certificate'],
    ],
  );
  t.false(r.body.checks.some((c: { id: number }) => c.id === elsewhere));
  // nor does the shop see who the holder is
  t.false(r.text.includes('holderId'));
  assertError(t, await api(ctx).get('/merchants/me/checks', officer), 403, 'auth.forbidden');
});

test('the same discount recorded at once from two tills: one 201, the rest 409', async (t) => {
  const { shop, device } = await setup();
  const cashier = await inviteStaff(ctx, shop.owner);
  const id = await validCheck(ctx, shop.owner, device.code());
  const rs = await Promise.all(
    [shop.owner, cashier, shop.owner].map((s) => recordDiscount(ctx, s, id, { savingAmount: 3 })),
  );
  t.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409]);
  t.true(rs.filter((r) => r.status === 409).every((r) => r.body.error.code === 'verify.discount_recorded'));
  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.deepEqual(checks.body.checks[0].discount, { billAmount: null, savingAmount: 3 });
});
