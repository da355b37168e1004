import { TILL_STEP_SECONDS, tillCode, tillOtp, tillStep } from '@timebank/shared';
import test, { type ExecutionContext } from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  certificateIdOf,
  certificateStatus,
  inviteStaff,
  shop as merchant,
  mustTransition,
  nextStep,
  setRealName,
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

const STEP_MS = TILL_STEP_SECONDS * 1000;

async function setup(shopOverrides: Record<string, unknown> = {}) {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer, shopOverrides);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, shop, volunteer, device };
}

/** Asserts a refusal: 200, valid false, the reason code and its message. */
async function refused(t: ExecutionContext, staff: TestUser, code: string, reason: string) {
  const r = await verify(ctx, staff, code);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.false(r.body.valid, JSON.stringify(r.body));
  t.is(r.body.reason, reason, JSON.stringify(r.body));
  t.is(typeof r.body.message, 'string');
  t.is(r.body.credential, undefined);
  t.is(r.body.holder, undefined);
  return r;
}

/** The same code with another (wrong) otp. */
function withWrongOtp(code: string): string {
  const parts = code.split('.');
  const otp = parts[3]!;
  parts[3] = String((Number(otp) + 1) % 1_000_000).padStart(6, '0');
  return parts.join('.');
}

test.serial('a valid check: masked name, level, discount, and no phone or real name', async (t) => {
  const { shop, volunteer, device } = await setup({
    discount: { percentOff: 20, conditions: '不与其他优惠同享' },
  });
  await setRealName(ctx, volunteer, '王小明', '13812345678');
  const r = await verify(ctx, shop.owner, device.code());
  t.is(r.status, 200, JSON.stringify(r.body));
  t.true(r.body.valid);
  t.is(typeof r.body.id, 'number');
  t.is(r.body.checkedAt, ctx.clock.now().toISOString());
  t.deepEqual(r.body.credential, { kind: 'certificate', label: '志愿者证书', level: 1 });
  t.is(r.body.holder.maskedName, '王*明');
  t.deepEqual(r.body.discount, {
    percentOff: 20,
    text: null,
    conditions: '不与其他优惠同享',
    label: '持证消费8折',
  });
  t.false(r.body.flagged);
  for (const secret of ['王小明', '小明', '13812345678', '5678', 'phone', 'realName', device.secretHex]) {
    t.false(r.text.includes(secret), secret);
  }
});

test.serial('without a real name, the display name is masked', async (t) => {
  const { shop, volunteer, device } = await setup();
  const p = await api(ctx).put('/me/profile', volunteer, { displayName: '欧阳娜娜' });
  t.is(p.status, 200);
  const r = await verify(ctx, shop.owner, device.code());
  t.true(r.body.valid);
  t.is(r.body.holder.maskedName, '欧**娜');
  t.false(r.text.includes('欧阳娜娜'));
});

test.serial('the same code twice → verify.code_reused, even at another shop', async (t) => {
  const { officer, shop, device } = await setup();
  const other = await merchant(ctx, officer);
  const code = device.code();
  await validCheck(ctx, shop.owner, code);
  await refused(t, shop.owner, code, 'verify.code_reused');
  await refused(t, other.owner, code, 'verify.code_reused');
  // the next step's code is fine
  nextStep(ctx);
  await validCheck(ctx, shop.owner, device.code());
});

test.serial('a code two steps old → verify.code_expired; one step old is still accepted', async (t) => {
  const { shop, device } = await setup();
  const old = device.code();
  ctx.clock.advance(61_000);
  await refused(t, shop.owner, old, 'verify.code_expired');
  // computed for the old time with the shared helper, the same answer
  const computed = tillCode(device.deviceId, device.secretHex, ctx.clock.now().getTime() - 61_000);
  await refused(t, shop.owner, computed, 'verify.code_expired');

  // one step behind the till's clock (a slow phone) is accepted
  const now = ctx.clock.now().getTime();
  const previous = tillCode(device.deviceId, device.secretHex, now - STEP_MS);
  await validCheck(ctx, shop.owner, previous);
  // one step ahead too; two ahead is not a code this device could show
  const ahead = tillCode(device.deviceId, device.secretHex, now + STEP_MS);
  await validCheck(ctx, shop.owner, ahead);
  const farAhead = tillCode(device.deviceId, device.secretHex, now + 2 * STEP_MS);
  await refused(t, shop.owner, farAhead, 'verify.code_invalid');
});

