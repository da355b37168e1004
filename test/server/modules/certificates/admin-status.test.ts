import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  certificateIdOf,
  certificateStatus,
  shop as merchant,
  nextStep,
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
  const volunteer = await certifiedVolunteer(ctx, officer);
  const certId = await certificateIdOf(ctx, officer, volunteer.id);
  return { c, officer, volunteer, certId };
}

const myCertificate = (v: TestUser) => api(ctx).get('/me/certificate', v);
const history = async (v: TestUser) => {
  const r = await api(ctx).get('/me/certificate/history', v);
  if (r.status !== 200) throw new Error(`history failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    events: { action: string; from: string | null; to: string; reason: string; at: string }[];
    appeal: unknown;
    canAppeal: boolean;
  };
};
/** The status changes, leaving aside any issue event. */
const changes = async (v: TestUser) =>
  (await history(v)).events
    .filter((e) => e.action !== 'issue')
    .map((e) => [e.action, e.from, e.to, e.reason]);

test.serial(
  'suspend → reinstate → revoke; the holder sees the reason, the trail and a message each time',
  async (t) => {
    const { officer, volunteer, certId } = await setup();
    const before = await myCertificate(volunteer);
    t.is(before.status, 200);
    t.is(before.body.status, 'active');
    t.is(before.body.statusReason, null);
    t.deepEqual(await changes(volunteer), []);

    const steps: ['suspend' | 'reinstate' | 'revoke', string, string][] = [
      ['suspend', 'suspended', '有商家反映证书被他人使用，核查期间暂停'],
      ['reinstate', 'active', '核查无误，恢复使用'],
      ['revoke', 'revoked', '查实将证书借给他人使用'],
    ];
    for (const [action, status, reason] of steps) {
      nextStep(ctx);
      const r = await certificateStatus(ctx, officer, certId, action, reason);
      t.is(r.status, 200, JSON.stringify(r.body));
      t.is(r.body.id, certId);
      t.is(r.body.status, status);
      t.is(r.body.statusReason, reason);
      const mine = await myCertificate(volunteer);
      t.is(mine.body.status, status);
      t.is(mine.body.statusReason, reason);
      const list = await api(ctx).get(`/certificates?status=${status}`, officer);
      t.deepEqual(
        list.body.certificates.map((x: { id: number }) => x.id),
        [certId],
      );
    }
    t.deepEqual(await changes(volunteer), [
      ['suspend', 'active', 'suspended', steps[0]![2]],
      ['reinstate', 'suspended', 'active', steps[1]![2]],
      ['revoke', 'active', 'revoked', steps[2]![2]],
    ]);
    const notes = await api(ctx).get('/me/notifications', volunteer);
    const kinds = (notes.body.notifications as { kind: string; body: string }[])
      .filter((n) => n.kind.startsWith('certificate.') && n.kind !== 'certificate.issued')
      .map((n) => [n.kind, n.body]);
    t.deepEqual(kinds, [
      ['certificate.revoke', steps[2]![2]],
      ['certificate.reinstate', steps[1]![2]],
      ['certificate.suspend', steps[0]![2]],
    ]);
    const h = await history(volunteer);
    t.is(h.appeal, null);
    t.true(h.canAppeal);
  },
);

test('reinstating an active certificate, or suspending a suspended one → 409 certificates.invalid_transition', async (t) => {
  const { officer, volunteer, certId } = await setup();
  const r = await certificateStatus(ctx, officer, certId, 'reinstate', '无事可恢复');
  assertError(t, r, 409, 'certificates.invalid_transition');
  t.deepEqual(r.body.error.meta, { from: 'active', action: 'reinstate' });
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '暂停')).status, 200);
  assertError(
    t,
    await certificateStatus(ctx, officer, certId, 'suspend', '再次暂停'),
    409,
    'certificates.invalid_transition',
  );
  t.deepEqual(
    (await changes(volunteer)).map((e) => e[0]),
    ['suspend'],
  );
});

test('a suspended certificate may be revoked directly', async (t) => {
  const { officer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '暂停')).status, 200);
  const r = await certificateStatus(ctx, officer, certId, 'revoke', '收回');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.status, 'revoked');
});

test('after a revocation nothing but an appeal decision moves it → 409', async (t) => {
  const { officer, volunteer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '收回')).status, 200);
  for (const action of ['suspend', 'reinstate', 'revoke'] as const) {
    const r = await certificateStatus(ctx, officer, certId, action, '再试一次');
    assertError(t, r, 409, 'certificates.invalid_transition');
    t.deepEqual(r.body.error.meta, { from: 'revoked', action });
  }
  const mine = await myCertificate(volunteer);
  t.is(mine.body.status, 'revoked');
  t.is(mine.body.statusReason, '收回');
  t.is((await changes(volunteer)).length, 1);
});

test('an officer of another community → 404 as a missing one; a volunteer or merchant → 403 auth.forbidden', async (t) => {
  const { officer, volunteer, certId } = await setup();
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(
    t,
    await certificateStatus(ctx, foreign, certId, 'suspend', '越权'),
    404,
    'certificates.not_found',
  );
  assertError(t, await certificateStatus(ctx, volunteer, certId, 'suspend', '自己'), 403, 'auth.forbidden');
  const shop = await merchant(ctx, officer);
  assertError(t, await certificateStatus(ctx, shop.owner, certId, 'suspend', '商家'), 403, 'auth.forbidden');
  // the foreign officer's list does not show it
  const list = await api(ctx).get('/certificates', foreign);
  t.deepEqual(list.body.certificates, []);
  t.is((await myCertificate(volunteer)).body.status, 'active');
});

test('a missing reason or an unknown action → 400; an unknown certificate → 404', async (t) => {
  const { officer, certId } = await setup();
  const post = (body: object) => api(ctx).post(`/certificates/${certId}/status`, officer, body);
  assertError(t, await post({ action: 'suspend' }), 400, 'request.invalid');
  assertError(t, await post({ action: 'suspend', reason: ' ' }), 400, 'request.invalid');
  assertError(t, await post({ action: 'destroy', reason: '理由' }), 400, 'request.invalid');
  assertError(
    t,
    await certificateStatus(ctx, officer, 987_654, 'suspend', '理由'),
    404,
    'certificates.not_found',
  );
});

test.serial('the till follows the status at once', async (t) => {
  const { officer, volunteer, certId } = await setup();
  const shop = await merchant(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  nextStep(ctx);
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '暂停')).status, 200);
  t.is((await verify(ctx, shop.owner, device.code())).body.reason, 'verify.suspended');
  t.is((await certificateStatus(ctx, officer, certId, 'reinstate', '恢复')).status, 200);
  t.true((await verify(ctx, shop.owner, device.code())).body.valid);
  nextStep(ctx);
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '收回')).status, 200);
  t.is((await verify(ctx, shop.owner, device.code())).body.reason, 'verify.revoked');
});
