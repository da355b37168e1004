import test from 'ava';
import { eq } from 'drizzle-orm';
import { manualClock } from '../../../server/src/clock';
import { createReadCache, createTtlCache } from '../../../server/src/http/cache';
import { activities } from '../../../server/src/modules/activities/activities.table';
import { merchants } from '../../../server/src/modules/merchants/merchants.table';
import { activeMerchant } from '../../helpers/alliance';
import { createTestContext, publishedActivity, T0, type TestContext } from '../../helpers/context';

test('a TTL cache: entries expire on the injected clock, never past their own deadline', (t) => {
  const clock = manualClock(T0);
  const c = createTtlCache<string, number>({ clock, ttlMs: 1000, max: 10 });
  c.set('a', 1);
  c.set('b', 2, T0.getTime() + 300);
  clock.advance(299);
  t.is(c.get('a'), 1);
  t.is(c.get('b'), 2);
  clock.advance(1);
  t.is(c.get('b'), undefined, 'its own deadline comes first');
  clock.advance(699);
  t.is(c.get('a'), 1);
  clock.advance(1);
  t.is(c.get('a'), undefined);
  c.set('c', 3, clock.now().getTime());
  t.is(c.get('c'), undefined, 'already expired: not kept');
});

test('a TTL cache: an entry made later than the clock now says (clock set back) counts as expired', (t) => {
  const clock = manualClock(T0);
  const c = createTtlCache<string, number>({ clock, ttlMs: 1000, max: 10 });
  clock.advance(60_000);
  c.set('a', 1);
  clock.set(T0);
  t.is(c.get('a'), undefined);
});

test('a TTL cache is bounded: the least recently used goes first', (t) => {
  const clock = manualClock(T0);
  const c = createTtlCache<number, number>({ clock, ttlMs: 1000, max: 3 });
  c.set(1, 1);
  c.set(2, 2);
  c.set(3, 3);
  t.is(c.get(1), 1); // 1 is now the most recently used
  c.set(4, 4);
  t.is(c.size, 3);
  t.is(c.get(2), undefined);
  t.deepEqual([c.get(1), c.get(3), c.get(4)], [1, 3, 4]);
  // All three used since: the oldest of them goes, never the entry just set.
  c.set(5, 5);
  t.is(c.size, 3);
  t.is(c.get(3), undefined, 'so 5 is kept');
  t.deepEqual([c.get(4), c.get(1)], [4, 1]);
  // Only 5 is unused now that 4 and 1 were read again: it goes first.
  c.set(6, 6);
  t.deepEqual([c.get(5), c.get(6), c.get(4), c.get(1)], [undefined, 6, 4, 1]);
});

test('a TTL cache of no entries keeps nothing', (t) => {
  const c = createTtlCache<number, number>({ clock: manualClock(T0), ttlMs: 1000, max: 0 });
  c.set(1, 1);
  t.is(c.size, 0);
  t.is(c.get(1), undefined);
});

test('a read cache loads once per key, and a load that started before a write is not kept', async (t) => {
  const clock = manualClock(T0);
  const cache = createReadCache({ clock, ttlMs: 1000 });
  let loads = 0;
  const load = async () => ++loads;
  const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
  t.deepEqual([a, b, loads], [1, 1, 1], 'concurrent reads share one load');
  t.is(await cache.get('k', load), 1);
  clock.advance(1000);
  t.is(await cache.get('k', load), 2, 'expired: loaded again');

  let release!: () => void;
  const slow = cache.get('k2', () => new Promise<string>((r) => (release = () => r('old'))));
  cache.invalidate(); // a write lands while the read is in flight
  release();
  t.is(await slow, 'old');
  t.is(await cache.get('k2', async () => 'new'), 'new', 'the older answer was not kept');
});

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'the directory and activity lists: a write through the API is seen at once, other changes within the TTL',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const volunteer = await ctx.addUser('volunteer', c.id);
    const list = async () =>
      (await ctx.request().get('/api/v1/alliance/merchants').set(volunteer.auth)).body.merchants as {
        id: number;
        name: string;
      }[];
    const acts = async () =>
      (await ctx.request().get('/api/v1/activities').set(volunteer.auth)).body.activities as {
        id: number;
        title: string;
        enrolled: boolean;
      }[];
    try {
      const shop = await activeMerchant(ctx, officer);
      t.deepEqual(
        (await list()).map((m) => m.id),
        [shop.id],
      );
      // Suspended through the API: gone from the very next read.
      const s = await ctx
        .request()
        .post(`/api/v1/merchants/${shop.id}/transitions`)
        .set(officer.auth)
        .send({ action: 'suspend', reason: '核查中' });
      t.is(s.status, 200, JSON.stringify(s.body));
      t.deepEqual(await list(), []);

      const id = await publishedActivity(ctx, officer);
      const before = await acts();
      t.deepEqual(
        before.map((a) => [a.id, a.enrolled]),
        [[id, false]],
      );
      // Enrolling is a write: the volunteer's flag (and the place count) change at once.
      const enrolled = await ctx.request().post(`/api/v1/activities/${id}/enrolment`).set(volunteer.auth);
      t.is(enrolled.status, 200, JSON.stringify(enrolled.body));
      t.deepEqual(
        (await acts()).map((a) => [a.id, a.enrolled]),
        [[id, true]],
      );

      // A change the API did not make (another instance, say) shows once the entry has expired.
      t.deepEqual(await list(), [], 'read (and cached) after the last write');
      await ctx.db.update(activities).set({ title: '改名了' }).where(eq(activities.id, id));
      await ctx.db.update(merchants).set({ status: 'active' }).where(eq(merchants.id, shop.id));
      t.is((await acts())[0]?.title, '为独居老人洗澡', 'within the TTL: the cached list');
      t.deepEqual(await list(), []);
      ctx.clock.advance(2_000);
      t.is((await acts())[0]?.title, '改名了');
      t.deepEqual(
        (await list()).map((m) => m.id),
        [shop.id],
      );
    } finally {
      ctx.clock.set(T0);
    }
  },
);
