import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  shop as merchant,
  mustTransition,
  nextStep,
  recordDiscount,
  refreshed,
  validCheck,
} from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const DAY = 24 * 3600_000;

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  return { c, officer, volunteer };
}

let postSeq = 0;
async function post(staff: TestUser, kind: 'recruitment' | 'activity_push' = 'recruitment', title?: string) {
  postSeq += 1;
  const r = await api(ctx).post('/board/posts', staff, {
    kind,
    title: title ?? `帖子${postSeq}`,
    body: kind === 'recruitment' ? '招聘周末兼职收银员一名' : '本周六社区义剪，欢迎持证志愿者',
  });
  if (r.status !== 201) throw new Error(`post failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

interface Post {
  id: number;
  kind: string;
  title: string;
  merchant: { id: number; name: string };
  honouredDiscounts90d: number;
}
async function board(user: TestUser): Promise<Post[]> {
  const r = await api(ctx).get('/board', user);
  if (r.status !== 200) throw new Error(`board failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.posts as Post[];
}

/** A valid check and a recorded discount at the shop, at the clock's time. */
async function honour(staff: TestUser, device: { code: () => string }) {
  const id = await validCheck(ctx, staff, device.code());
  const r = await recordDiscount(ctx, staff, id, { billAmount: 25, savingAmount: 5 });
  if (r.status !== 201) throw new Error(`discount failed: ${r.status} ${JSON.stringify(r.body)}`);
  nextStep(ctx);
}

test.serial(
  'posts are ordered by discounts honoured in the last 90 days; older ones do not count',
  async (t) => {
    ctx.clock.set('2026-12-01T02:00:00.000Z');
    const c = await ctx.addCommunity();
    let officer = await ctx.addUser('officer', c.id);
    const a = await merchant(ctx, officer, { name: 'A 店' });
    const b = await merchant(ctx, officer, { name: 'B 店' });
    let volunteer = await certifiedVolunteer(ctx, officer);
    const device = await openDevice(ctx, volunteer);

    // B posts first (older), A later: newest-first alone would put A on top
    const bPost = await post(b.owner, 'activity_push', 'B 的活动');
    const aPost = await post(a.owner, 'recruitment', 'A 的招聘');
    const none = await board(volunteer);
    t.deepEqual(
      none.map((p) => [p.id, p.honouredDiscounts90d]),
      [
        [aPost, 0],
        [bPost, 0],
      ],
    );

    await honour(b.owner, device);
    await honour(b.owner, device);
    await honour(a.owner, device);
    // a valid check without a recorded discount honours nothing
    await validCheck(ctx, a.owner, device.code());
    nextStep(ctx);
    const ranked = await board(volunteer);
    t.deepEqual(
      ranked.map((p) => [p.id, p.merchant.id, p.honouredDiscounts90d]),
      [
        [bPost, b.id, 2],
        [aPost, a.id, 1],
      ],
    );

    // 89 days on, they all still count
    ctx.clock.advance(89 * DAY);
    volunteer = refreshed(ctx, volunteer);
    t.deepEqual(
      (await board(volunteer)).map((p) => [p.id, p.honouredDiscounts90d]),
      [
        [bPost, 2],
        [aPost, 1],
      ],
    );

    // 91 days on, the old discounts drop out; one fresh discount at A puts A first
    ctx.clock.advance(2 * DAY);
    volunteer = refreshed(ctx, volunteer);
    officer = refreshed(ctx, officer);
    t.deepEqual(
      (await board(volunteer)).map((p) => [p.id, p.honouredDiscounts90d]),
      [
        [aPost, 0],
        [bPost, 0],
      ],
    );
    await honour(refreshed(ctx, a.owner), device);
    t.deepEqual(
      (await board(volunteer)).map((p) => [p.id, p.honouredDiscounts90d]),
      [
        [aPost, 1],
        [bPost, 0],
      ],
    );
    t.is((await board(officer)).length, 2);
  },
);

test('active merchant staff post recruitment and activity pushes → 201', async (t) => {
  const { officer, volunteer } = await setup();
  const shop = await merchant(ctx, officer, { name: '招聘小店' });
  const cashier = await inviteStaff(ctx, shop.owner);
  const r = await api(ctx).post('/board/posts', shop.owner, {
    kind: 'recruitment',
    title: '招聘收银员',
    body: '周末兼职，欢迎持证志愿者',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.deepEqual(r.body, {
    id: r.body.id,
    kind: 'recruitment',
    title: '招聘收银员',
    body: '周末兼职，欢迎持证志愿者',
    status: 'published',
    createdAt: ctx.clock.now().toISOString(),
  });
  const push = await api(ctx).post('/board/posts', cashier, {
    kind: 'activity_push',
    title: '周六义剪',
    body: '持证志愿者免费理发',
  });
  t.is(push.status, 201, JSON.stringify(push.body));
  t.is(push.body.kind, 'activity_push');

  const list = await board(volunteer);
  t.deepEqual(
    list.map((p) => [p.id, p.kind, p.merchant.name]).sort(),
    [
      [r.body.id, 'recruitment', '招聘小店'],
      [push.body.id, 'activity_push', '招聘小店'],
    ].sort(),
  );
});

test('a warned merchant may post; a suspended or applied one → 403 merchants.not_active', async (t) => {
  const { officer } = await setup();
  const warned = await merchant(ctx, officer);
  await mustTransition(ctx, officer, warned.id, 'warn', '警告');
  t.is(typeof (await post(warned.owner)), 'number');
  const suspended = await merchant(ctx, officer);
  await mustTransition(ctx, officer, suspended.id, 'suspend', '暂停');
  const body = { kind: 'recruitment', title: '招人', body: '招人' };
  assertError(t, await api(ctx).post('/board/posts', suspended.owner, body), 403, 'merchants.not_active');
  const applied = await merchant(ctx, officer, {}, false);
  assertError(t, await api(ctx).post('/board/posts', applied.owner, body), 403, 'merchants.not_active');
});

test('who may post, and what: only merchant staff, a known kind, a title and a body', async (t) => {
  const { officer, volunteer } = await setup();
  const shop = await merchant(ctx, officer);
  const ok = { kind: 'recruitment', title: '招人', body: '招人' };
  assertError(t, await api(ctx).post('/board/posts', volunteer, ok), 403, 'auth.forbidden');
  assertError(t, await api(ctx).post('/board/posts', officer, ok), 403, 'auth.forbidden');
  for (const bad of [
    { ...ok, kind: 'advert' },
    { ...ok, title: ' ' },
    { ...ok, title: 'x'.repeat(81) },
    { kind: 'recruitment', title: '招人' },
    { ...ok, pinned: true },
  ]) {
    assertError(t, await api(ctx).post('/board/posts', shop.owner, bad), 400, 'request.invalid');
  }
  t.deepEqual(await board(volunteer), []);
});

test("suspended and removed merchants' posts disappear; a reinstated one's come back", async (t) => {
  const { officer, volunteer } = await setup();
  const stays = await merchant(ctx, officer);
  const removed = await merchant(ctx, officer);
  const suspended = await merchant(ctx, officer);
  const p1 = await post(stays.owner);
  const p2 = await post(removed.owner);
  const p3 = await post(suspended.owner);
  const ids = async () => (await board(volunteer)).map((p) => p.id).sort((x, y) => x - y);
  t.deepEqual(await ids(), [p1, p2, p3]);
  await mustTransition(ctx, officer, removed.id, 'remove', '退出联盟');
  t.deepEqual(await ids(), [p1, p3]);
  await mustTransition(ctx, officer, suspended.id, 'suspend', '暂停');
  t.deepEqual(await ids(), [p1]);
  await mustTransition(ctx, officer, suspended.id, 'reinstate', '恢复');
  t.deepEqual(await ids(), [p1, p3]);
});

test("another community's posts never appear", async (t) => {
  const { officer, volunteer } = await setup();
  const mine = await merchant(ctx, officer);
  const other = await setup();
  const theirs = await merchant(ctx, other.officer);
  const p1 = await post(mine.owner);
  const p2 = await post(theirs.owner);
  t.deepEqual(
    (await board(volunteer)).map((p) => p.id),
    [p1],
  );
  t.deepEqual(
    (await board(other.volunteer)).map((p) => p.id),
    [p2],
  );
});

test('an officer takes a post down → 200; twice → 409 board.already_taken_down', async (t) => {
  const { officer, volunteer } = await setup();
  const shop = await merchant(ctx, officer);
  const keep = await post(shop.owner);
  const id = await post(shop.owner);
  const r = await api(ctx).post(`/board/posts/${id}/take-down`, officer, { reason: '含有不实信息' });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body, { id, status: 'taken_down', takeDownReason: '含有不实信息' });
  t.deepEqual(
    (await board(volunteer)).map((p) => p.id),
    [keep],
  );
  assertError(
    t,
    await api(ctx).post(`/board/posts/${id}/take-down`, officer, { reason: '再下架' }),
    409,
    'board.already_taken_down',
  );
  assertError(
    t,
    await api(ctx).post('/board/posts/987654/take-down', officer, { reason: 'x' }),
    404,
    'board.not_found',
  );
  assertError(t, await api(ctx).post(`/board/posts/${keep}/take-down`, officer, {}), 400, 'request.invalid');
});

test('a volunteer, merchant staff or an officer of another community cannot take a post down', async (t) => {
  const { officer, volunteer } = await setup();
  const shop = await merchant(ctx, officer);
  const id = await post(shop.owner);
  const body = { reason: '不喜欢' };
  assertError(t, await api(ctx).post(`/board/posts/${id}/take-down`, volunteer, body), 403, 'auth.forbidden');
  assertError(
    t,
    await api(ctx).post(`/board/posts/${id}/take-down`, shop.owner, body),
    403,
    'auth.forbidden',
  );
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(t, await api(ctx).post(`/board/posts/${id}/take-down`, foreign, body), 404, 'board.not_found');
  t.deepEqual(
    (await board(volunteer)).map((p) => p.id),
    [id],
  );
});
