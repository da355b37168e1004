/**
 * The demo community that `npm start` creates on a fresh data directory: staff can sign in, an
 * activity is running, the alliance has shops with products, and the newer programmes (a business
 * challenge, a household in need, digital-skills sessions with a topic) have something to show.
 */
import test from 'ava';
import { DEMO_LOGINS, seedDemo } from '../../../server/src/dev/seed';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

async function signIn(login: { username: string; password: string }) {
  const r = await ctx.request().post('/api/v1/auth/password').send(login);
  if (r.status !== 200) throw new Error(`sign-in ${login.username}: ${r.status} ${JSON.stringify(r.body)}`);
  return { Authorization: `Bearer ${r.body.token as string}` };
}

test.serial('the demo seed fills an empty database once, with every programme to try', async (t) => {
  const seeded = await seedDemo(ctx.database, ctx.app, ctx.clock.now(), 300, 100);
  t.truthy(seeded);
  if (!seeded) return;

  const officer = await signIn(DEMO_LOGINS.officer);
  const owner = await signIn(DEMO_LOGINS.merchantOwner);
  const volunteer = await ctx.request().post('/api/v1/auth/wechat').send({ code: 'dev:wang' });
  t.is(volunteer.status, 200, JSON.stringify(volunteer.body));
  const vAuth = { Authorization: `Bearer ${volunteer.body.token as string}` };

  const activities = await ctx.request().get('/api/v1/activities').set(vAuth);
  t.is(activities.status, 200);
  const titles = (activities.body.activities as { title: string; topic?: string | null }[]).map(
    (a) => a.title,
  );
  t.true(titles.includes('小区公共区域大扫除'));
  const digital = (activities.body.activities as { category: string; topic?: string | null }[]).filter(
    (a) => a.category === 'digital_skills',
  );
  t.true(digital.length >= 1);
  t.true(digital.every((a) => a.topic === 'mobile_payment'));

  const directory = await ctx.request().get('/api/v1/alliance/merchants').set(vAuth);
  t.is(directory.status, 200);
  const noodles = (directory.body.merchants as { id: number; name: string }[]).find(
    (m) => m.name === '张记面馆',
  );
  t.truthy(noodles);
  const products = await ctx.request().get(`/api/v1/alliance/merchants/${noodles!.id}/products`).set(vAuth);
  t.is(products.status, 200, JSON.stringify(products.body));
  t.is(products.body.products.length, 2);
  const offers = await ctx.request().get(`/api/v1/alliance/merchants/${noodles!.id}/offers`).set(vAuth);
  t.is(offers.body.offers.length, 1);

  const challenges = await ctx.request().get('/api/v1/challenges').set(vAuth);
  t.is(challenges.status, 200, JSON.stringify(challenges.body));
  t.is(challenges.body.challenges.length, 1);
  const detail = await ctx.request().get(`/api/v1/challenges/${challenges.body.challenges[0].id}`).set(owner);
  t.is(detail.body.proposals.length, 2);

  const households = await ctx.request().get('/api/v1/households').set(officer);
  t.is(households.status, 200, JSON.stringify(households.body));
  t.is(households.body.households.length, 1);
  const requests = await ctx.request().get('/api/v1/help-requests').set(officer);
  t.is(requests.body.requests.length, 1);

  t.false(await seedDemo(ctx.database, ctx.app, ctx.clock.now(), 300, 100), 'never twice');
});
