import test from 'ava';
import { certifiedVolunteer } from '../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';

// The addresses the server hands out come from PUBLIC_BASE_URL, never from the request's Host header
// (or X-Forwarded-Host behind a trusted proxy): a forged Host must not put its own site into a
// certificate's verification link.
let ctx: TestContext;
let volunteer: TestUser;

test.before(async () => {
  ctx = await createTestContext({ PUBLIC_BASE_URL: 'https://timebank.example.org/', TRUST_PROXY: 'true' });
  const c = await ctx.addCommunity('紫瑞街社区');
  const officer = await ctx.addUser('officer', c.id);
  volunteer = await certifiedVolunteer(ctx, officer);
});
test.after.always(async () => {
  await ctx?.close();
});

const VERIFY = 'https://timebank.example.org/#/packages/officer/pages/records/verify/index?serial=';

test('a service record verification link ignores Host and X-Forwarded-Host', async (t) => {
  const r = await ctx
    .request()
    .post('/api/v1/records')
    .set(volunteer.auth)
    .set('Host', 'evil.example')
    .set('X-Forwarded-Host', 'evil2.example')
    .set('X-Forwarded-Proto', 'http')
    .send({ from: '2026-11-01', to: '2026-11-30', nameDisplay: 'masked' });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.true(r.body.verifyUrl.startsWith(VERIFY), r.body.verifyUrl);
  t.false(r.body.verifyUrl.includes('evil'), r.body.verifyUrl);

  const page = await ctx
    .request()
    .get(`/api/v1/records/${r.body.record.serial}/print`)
    .query({ code: r.body.verificationCode })
    .set(volunteer.auth)
    .set('Host', 'evil.example');
  t.is(page.status, 200);
  t.true(page.text.includes(VERIFY), 'the printed check URL');
  t.false(page.text.includes('evil.example'));
});
