import { distanceMetres } from '@timebank/shared';
import test from 'ava';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, shop as merchant, mustTransition } from './support';

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
  const volunteer = await ctx.addUser('volunteer', c.id);
  return { c, officer, volunteer };
}

interface Entry {
  id: number;
  name: string;
  warned: boolean;
  distanceM: number | null;
  discount: { label: string };
}

async function directory(user: TestUser, query = ''): Promise<Entry[]> {
  const r = await api(ctx).get(`/alliance/merchants${query}`, user);
  if (r.status !== 200) throw new Error(`directory failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.merchants as Entry[];
}
const ids = (entries: Entry[]) => entries.map((e) => e.id).sort((a, b) => a - b);

test('only active and warned merchants are listed; suspended and removed disappear at once', async (t) => {
  const { officer, volunteer } = await setup();
  const active = await merchant(ctx, officer, { name: '甲·活跃' });
  const warned = await merchant(ctx, officer, { name: '乙·警告' });
  const suspended = await merchant(ctx, officer, { name: '丙·将暂停' });
  const removed = await merchant(ctx, officer, { name: '丁·将退出' });
  const applied = await merchant(ctx, officer, { name: '戊·申请中' }, false);
  const rejected = await merchant(ctx, officer, { name: '己·被拒' }, false);
  await mustTransition(ctx, officer, warned.id, 'warn', '顾客投诉');
  await mustTransition(ctx, officer, rejected.id, 'reject', '证照不全');

  t.deepEqual(ids(await directory(volunteer)), [active.id, warned.id, suspended.id, removed.id]);

  await mustTransition(ctx, officer, suspended.id, 'suspend', '多次拒绝优惠');
  t.deepEqual(ids(await directory(volunteer)), [active.id, warned.id, removed.id]);
  await mustTransition(ctx, officer, removed.id, 'remove', '退出联盟');
  const now = await directory(volunteer);
  t.deepEqual(ids(now), [active.id, warned.id]);
  t.false(now.some((e) => e.id === applied.id));
  t.true(now.find((e) => e.id === warned.id)!.warned);
  t.false(now.find((e) => e.id === active.id)!.warned);

  // reinstated, it comes back
  await mustTransition(ctx, officer, suspended.id, 'reinstate', '整改完成');
  t.deepEqual(ids(await directory(volunteer)), [active.id, warned.id, suspended.id]);
});

test('entries show the discount and the shop, never the licence number', async (t) => {
  const { officer, volunteer } = await setup();
  const m = await merchant(ctx, officer, { discount: { percentOff: 14, conditions: '仅限堂食' } });
  const r = await api(ctx).get('/alliance/merchants', volunteer);
  t.is(r.status, 200);
  t.is(r.body.merchants.length, 1);
  const e = r.body.merchants[0];
  t.is(e.id, m.id);
  t.deepEqual(e.discount, { percentOff: 14, text: null, conditions: '仅限堂食', label: '持证消费8.6折' });
  t.is(e.distanceM, null);
  t.false('licenceNo' in e);
  t.false('status' in e);
  t.false(r.text.includes('91510114'));
});

test('filter by category and by tag', async (t) => {
  const { officer, volunteer } = await setup();
  const noodles = await merchant(ctx, officer, { category: 'food', tags: ['women_owned'] });
  const gym = await merchant(ctx, officer, { category: 'fitness', tags: ['independent', 'women_owned'] });
  const shopx = await merchant(ctx, officer, { category: 'retail', tags: [] });
  t.deepEqual(ids(await directory(volunteer, '?category=food')), [noodles.id]);
  t.deepEqual(ids(await directory(volunteer, '?category=fitness')), [gym.id]);
  t.deepEqual(ids(await directory(volunteer, '?category=education')), []);
  t.deepEqual(ids(await directory(volunteer, '?tag=women_owned')), [noodles.id, gym.id]);
  t.deepEqual(ids(await directory(volunteer, '?tag=independent')), [gym.id]);
  t.deepEqual(ids(await directory(volunteer, '?tag=migrant_owned')), []);
  t.deepEqual(ids(await directory(volunteer, '?category=food&tag=independent')), []);
  t.deepEqual(ids(await directory(volunteer)), [noodles.id, gym.id, shopx.id]);
  assertError(
    t,
    await api(ctx).get('/alliance/merchants?category=casino', volunteer),
    400,
    'request.invalid',
  );
  assertError(t, await api(ctx).get('/alliance/merchants?tag=rich', volunteer), 400, 'request.invalid');
});

test('q searches the name: partial and case-insensitive; LIKE wildcards are taken literally', async (t) => {
  const { officer, volunteer } = await setup();
  const noodles = await merchant(ctx, officer, { name: 'Happy Noodles 老王面馆' });
  const bakery = await merchant(ctx, officer, { name: 'Sunny Bakery 阳光烘焙' });
  const percent = await merchant(ctx, officer, { name: '100% 鲜榨果汁' });
  t.deepEqual(ids(await directory(volunteer, '?q=noodle')), [noodles.id]);
  t.deepEqual(ids(await directory(volunteer, '?q=NOODLES')), [noodles.id]);
  t.deepEqual(ids(await directory(volunteer, `?q=${encodeURIComponent('面馆')}`)), [noodles.id]);
  t.deepEqual(ids(await directory(volunteer, `?q=${encodeURIComponent('烘')}`)), [bakery.id]);
  t.deepEqual(ids(await directory(volunteer, '?q=nny')), [bakery.id]);
  t.deepEqual(ids(await directory(volunteer, '?q=y')), [noodles.id, bakery.id]);
  t.deepEqual(ids(await directory(volunteer, '?q=pizza')), []);
  t.deepEqual(ids(await directory(volunteer, `?q=${encodeURIComponent('%')}`)), [percent.id]);
  t.deepEqual(ids(await directory(volunteer, `?q=${encodeURIComponent('_')}`)), []);
});

test('with lat and lng: nearest first, with the distance in metres', async (t) => {
  const { officer, volunteer } = await setup();
  const here = { lat: 30.8236, lng: 104.1589 };
  // names in the opposite order of distance, so a name sort would fail
  const far = await merchant(ctx, officer, { name: 'A 远处的店', lat: 30.8636, lng: 104.1589 });
  const mid = await merchant(ctx, officer, { name: 'B 中间的店', lat: 30.8336, lng: 104.1589 });
  const near = await merchant(ctx, officer, { name: 'C 隔壁的店', lat: 30.824, lng: 104.159 });
  const list = await directory(volunteer, `?lat=${here.lat}&lng=${here.lng}`);
  t.deepEqual(
    list.map((e) => e.id),
    [near.id, mid.id, far.id],
  );
  t.is(list[0]!.distanceM, distanceMetres(here, { lat: 30.824, lng: 104.159 }));
  t.is(list[1]!.distanceM, distanceMetres(here, { lat: 30.8336, lng: 104.1589 }));
  t.is(list[2]!.distanceM, distanceMetres(here, { lat: 30.8636, lng: 104.1589 }));
  t.true(list[0]!.distanceM! < 100);
  t.true(list[1]!.distanceM! > 1000 && list[1]!.distanceM! < 1200);
  t.true(list[2]!.distanceM! > 4000);
  // without a position: by name, no distance
  const plain = await directory(volunteer);
  t.deepEqual(
    plain.map((e) => [e.id, e.distanceM]),
    [
      [far.id, null],
      [mid.id, null],
      [near.id, null],
    ],
  );
});

test('lat without lng (or the reverse, or out of range) → 400 request.invalid', async (t) => {
  const { volunteer } = await setup();
  for (const q of ['?lat=30.8', '?lng=104.1', '?lat=91&lng=104', '?lat=abc&lng=104', '?sort=name']) {
    assertError(t, await api(ctx).get(`/alliance/merchants${q}`, volunteer), 400, 'request.invalid');
  }
});

test("another community's merchants never appear", async (t) => {
  const { officer, volunteer } = await setup();
  const mine = await merchant(ctx, officer, { name: '本社区面馆', category: 'food' });
  const other = await setup();
  const theirs = await merchant(ctx, other.officer, { name: '外社区面馆', category: 'food' });
  t.deepEqual(ids(await directory(volunteer)), [mine.id]);
  t.deepEqual(ids(await directory(volunteer, `?q=${encodeURIComponent('面馆')}&category=food`)), [mine.id]);
  t.deepEqual(ids(await directory(volunteer, '?lat=30.8236&lng=104.1589')), [mine.id]);
  t.deepEqual(ids(await directory(other.volunteer)), [theirs.id]);
  // officers and merchant staff see their own community's directory too
  t.deepEqual(ids(await directory(officer)), [mine.id]);
  t.deepEqual(ids(await directory(theirs.owner)), [theirs.id]);
});

test('the directory needs a signed-in user', async (t) => {
  assertError(t, await api(ctx).get('/alliance/merchants'), 401, 'auth.required');
});