test.serial('a wrong otp → verify.code_invalid, and the right code of that step still works', async (t) => {
  const { shop, device } = await setup();
  const code = device.code();
  await refused(t, shop.owner, withWrongOtp(code), 'verify.code_invalid');
  // an old step with a wrong otp is invalid, not expired
  const step = tillStep(ctx.clock.now().getTime());
  const oldWrong = `TB1.${device.deviceId}.${step - 5}.${String((Number(tillOtp(device.secretHex, step - 5)) + 1) % 1_000_000).padStart(6, '0')}`;
  await refused(t, shop.owner, oldWrong, 'verify.code_invalid');
  await validCheck(ctx, shop.owner, code);
});

test.serial('garbage → verify.code_invalid; an unknown device → verify.unknown', async (t) => {
  const { shop, device } = await setup();
  for (const g of ['hello', 'TB1.short.1.123456', 'https://example.com', `TB2.${device.deviceId}.1.123456`]) {
    await refused(t, shop.owner, g, 'verify.code_invalid');
  }
  const step = tillStep(ctx.clock.now().getTime());
  await refused(t, shop.owner, `TB1.NoSuchDevice0001.${step}.123456`, 'verify.unknown');
  // a code made with the right otp but another device's id is unknown too
  await refused(
    t,
    shop.owner,
    tillCode('AnotherDevice_0002', device.secretHex, ctx.clock.now().getTime()),
    'verify.unknown',
  );
  // an empty code is not a request at all
  assertError(t, await verify(ctx, shop.owner, ''), 400, 'request.invalid');
  assertError(t, await api(ctx).post('/verifications', shop.owner, {}), 400, 'request.invalid');
});

test.serial('opening on a new device → the old code is verify.device_replaced', async (t) => {
  const { shop, volunteer, device } = await setup();
  const oldCode = device.code();
  const second = await openDevice(ctx, volunteer, '新手机');
  t.true(second.body.replacedPreviousDevice);
  await refused(t, shop.owner, oldCode, 'verify.device_replaced');
  nextStep(ctx);
  await refused(t, shop.owner, device.code(), 'verify.device_replaced');
  await validCheck(ctx, shop.owner, second.code());
  const notes = await api(ctx).get('/me/notifications', volunteer);
  t.true(notes.body.notifications.some((n: { kind: string }) => n.kind === 'till.device_replaced'));
});

test.serial(
  'suspended → verify.suspended; reinstated → valid again; revoked → verify.revoked at once',
  async (t) => {
    const { officer, shop, volunteer, device } = await setup();
    const certId = await certificateIdOf(ctx, officer, volunteer.id);
    t.is((await certificateStatus(ctx, officer, certId, 'suspend', '核查借证')).status, 200);
    const code = device.code();
    await refused(t, shop.owner, code, 'verify.suspended');
    t.is((await certificateStatus(ctx, officer, certId, 'reinstate', '核查无误')).status, 200);
    // the refused scan did not use up the step
    await validCheck(ctx, shop.owner, code);
    nextStep(ctx);
    const next = device.code();
    t.is((await certificateStatus(ctx, officer, certId, 'revoke', '将证书借给他人')).status, 200);
    await refused(t, shop.owner, next, 'verify.revoked');
    nextStep(ctx);
    await refused(t, shop.owner, device.code(), 'verify.revoked');
  },
);

