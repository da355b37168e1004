import test from 'ava';
import { activeMerchant } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test('officers see who reported a case by name, in the list and in the case', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await activeMerchant(ctx, officer);
  const v = await ctx.addUser('volunteer', c.id, { displayName: '王阿姨' });
  const filed = await ctx
    .request()
    .post('/api/v1/reports')
    .set(v.auth)
    .send({ kind: 'refused_discount', merchantId: shop.id, description: '不给打折' });
  t.is(filed.status, 201);
  const list = await ctx.request().get('/api/v1/cases').set(officer.auth);
  t.like(list.body.cases[0], { reporter: { id: v.id, displayName: '王阿姨' }, subject: null });
  const one = await ctx.request().get(`/api/v1/cases/${filed.body.id}`).set(officer.auth);
  t.like(one.body, { reporter: { id: v.id, displayName: '王阿姨' } });
});
