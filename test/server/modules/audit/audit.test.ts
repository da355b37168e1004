import test from 'ava';
import { sql } from 'drizzle-orm';
import { auditedRoute } from '../../../../server/src/http/route';
import { redact } from '../../../../server/src/modules/audit/audit.service';
import { activeMerchant, certifiedVolunteer } from '../../../helpers/alliance';
import { assertError } from '../../../helpers/api';
import { activityBody, createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

let ctx: TestContext;
let officer: TestUser;
let otherOfficer: TestUser;
let admin: TestUser;
let farAdmin: TestUser;
let volunteer: TestUser;
let communityId: number;
let merchantId: number;
let activityId: number;
let verificationCode: string;

interface Entry {
  id: number;
  at: string;
  actor: { id: number; role: string };
  communityId: number;
  action: string;
  target: { type: string; id: string | null };
  params: { params: unknown; query: unknown; body: Record<string, unknown> | null };
  after: unknown;
  requestId: string | null;
}

const list = async (user: TestUser, query = '') => {
  const r = await ctx.request().get(`/api/v1/audit${query}`).set(user.auth);
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { entries: Entry[]; nextBefore: number | null };
};

test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity('紫瑞街社区');
  communityId = c.id;
  const other = await ctx.addCommunity('桂湖社区', { districtId: c.districtId });
  const far = await ctx.addCommunity('远方社区');
  officer = await ctx.addUser('officer', c.id);
  otherOfficer = await ctx.addUser('officer', other.id);
  admin = await ctx.addUser('district_admin', c.id);
  farAdmin = await ctx.addUser('district_admin', far.id);
  volunteer = await certifiedVolunteer(ctx, officer);

  const shop = await activeMerchant(ctx, officer); // POST /merchants/:id/transitions (approve)
  merchantId = shop.id;
  const created = await ctx
    .request()
    .post('/api/v1/activities')
    .set({ ...officer.auth, 'x-request-id': 'req-audit-1' })
    .send(activityBody(ctx.clock.now()));
  activityId = created.body.activity.id;
  const rec = await ctx
    .request()
    .post('/api/v1/records')
    .set(officer.auth)
    .send({ from: '2026-11-01', to: '2026-11-30', userId: volunteer.id });
  verificationCode = rec.body.verificationCode;
  await ctx.request().get('/api/v1/exports/hours?from=2026-11-01&to=2026-11-30').set(officer.auth);
  await ctx.request().get('/api/v1/dashboard').set(officer.auth); // a read: not audited
  await ctx
    .request()
    .post('/api/v1/records')
    .set(volunteer.auth)
    .send({ from: '2026-11-01', to: '2026-11-30' }); // a volunteer: not audited
  await ctx
    .request()
    .post(`/api/v1/merchants/${merchantId}/transitions`)
    .set(officer.auth)
    .send({ action: 'nope' }); // refused: nothing happened
  await ctx
    .request()
    .post(`/api/v1/merchants/${merchantId}/transitions`)
    .set(otherOfficer.auth)
    .send({ action: 'warn', reason: '不是本社区' }); // refused (another community)
  await ctx.request().post(`/api/v1/activities/${activityId}/publish`).set(otherOfficer.auth);
  await ctx
    .request()
    .post('/api/v1/activities')
    .set(otherOfficer.auth)
    .send(activityBody(ctx.clock.now(), { title: '桂湖的活动' }));
});
test.after.always(async () => {
  await ctx?.close();
});

test('redaction removes passwords, tokens and codes at any depth', (t) => {
  t.deepEqual(
    redact({
      username: 'a',
      password: 'p',
      owner: { password: 'q', token: 't' },
      list: [{ secretHex: 'x', code: '1' }],
    }),
    {
      username: 'a',
      password: '[redacted]',
      owner: { password: '[redacted]', token: '[redacted]' },
      list: [{ secretHex: '[redacted]', code: '[redacted]' }],
    },
  );
});

