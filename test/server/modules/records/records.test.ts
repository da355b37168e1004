import test from 'ava';
import { eq } from 'drizzle-orm';
import { serviceRecords } from '../../../../server/src/modules/records/records.table';
import { users } from '../../../../server/src/modules/users/users.table';
import { certifiedVolunteer } from '../../../helpers/alliance';
import { assertError } from '../../../helpers/api';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

let ctx: TestContext;
let officer: TestUser;
let otherOfficer: TestUser;
let volunteer: TestUser;
let stranger: TestUser;

test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity('紫瑞街社区');
  const other = await ctx.addCommunity('桂湖社区');
  officer = await ctx.addUser('officer', c.id);
  otherOfficer = await ctx.addUser('officer', other.id);
  volunteer = await certifiedVolunteer(ctx, officer);
  stranger = await ctx.addUser('volunteer', c.id);
  await ctx.db
    .update(users)
    .set({ realName: '王阿姨<b>', phone: '13812345678' })
    .where(eq(users.id, volunteer.id));
});
test.after.always(async () => {
  await ctx?.close();
});

const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
const post = (user: TestUser, body: object) =>
  ctx.request().post('/api/v1/records').set(user.auth).send(body);

test.serial('a volunteer issues their own record; only the hash of the code is kept', async (t) => {
  const r = await post(volunteer, { ...PERIOD, nameDisplay: 'masked' });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.regex(r.body.record.serial, /^SR-[A-Z0-9]+-20261125-[0-9A-F]{6}$/);
  t.regex(r.body.verificationCode, /^[A-Z2-9]{8}$/);
  t.like(r.body.record, {
    userId: volunteer.id,
    name: '王****>',
    nameDisplay: 'masked',
    from: '2026-11-01',
    to: '2026-11-30',
    totalHours: 3,
    totalPoints: 3,
    activitiesCount: 1,
  });
  t.deepEqual(r.body.record.services, [{ title: '为老人助浴', date: '2026-11-25', hours: 3, points: 3 }]);
  t.true(r.body.verifyUrl.startsWith(`http://127.0.0.1:`), r.body.verifyUrl);
  t.true(
    r.body.verifyUrl.includes(
      `/#/packages/officer/pages/records/verify/index?serial=${r.body.record.serial}&code=`,
    ),
  );
  const [row] = await ctx.db
    .select()
    .from(serviceRecords)
    .where(eq(serviceRecords.serial, r.body.record.serial));
  t.truthy(row);
  t.regex(row!.codeHash, /^[0-9a-f]{64}$/);
  t.false(JSON.stringify(row).includes(r.body.verificationCode));
});

test.serial('the printable page: zh-CN, A4, issuer, serial, code and check URL, escaped', async (t) => {
  const issued = await post(volunteer, { ...PERIOD, nameDisplay: 'full' });
  const { serial } = issued.body.record;
  const code = issued.body.verificationCode;
  const r = await ctx.request().get(`/api/v1/records/${serial}/print?code=${code}`).set(volunteer.auth);
  t.is(r.status, 200, r.text);
  t.regex(r.headers['content-type'] ?? '', /^text\/html; charset=utf-8/);
  t.regex(r.headers['content-security-policy'] ?? '', /style-src 'unsafe-inline'/);
  t.false((r.headers['content-security-policy'] ?? '').includes('script-src'));
  const html = r.text;
  t.true(html.includes('<html lang="zh-CN">'));
  t.true(html.includes('@page { size: A4'));
  t.true(html.includes('志愿服务记录证明'));
  t.true(html.includes('紫瑞街社区'));
  t.true(html.includes(serial));
  t.true(html.includes(code));
  t.true(html.includes('/#/packages/officer/pages/records/verify/index?serial='));
  t.false(html.includes('null/'), 'the check address names this server');
  t.true(html.includes('王阿姨&lt;b&gt;'));
  t.false(html.includes('王阿姨<b>'));
  t.true(html.includes('为老人助浴'));
  t.false(html.includes('13812345678'));

  const asOfficer = await ctx.request().get(`/api/v1/records/${serial}/print?code=${code}`).set(officer.auth);
  t.is(asOfficer.status, 200);
  const wrongCode = await ctx
    .request()
    .get(`/api/v1/records/${serial}/print?code=AAAAAAAA`)
    .set(volunteer.auth);
  assertError(t, wrongCode, 403, 'records.code_mismatch');
  const notTheirs = await ctx
    .request()
    .get(`/api/v1/records/${serial}/print?code=${code}`)
    .set(stranger.auth);
  assertError(t, notTheirs, 404, 'records.not_found');
  const otherCommunity = await ctx
    .request()
    .get(`/api/v1/records/${serial}/print?code=${code}`)
    .set(otherOfficer.auth);
  assertError(t, otherCommunity, 404, 'records.not_found');
  const missing = await ctx.request().get(`/api/v1/records/SR-NONE/print?code=${code}`).set(volunteer.auth);
  assertError(t, missing, 404, 'records.not_found');
});

