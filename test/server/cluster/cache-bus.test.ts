/**
 * Two app instances on one database (PGlite in this process, or TEST_DATABASE_URL's PostgreSQL):
 * what one changes, the other's caches drop when the LISTEN/NOTIFY message arrives. The clock is
 * manual, so no cache entry expires by itself: only the message can make the change visible.
 */
import test from 'ava';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../../server/src/app';
import type { CacheBus, CacheMessage } from '../../../server/src/http/cache-bus';
import { createTestContext, type TestContext } from '../../helpers/context';
import { mustTransition, shop } from '../modules/merchants/support';

let ctx: TestContext;
let other: ReturnType<typeof createApp>;
test.before(async () => {
  ctx = await createTestContext();
  other = createApp({
    config: ctx.config,
    database: ctx.database,
    logger: pino({ level: 'silent' }),
    clock: ctx.clock,
    keys: ctx.keys,
    wechatBaseUrl: ctx.wechat.baseUrl,
  });
  await ctx.app.startCacheBus();
  await other.startCacheBus();
});
test.after.always(async () => {
  await other?.bus.stop();
  await ctx?.app.bus.stop();
  await ctx?.close();
});

/** Resolves with the first message `bus` hears that `pick` accepts (or rejects after 3 s). */
function heard(bus: CacheBus, pick: (m: CacheMessage) => boolean) {
  return new Promise<CacheMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message in 3 s')), 3000);
    bus.received = (m) => {
      if (!pick(m)) return;
      clearTimeout(timer);
      bus.received = undefined;
      resolve(m);
    };
  });
}

const atOther = () => supertest(other.app.callback());

test.serial('a merchant removed at one instance leaves the other instance’s directory', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const m = await shop(ctx, officer, { name: '将退出的店' });
  const names = async () => {
    const r = await atOther().get('/api/v1/alliance/merchants').set(volunteer.auth);
    t.is(r.status, 200);
    return (r.body.merchants as Array<{ id: number }>).map((e) => e.id);
  };
  t.deepEqual(await names(), [m.id]);
  t.true(other.readCache.size > 0, 'the other instance cached its directory');

  const message = heard(other.bus, (x) => x.t === 'write');
  await mustTransition(ctx, officer, m.id, 'remove', '退出联盟');
  t.like(await message, { t: 'write', user: officer.id });
  t.is(other.readCache.size, 0);
  t.deepEqual(await names(), []);
});

test.serial('an account disabled at one instance is refused at the other at once', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  t.is((await atOther().get('/api/v1/me').set(volunteer.auth)).status, 200);

  const message = heard(other.bus, (x) => x.t === 'user' && x.id === volunteer.id);
  const r = await ctx
    .request()
    .post(`/api/v1/users/${volunteer.id}/disable`)
    .set(officer.auth)
    .send({ reason: '测试停用' });
  t.is(r.status, 200, JSON.stringify(r.body));
  await message;
  const refused = await atOther().get('/api/v1/me').set(volunteer.auth);
  t.is(refused.body.error?.code, 'auth.account_disabled');
});

test.serial('a process does not act on its own messages', async (t) => {
  const own: CacheMessage[] = [];
  ctx.app.bus.received = (m) => void own.push(m);
  t.teardown(() => {
    ctx.app.bus.received = undefined;
  });
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const message = heard(other.bus, (x) => x.t === 'write');
  await shop(ctx, officer, { name: '新店' });
  await message;
  t.deepEqual(own, []);
});