test.serial(
  "an officer's changes are logged, newest first, with route, params, body and result",
  async (t) => {
    const { entries } = await list(officer);
    t.deepEqual(
      entries.map((e) => e.action),
      ['GET /exports/hours', 'POST /records', 'POST /activities', 'POST /merchants/:id/transitions'],
    );
    const [exp, rec, act, approve] = entries as [Entry, Entry, Entry, Entry];
    t.like(approve, {
      actor: { id: officer.id, role: 'officer' },
      communityId,
      target: { type: 'merchants', id: String(merchantId) },
    });
    t.deepEqual(approve.params.params, { id: merchantId });
    t.like(approve.params.body, { action: 'approve', reason: '证照齐全，信誉良好' });
    t.like(act, { target: { type: 'activities', id: String(activityId) }, requestId: 'req-audit-1' });
    t.is(act.params.body?.title, '为独居老人洗澡');
    t.is(rec.target.type, 'records');
    t.false(JSON.stringify(rec).includes(verificationCode), 'the verification code is not in the log');
    t.like(exp.params.query as object, { from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    t.is(exp.after, '[stream]');
  },
);

test.serial('officers see their community only; district administrators their district', async (t) => {
  const theirs = await list(otherOfficer);
  t.deepEqual(
    theirs.entries.map((e) => e.action),
    ['POST /activities'],
  );
  t.is(theirs.entries[0]?.params.body?.title, '桂湖的活动');
  const peek = await ctx.request().get(`/api/v1/audit?communityId=${communityId}`).set(otherOfficer.auth);
  assertError(t, peek, 403, 'auth.wrong_community');

  const district = await list(admin);
  t.is(district.entries.length, 5);
  t.deepEqual(
    [...new Set(district.entries.map((e) => e.actor.id))].sort(),
    [officer.id, otherOfficer.id].sort(),
  );
  const one = await list(admin, `?communityId=${communityId}`);
  t.is(one.entries.length, 4);
  const far = await list(farAdmin);
  t.is(far.entries.length, 0);
  const farPeek = await ctx.request().get(`/api/v1/audit?communityId=${communityId}`).set(farAdmin.auth);
  assertError(t, farPeek, 403, 'auth.wrong_community');

  const v = await ctx.request().get('/api/v1/audit').set(volunteer.auth);
  assertError(t, v, 403, 'auth.forbidden');
});

test.serial('search by actor, action and dates; pages with before', async (t) => {
  const byActor = await list(admin, `?actorId=${otherOfficer.id}`);
  t.deepEqual(
    byActor.entries.map((e) => e.actor.id),
    [otherOfficer.id],
  );
  const byAction = await list(officer, '?action=transitions');
  t.deepEqual(
    byAction.entries.map((e) => e.action),
    ['POST /merchants/:id/transitions'],
  );
  const wildcard = await list(officer, '?action=%25');
  t.is(wildcard.entries.length, 0, 'LIKE wildcards are literal');
  t.is((await list(officer, '?from=2026-11-25&to=2026-11-25')).entries.length, 4);
  t.is((await list(officer, '?from=2026-11-26')).entries.length, 0);
  t.is((await list(officer, '?to=2026-11-24')).entries.length, 0);

  const first = await list(officer, '?limit=3');
  t.is(first.entries.length, 3);
  t.truthy(first.nextBefore);
  const rest = await list(officer, `?limit=3&before=${first.nextBefore}`);
  t.deepEqual(
    rest.entries.map((e) => e.action),
    ['POST /merchants/:id/transitions'],
  );
  t.is(rest.nextBefore, null);

  const bad = await ctx.request().get('/api/v1/audit?from=2026-11-30&to=2026-11-01').set(officer.auth);
  assertError(t, bad, 400, 'request.invalid');
});

test.serial('the log is written only for succeeded changes', async (t) => {
  const rows = (await ctx.db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)) as unknown as {
    rows: { n: number }[];
  };
  t.is(rows.rows[0]?.n, 5);
});

test('the reads that are audited are the exports, and only they; every write is audited', (t) => {
  const reads = ctx.app.specs.filter((s) => s.method === 'get' && auditedRoute(s)).map((s) => s.path);
  t.deepEqual(reads.sort(), [
    '/api/v1/exports/discounts',
    '/api/v1/exports/hours',
    '/api/v1/exports/ledger',
    '/api/v1/exports/redemptions',
  ]);
  t.true(ctx.app.specs.length > 100);
  for (const s of ctx.app.specs) if (s.method !== 'get') t.true(auditedRoute(s), `${s.method} ${s.path}`);
});