test.serial('public verification: genuine with the totals and the name as displayed, else not', async (t) => {
  const issued = await post(volunteer, { ...PERIOD, nameDisplay: 'masked' });
  const { serial } = issued.body.record;
  const ok = await ctx
    .request()
    .get(`/api/v1/records/verify?serial=${serial}&code=${issued.body.verificationCode.toLowerCase()}`);
  t.is(ok.status, 200);
  t.deepEqual(ok.body, {
    genuine: true,
    record: {
      serial,
      community: '紫瑞街社区',
      name: '王****>',
      from: '2026-11-01',
      to: '2026-11-30',
      totalHours: 3,
      totalPoints: 3,
      activitiesCount: 1,
      issuedAt: ctx.clock.now().toISOString(),
    },
  });
  const wrong = await ctx.request().get(`/api/v1/records/verify?serial=${serial}&code=AAAAAAAA`);
  t.deepEqual(wrong.body, { genuine: false });
  const unknown = await ctx.request().get('/api/v1/records/verify?serial=SR-X&code=AAAAAAAA');
  t.deepEqual(unknown.body, { genuine: false });
  const incomplete = await ctx.request().get(`/api/v1/records/verify?serial=${serial}`);
  assertError(t, incomplete, 400, 'request.invalid');
});

test.serial('an officer issues for a volunteer of the community, not of another', async (t) => {
  const r = await post(officer, { ...PERIOD, nameDisplay: 'full', userId: volunteer.id });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.record.name, '王阿姨<b>');
  const noUser = await post(officer, { ...PERIOD, nameDisplay: 'full' });
  assertError(t, noUser, 400, 'request.invalid');
  const foreign = await post(otherOfficer, { ...PERIOD, userId: volunteer.id });
  assertError(t, foreign, 404, 'users.not_found');
  const notVolunteer = await post(officer, { ...PERIOD, userId: otherOfficer.id });
  assertError(t, notVolunteer, 404, 'users.not_found');
});

test.serial('refusals: someone else, no service, a bad period', async (t) => {
  const forOther = await post(stranger, { ...PERIOD, userId: volunteer.id });
  assertError(t, forOther, 403, 'auth.forbidden');
  const nothing = await post(stranger, PERIOD);
  assertError(t, nothing, 409, 'records.no_service');
  const before = await post(volunteer, { from: '2026-10-01', to: '2026-10-31' });
  assertError(t, before, 409, 'records.no_service');
  const reversed = await post(volunteer, { from: '2026-11-30', to: '2026-11-01' });
  assertError(t, reversed, 400, 'request.invalid');
  const badName = await post(volunteer, { ...PERIOD, nameDisplay: 'initials' });
  assertError(t, badName, 400, 'request.invalid');
  const anon = await ctx.request().post('/api/v1/records').send(PERIOD);
  assertError(t, anon, 401, 'auth.required');
});