test.serial(
  "a suspended or removed merchant's staff → 403 merchants.not_active; a warned one still verifies",
  async (t) => {
    const { officer, shop, device } = await setup();
    const cashier = await inviteStaff(ctx, shop.owner);
    await mustTransition(ctx, officer, shop.id, 'warn', '警告');
    await validCheck(ctx, cashier, device.code());
    nextStep(ctx);
    await mustTransition(ctx, officer, shop.id, 'suspend', '暂停');
    assertError(t, await verify(ctx, cashier, device.code()), 403, 'merchants.not_active');
    assertError(t, await verify(ctx, shop.owner, device.code()), 403, 'merchants.not_active');
    await mustTransition(ctx, officer, shop.id, 'remove', '退出');
    assertError(t, await verify(ctx, shop.owner, device.code()), 403, 'merchants.not_active');
    // nothing was recorded for the refused attempts, and the step is still unused
    const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
    t.is(checks.body.checks.length, 1);
    const other = await merchant(ctx, officer);
    await validCheck(ctx, other.owner, device.code());
  },
);

test.serial('volunteers and officers cannot verify → 403 auth.forbidden', async (t) => {
  const { officer, volunteer, device } = await setup();
  assertError(t, await verify(ctx, volunteer, device.code()), 403, 'auth.forbidden');
  assertError(t, await verify(ctx, officer, device.code()), 403, 'auth.forbidden');
});

test.serial(
  "an owner's alliance member credential verifies at another shop, until the owner's shop is suspended",
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const home = await merchant(ctx, officer, { name: '店主自己的店' });
    const elsewhere = await merchant(ctx, officer, { name: '别家店', discount: { text: '会员送小菜' } });
    const card = await openDevice(ctx, home.owner, '店主手机');
    t.is(card.body.credential.kind, 'alliance_member');

    const r = await verify(ctx, elsewhere.owner, card.code());
    t.is(r.status, 200, JSON.stringify(r.body));
    t.true(r.body.valid);
    t.deepEqual(r.body.credential, { kind: 'alliance_member', label: '联盟商家会员', level: 1 });
    t.is(r.body.discount.label, '会员送小菜');

    // the owner sees the check as a holder
    const mine = await api(ctx).get('/me/checks', home.owner);
    t.is(mine.status, 200);
    t.deepEqual(
      mine.body.checks.map((x: { merchant: { id: number }; valid: boolean }) => [x.merchant.id, x.valid]),
      [[elsewhere.id, true]],
    );

    nextStep(ctx);
    await mustTransition(ctx, officer, home.id, 'suspend', '暂停联盟资格');
    await refused(t, elsewhere.owner, card.code(), 'verify.merchant_not_active');
    // reinstated, it works again
    await mustTransition(ctx, officer, home.id, 'reinstate', '恢复');
    await validCheck(ctx, elsewhere.owner, card.code());
    nextStep(ctx);
    await mustTransition(ctx, officer, home.id, 'remove', '退出');
    await refused(t, elsewhere.owner, card.code(), 'verify.merchant_not_active');
  },
);

test.serial('reopening the member credential on a new phone ends the old one', async (t) => {
  const { officer } = await setup();
  const home = await merchant(ctx, officer);
  const elsewhere = await merchant(ctx, officer);
  const card = await openDevice(ctx, home.owner);
  const again = await openDevice(ctx, home.owner, '新手机');
  t.true(again.body.replacedPreviousDevice);
  await refused(t, elsewhere.owner, card.code(), 'verify.device_replaced');
  await validCheck(ctx, elsewhere.owner, again.code());
});

test.serial('one code scanned at several tills at once: exactly one is valid', async (t) => {
  const { officer, shop, device } = await setup();
  const others = [await merchant(ctx, officer), await merchant(ctx, officer)];
  const code = device.code();
  const rs = await Promise.all([shop, ...others, shop].map((s) => verify(ctx, s.owner, code)));
  t.true(rs.every((r) => r.status === 200));
  t.is(rs.filter((r) => r.body.valid).length, 1, JSON.stringify(rs.map((r) => r.body)));
  t.deepEqual(
    rs.filter((r) => !r.body.valid).map((r) => r.body.reason),
    ['verify.code_reused', 'verify.code_reused', 'verify.code_reused'],
  );
});
