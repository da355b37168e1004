import test from 'ava';
import {
  createTestContext,
  currentCode,
  MIN,
  publishedActivity,
  type TestContext,
} from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'no check-in while checked in at an overlapping activity; after checking out there, yes',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const a = await publishedActivity(ctx, officer, { title: '助浴' }, 10, 120);
    const b = await publishedActivity(ctx, officer, { title: '送餐' }, 10, 120);
    ctx.clock.advance(10 * MIN);
    const inA = await ctx
      .request()
      .post('/api/v1/checkins')
      .set(v.auth)
      .send({ code: await currentCode(ctx, officer, a) });
    t.is(inA.status, 201);
    const inB = await ctx
      .request()
      .post('/api/v1/checkins')
      .set(v.auth)
      .send({ code: await currentCode(ctx, officer, b) });
    t.is(inB.status, 409);
    t.is(inB.body.error.code, 'checkins.checked_in_elsewhere');
    t.is(inB.body.error.meta.activityId, a);
    const list = await ctx.request().get(`/api/v1/activities/${b}/attendance`).set(officer.auth);
    t.is(list.body.items.length, 0);

    const outA = await ctx
      .request()
      .post('/api/v1/checkouts')
      .set(v.auth)
      .send({ code: await currentCode(ctx, officer, a) });
    t.is(outA.status, 200);
    const again = await ctx
      .request()
      .post('/api/v1/checkins')
      .set(v.auth)
      .send({ code: await currentCode(ctx, officer, b) });
    t.is(again.status, 201);
  },
);
