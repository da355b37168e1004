import test from 'ava';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'check-in is limited per volunteer: 429 rate_limited with Retry-After, then allowed again',
  async (t) => {
    const c = await ctx.addCommunity();
    const v = await ctx.addUser('volunteer', c.id);
    const other = await ctx.addUser('volunteer', c.id);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const r = await ctx.request().post('/api/v1/checkins').set(v.auth).send({ code: 'not-a-code' });
      statuses.push(r.status);
    }
    t.deepEqual(statuses.slice(0, 30), Array(30).fill(400));
    const limited = await ctx.request().post('/api/v1/checkins').set(v.auth).send({ code: 'not-a-code' });
    t.is(limited.status, 429);
    t.is(limited.body.error.code, 'rate_limited');
    t.truthy(limited.headers['retry-after']);
    // Another volunteer is not affected.
    const fine = await ctx.request().post('/api/v1/checkins').set(other.auth).send({ code: 'not-a-code' });
    t.is(fine.status, 400);
    ctx.clock.advance(61_000);
    const again = await ctx.request().post('/api/v1/checkins').set(v.auth).send({ code: 'not-a-code' });
    t.is(again.status, 400);
    t.is(again.body.error.code, 'checkins.code_invalid');
  },
);

test('limits are documented in the OpenAPI document', async (t) => {
  const r = await ctx.request().get('/openapi.json');
  t.regex(r.body.paths['/api/v1/verifications'].post.description, /Limited to 60 calls per 60 s/);
});
