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

const appeal = (v: TestUser, text = '我没有把证书借给别人，那天是我本人') =>
  api(ctx).post('/me/certificate/appeal', v, { text });
const decide = (officer: TestUser, certId: number, decision: 'upheld' | 'overturned', note = '复核结论') =>
  api(ctx).post(`/certificates/${certId}/appeal/decision`, officer, { decision, note });
const history = async (v: TestUser) => (await api(ctx).get('/me/certificate/history', v)).body;

test('appeal once → 201; a second time → 409 certificates.appeal_exists', async (t) => {
  const { officer, volunteer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '核查期间暂停')).status, 200);
  const r = await appeal(volunteer, '那天是我本人消费');
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.status, 'pending');
  t.is(r.body.text, '那天是我本人消费');
  t.is(r.body.createdAt, ctx.clock.now().toISOString());
  assertError(t, await appeal(volunteer, '再申诉一次'), 409, 'certificates.appeal_exists');
  const h = await history(volunteer);
  t.deepEqual(h.appeal, { status: 'pending', text: '那天是我本人消费', decisionNote: null, decidedAt: null });
  t.false(h.canAppeal);
});

test('appealing an active certificate → 409 certificates.nothing_to_appeal; without one → 404', async (t) => {
  const { c, volunteer } = await setup();
  assertError(t, await appeal(volunteer), 409, 'certificates.nothing_to_appeal');
  t.false((await history(volunteer)).canAppeal);
  const uncertified = await ctx.addUser('volunteer', c.id);
  assertError(t, await appeal(uncertified), 404, 'certificates.not_issued');
  assertError(t, await api(ctx).get('/me/certificate/history', uncertified), 404, 'certificates.not_issued');
});

test('an empty appeal → 400; officers and merchants cannot appeal → 403', async (t) => {
  const { officer, volunteer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '收回')).status, 200);
  assertError(t, await appeal(volunteer, '   '), 400, 'request.invalid');
  assertError(t, await appeal(officer), 403, 'auth.forbidden');
  const shop = await merchant(ctx, officer);
  assertError(t, await appeal(shop.owner), 403, 'auth.forbidden');
  // the refusals did not use up the one appeal
  t.is((await appeal(volunteer)).status, 201);
});

test.serial('overturned → the certificate is active again and verifies at the till', async (t) => {
  const { officer, volunteer, certId } = await setup();
  const shop = await merchant(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '被举报借证')).status, 200);
  t.is((await verify(ctx, shop.owner, device.code())).body.reason, 'verify.revoked');
  t.is((await appeal(volunteer)).status, 201);

  const decidedAt = ctx.clock.now().toISOString();
  const r = await decide(officer, certId, 'overturned', '监控显示为本人，撤销处理');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body, {
    id: certId,
    status: 'active',
    appeal: { status: 'overturned', note: '监控显示为本人，撤销处理' },
  });
  const mine = await api(ctx).get('/me/certificate', volunteer);
  t.is(mine.body.status, 'active');
  t.is(mine.body.statusReason, '监控显示为本人，撤销处理');

  nextStep(ctx);
  const check = await verify(ctx, shop.owner, device.code());
  t.true(check.body.valid, JSON.stringify(check.body));

  const h = await history(volunteer);
  t.deepEqual(
    h.events
      .filter((e: { action: string }) => e.action !== 'issue')
      .map((e: { action: string; from: string; to: string }) => [e.action, e.from, e.to]),
    [
      ['revoke', 'active', 'revoked'],
      ['appeal_overturned', 'revoked', 'active'],
    ],
  );
  t.is(h.appeal.status, 'overturned');
  t.is(h.appeal.decisionNote, '监控显示为本人，撤销处理');
  t.is(h.appeal.decidedAt, decidedAt);
  t.false(h.canAppeal);

  const notes = await api(ctx).get('/me/notifications', volunteer);
  // The newest message about the certificate (checks at shops have their own messages).
  const latest = (notes.body.notifications as { kind: string; body: string }[]).find((n) =>
    n.kind.startsWith('certificate.'),
  );
  t.is(latest?.kind, 'certificate.appeal');
  t.is(latest?.body, '监控显示为本人，撤销处理');

  // decided once: deciding again → 409
  assertError(t, await decide(officer, certId, 'upheld'), 409, 'certificates.no_pending_appeal');
  // and a certificate is appealed once only, even after a later suspension
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '又被举报')).status, 200);
  assertError(t, await appeal(volunteer), 409, 'certificates.appeal_exists');
});

test.serial('upheld → the decision stands, and the till still refuses', async (t) => {
  const { officer, volunteer, certId } = await setup();
  const shop = await merchant(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '查实借证')).status, 200);
  t.is((await appeal(volunteer)).status, 201);
  const r = await decide(officer, certId, 'upheld', '证据确凿，维持原决定');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.status, 'revoked');
  t.deepEqual(r.body.appeal, { status: 'upheld', note: '证据确凿，维持原决定' });
  const mine = await api(ctx).get('/me/certificate', volunteer);
  t.is(mine.body.status, 'revoked');
  t.is(mine.body.statusReason, '查实借证');
  const h = await history(volunteer);
  t.is(h.appeal.status, 'upheld');
  t.deepEqual(
    h.events.filter((e: { action: string }) => e.action !== 'issue').map((e: { action: string }) => e.action),
    ['revoke'],
  );
  nextStep(ctx);
  t.is((await verify(ctx, shop.owner, device.code())).body.reason, 'verify.revoked');
  assertError(t, await decide(officer, certId, 'overturned'), 409, 'certificates.no_pending_appeal');
  const notes = await api(ctx).get('/me/notifications', volunteer);
  t.is(notes.body.notifications[0].kind, 'certificate.appeal');
});

test('an upheld suspension stays suspended and may still be reinstated by an officer', async (t) => {
  const { officer, volunteer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '暂停')).status, 200);
  t.is((await appeal(volunteer)).status, 201);
  t.is((await decide(officer, certId, 'upheld')).body.status, 'suspended');
  t.is((await certificateStatus(ctx, officer, certId, 'reinstate', '期满恢复')).body.status, 'active');
});

test('deciding with no pending appeal → 409 certificates.no_pending_appeal', async (t) => {
  const { officer, certId } = await setup();
  assertError(t, await decide(officer, certId, 'overturned'), 409, 'certificates.no_pending_appeal');
  t.is((await certificateStatus(ctx, officer, certId, 'suspend', '暂停')).status, 200);
  assertError(t, await decide(officer, certId, 'upheld'), 409, 'certificates.no_pending_appeal');
  assertError(t, await decide(officer, 987_654, 'upheld'), 404, 'certificates.not_found');
});

test('an officer of another community cannot decide → 404 as a missing one; a volunteer → 403 auth.forbidden', async (t) => {
  const { officer, volunteer, certId } = await setup();
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '收回')).status, 200);
  t.is((await appeal(volunteer)).status, 201);
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(t, await decide(foreign, certId, 'overturned'), 404, 'certificates.not_found');
  assertError(t, await decide(volunteer, certId, 'overturned'), 403, 'auth.forbidden');
  assertError(
    t,
    await api(ctx).post(`/certificates/${certId}/appeal/decision`, officer, { decision: 'maybe', note: 'x' }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post(`/certificates/${certId}/appeal/decision`, officer, { decision: 'upheld' }),
    400,
    'request.invalid',
  );
  // still pending, still revoked
  const h = await history(volunteer);
  t.is(h.appeal.status, 'pending');
  t.is((await api(ctx).get('/me/certificate', volunteer)).body.status, 'revoked');
});
