import { productOut, productOwnOut } from '@timebank/shared';
import test from 'ava';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  mustTransition,
  notificationKinds,
  refreshed,
  shop,
} from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const patch = (path: string, user: TestUser, body: object) =>
  ctx.request().patch(`/api/v1${path}`).set(user.auth).send(body);

async function community() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  return { c, officer, volunteer };
}

let seq = 0;
async function product(owner: TestUser, extra: Record<string, unknown> = {}) {
  seq += 1;
  const r = await api(ctx).post('/merchants/me/products', owner, {
    name: `手工豆瓣${seq}`,
    description: '郫县老作坊',
    priceFen: 2580,
    photos: ['https://img.example.cn/a.jpg'],
    ...extra,
  });
  if (r.status !== 201) throw new Error(`product failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number; status: string };
}

async function offer(
  owner: TestUser,
  validFrom: string,
  validTo: string,
  extra: Record<string, unknown> = {},
) {
  seq += 1;
  const r = await api(ctx).post('/merchants/me/offers', owner, {
    title: `周末特惠${seq}`,
    validFrom,
    validTo,
    ...extra,
  });
  if (r.status !== 201) throw new Error(`offer failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number };
}

async function listedProductIds(user: TestUser, merchantId: number) {
  const r = await api(ctx).get(`/alliance/merchants/${merchantId}/products`, user);
  if (r.status !== 200) return r.status;
  return (r.body.products as { id: number }[]).map((p) => p.id);
}
async function listedOfferIds(user: TestUser, merchantId: number) {
  const r = await api(ctx).get(`/alliance/merchants/${merchantId}/offers`, user);
  if (r.status !== 200) return r.status;
  return (r.body.offers as { id: number }[]).map((o) => o.id);
}

test.serial(
  'the owner publishes; staff read; volunteers see them on the directory page, local first',
  async (t) => {
    const { officer, volunteer } = await community();
    const m = await shop(ctx, officer);
    const staff = await inviteStaff(ctx, m.owner);

    const plain = await product(m.owner, { name: '矿泉水', priceFen: 200 });
    const local = await product(m.owner, {
      name: '新都柚子',
      priceFen: null,
      priceText: '时价',
      isLocal: true,
      photos: Array.from({ length: 6 }, (_, i) => `https://img.example.cn/${i}.jpg`),
    });
    t.is(plain.status, 'published');

    const page = await api(ctx).get(`/alliance/merchants/${m.id}/products`, volunteer);
    t.is(page.status, 200, JSON.stringify(page.body));
    // Residents never see the publication status or an officer's reason: the public view is strict.
    t.deepEqual(Object.keys(page.body.products[0]).sort(), Object.keys(productOut.shape).sort());
    t.false(productOut.safeParse({ ...page.body.products[0], status: 'published' }).success);
    t.true(
      productOwnOut.safeParse({ ...page.body.products[0], status: 'published', takeDownReason: null })
        .success,
    );
    t.deepEqual(
      page.body.products.map((p: { id: number; isLocal: boolean }) => [p.id, p.isLocal]),
      [
        [local.id, true],
        [plain.id, false],
      ],
    );
    t.like(page.body.products[0], { priceFen: null, priceText: '时价' });
    t.is(page.body.products[0].photos.length, 6);
    t.false('status' in page.body.products[0], 'the public page does not show moderation fields');

    // staff read the shop's list but may not publish or edit
    const mine = await api(ctx).get('/merchants/me/products', staff);
    t.is(mine.status, 200);
    t.is(mine.body.products.length, 2);
    assertError(
      t,
      await api(ctx).post('/merchants/me/products', staff, { name: 'x', priceFen: 1 }),
      403,
      'merchants.owner_only',
    );
    assertError(
      t,
      await patch(`/merchants/me/products/${plain.id}`, staff, { name: 'y' }),
      403,
      'merchants.owner_only',
    );

    // volunteers and officers cannot publish as a shop
    assertError(
      t,
      await api(ctx).post('/merchants/me/products', volunteer, { name: 'x', priceFen: 1 }),
      403,
      'auth.forbidden',
    );
    assertError(
      t,
      await api(ctx).post('/merchants/me/offers', officer, {
        title: 'x',
        validFrom: '2026-11-25',
        validTo: '2026-11-25',
      }),
      403,
      'auth.forbidden',
    );
  },
);

test.serial('another merchant cannot touch my products, and other communities do not see them', async (t) => {
  const { c, officer, volunteer } = await community();
  const mine = await shop(ctx, officer);
  const theirs = await shop(ctx, officer);
  const p = await product(mine.owner);
  const o = await offer(mine.owner, '2026-11-25', '2026-11-30');

  assertError(
    t,
    await patch(`/merchants/me/products/${p.id}`, theirs.owner, { name: '被改了' }),
    404,
    'products.not_found',
  );
  assertError(
    t,
    await patch(`/merchants/me/offers/${o.id}`, theirs.owner, { title: '被改了' }),
    404,
    'offers.not_found',
  );
  const theirList = await api(ctx).get('/merchants/me/products', theirs.owner);
  t.deepEqual(theirList.body.products, []);
  // a merchant's staff is not an officer: no take-down
  assertError(
    t,
    await api(ctx).post(`/products/${p.id}/take-down`, theirs.owner, { reason: '竞争' }),
    403,
    'auth.forbidden',
  );

  const elsewhere = await ctx.addCommunity();
  const outsider = await ctx.addUser('volunteer', elsewhere.id);
  const foreignOfficer = await ctx.addUser('officer', elsewhere.id);
  assertError(
    t,
    await api(ctx).get(`/alliance/merchants/${mine.id}/products`, outsider),
    404,
    'merchants.not_found',
  );
  assertError(
    t,
    await api(ctx).get(`/alliance/merchants/${mine.id}/offers`, outsider),
    404,
    'merchants.not_found',
  );
  assertError(
    t,
    await api(ctx).get(`/alliance/merchants/${mine.id}/products`, foreignOfficer),
    404,
    'merchants.not_found',
  );
  assertError(
    t,
    await api(ctx).post(`/products/${p.id}/take-down`, foreignOfficer, { reason: '不是我管' }),
    404,
    'products.not_found',
  );
  // a district administrator of the same district may look and act
  const admin = await ctx.addUser(
    'district_admin',
    (await ctx.addCommunity('同区社区', { districtId: c.districtId })).id,
  );
  t.deepEqual(await listedProductIds(admin, mine.id), [p.id]);
  t.deepEqual(await listedProductIds(volunteer, mine.id), [p.id]);
  t.is(await listedProductIds(volunteer, 999_999), 404);
});

test.serial('photos must be https URLs, at most six; a price or a price note is required', async (t) => {
  const { officer } = await community();
  const m = await shop(ctx, officer);
  const base = { name: '腊肉', priceFen: 4800 };
  for (const bad of [
    'http://img.example.cn/a.jpg',
    'javascript:alert(1)',
    'ftp://x/y.jpg',
    'https://',
    'not a url',
    'https://user:pw@x.cn/a.jpg',
  ]) {
    const r = await api(ctx).post('/merchants/me/products', m.owner, { ...base, photos: [bad] });
    assertError(t, r, 400, 'request.invalid');
    t.true(
      (r.body as { error: { details: { path: string }[] } }).error.details.some((d) => d.path === 'photos.0'),
      bad,
    );
  }
  const seven = Array.from({ length: 7 }, (_, i) => `https://img.example.cn/${i}.jpg`);
  assertError(
    t,
    await api(ctx).post('/merchants/me/products', m.owner, { ...base, photos: seven }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/me/products', m.owner, { name: '无价' }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/me/products', m.owner, { ...base, priceFen: -1 }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/me/products', m.owner, { ...base, priceFen: 12.5 }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/me/offers', m.owner, {
      title: '优惠',
      validFrom: '2026-11-25',
      validTo: '2026-11-26',
      photo: 'http://img.example.cn/o.jpg',
    }),
    400,
    'request.invalid',
  );

  const p = await product(m.owner, base);
  assertError(
    t,
    await patch(`/merchants/me/products/${p.id}`, m.owner, { photos: ['http://x.cn/a.jpg'] }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await patch(`/merchants/me/products/${p.id}`, m.owner, { priceFen: null }),
    400,
    'products.price_required',
  );
  const ok = await patch(`/merchants/me/products/${p.id}`, m.owner, { priceFen: null, priceText: '面议' });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.like(ok.body, { priceFen: null, priceText: '面议' });
  // nothing changed by the refused requests
  const list = await api(ctx).get('/merchants/me/products', m.owner);
  t.deepEqual(list.body.products[0].photos, ['https://img.example.cn/a.jpg']);
});

test.serial(
  'an offer shows from local midnight of validFrom until local midnight after validTo (Asia/Shanghai)',
  async (t) => {
    ctx.clock.set('2026-11-25T02:00:00.000Z'); // 10:00 on 25 Nov in Shanghai
    const { officer, volunteer: v } = await community();
    const m = await shop(ctx, officer);
    const endsToday = await offer(m.owner, '2026-11-20', '2026-11-25');
    const startsTomorrow = await offer(m.owner, '2026-11-26', '2026-11-28');
    let volunteer = v;
    t.deepEqual(await listedOfferIds(volunteer, m.id), [endsToday.id]);

    // 23:59:59 local on the 25th: still there
    ctx.clock.set('2026-11-25T15:59:59.000Z');
    t.deepEqual(await listedOfferIds(volunteer, m.id), [endsToday.id]);
    // 00:00 local on the 26th (still the 25th in UTC): the old one is gone, the new one is up
    ctx.clock.set('2026-11-25T16:00:00.000Z');
    const page = await api(ctx).get(`/alliance/merchants/${m.id}/offers`, volunteer);
    t.is(page.body.today, '2026-11-26');
    t.deepEqual(await listedOfferIds(volunteer, m.id), [startsTomorrow.id]);

    // the shop still sees its past offer, marked not current
    const mine = await api(ctx).get('/merchants/me/offers', m.owner);
    t.deepEqual(
      mine.body.offers.map((o: { id: number; current: boolean }) => [o.id, o.current]),
      [
        [startsTomorrow.id, true],
        [endsToday.id, false],
      ],
    );

    // an offer may not end before today (local), nor end before it starts, nor run over a year
    assertError(
      t,
      await api(ctx).post('/merchants/me/offers', m.owner, {
        title: '过期',
        validFrom: '2026-11-20',
        validTo: '2026-11-25',
      }),
      400,
      'offers.invalid_dates',
    );
    assertError(
      t,
      await api(ctx).post('/merchants/me/offers', m.owner, {
        title: '倒序',
        validFrom: '2026-11-28',
        validTo: '2026-11-27',
      }),
      400,
      'request.invalid',
    );
    assertError(
      t,
      await api(ctx).post('/merchants/me/offers', m.owner, {
        title: '太长',
        validFrom: '2026-11-26',
        validTo: '2027-12-01',
      }),
      400,
      'request.invalid',
    );
    assertError(
      t,
      await patch(`/merchants/me/offers/${startsTomorrow.id}`, m.owner, { validTo: '2026-11-25' }),
      400,
      'offers.invalid_dates',
    );
    assertError(
      t,
      await api(ctx).post('/merchants/me/offers', m.owner, {
        title: '坏日期',
        validFrom: '2026-02-30',
        validTo: '2026-03-01',
      }),
      400,
      'request.invalid',
    );

    // past its end, nothing shows
    ctx.clock.set('2026-11-28T16:00:00.000Z');
    volunteer = refreshed(ctx, volunteer);
    t.deepEqual(await listedOfferIds(volunteer, m.id), []);
  },
);

test.serial('hiding, publishing again, and an officer taking down with a reason', async (t) => {
  ctx.clock.set('2026-11-25T02:00:00.000Z');
  const { officer, volunteer } = await community();
  const m = await shop(ctx, officer);
  const p = await product(m.owner);
  const o = await offer(m.owner, '2026-11-25', '2026-12-25');

  t.is((await patch(`/merchants/me/products/${p.id}`, m.owner, { status: 'hidden' })).status, 200);
  t.is((await patch(`/merchants/me/offers/${o.id}`, m.owner, { status: 'hidden' })).status, 200);
  t.deepEqual(await listedProductIds(volunteer, m.id), []);
  t.deepEqual(await listedOfferIds(volunteer, m.id), []);
  t.is((await patch(`/merchants/me/products/${p.id}`, m.owner, { status: 'published' })).status, 200);
  t.is((await patch(`/merchants/me/offers/${o.id}`, m.owner, { status: 'published' })).status, 200);
  t.deepEqual(await listedProductIds(volunteer, m.id), [p.id]);
  t.deepEqual(await listedOfferIds(volunteer, m.id), [o.id]);
  // status is only published or hidden for the shop
  assertError(
    t,
    await patch(`/merchants/me/products/${p.id}`, m.owner, { status: 'taken_down' }),
    400,
    'request.invalid',
  );

  assertError(t, await api(ctx).post(`/products/${p.id}/take-down`, officer, {}), 400, 'request.invalid');
  const down = await api(ctx).post(`/products/${p.id}/take-down`, officer, { reason: '无食品经营许可' });
  t.is(down.status, 200, JSON.stringify(down.body));
  t.like(down.body, { status: 'taken_down', takeDownReason: '无食品经营许可' });
  const downOffer = await api(ctx).post(`/offers/${o.id}/take-down`, officer, { reason: '虚假宣传' });
  t.is(downOffer.status, 200);
  t.deepEqual(await listedProductIds(volunteer, m.id), []);
  t.deepEqual(await listedOfferIds(volunteer, m.id), []);
  assertError(
    t,
    await api(ctx).post(`/products/${p.id}/take-down`, officer, { reason: '再来' }),
    409,
    'products.taken_down',
  );
  assertError(
    t,
    await api(ctx).post('/products/999999/take-down', officer, { reason: '无' }),
    404,
    'products.not_found',
  );

  // the shop sees why, cannot bring it back, and was told
  const mine = await api(ctx).get('/merchants/me/products', m.owner);
  t.like(mine.body.products[0], { id: p.id, status: 'taken_down', takeDownReason: '无食品经营许可' });
  assertError(
    t,
    await patch(`/merchants/me/products/${p.id}`, m.owner, { status: 'published' }),
    409,
    'products.taken_down',
  );
  assertError(
    t,
    await patch(`/merchants/me/offers/${o.id}`, m.owner, { title: '换个名字' }),
    409,
    'products.taken_down',
  );
  const kinds = await notificationKinds(ctx, m.owner);
  t.true(kinds.includes('product.taken_down'), JSON.stringify(kinds));
  t.true(kinds.includes('offer.taken_down'), JSON.stringify(kinds));

  // the take-down is in the audit log
  const audit = await api(ctx).get('/audit?action=take-down', officer);
  t.is(audit.status, 200, JSON.stringify(audit.body));
  const actions = (audit.body.entries ?? []) as { action: string }[];
  t.true(
    actions.some((e) => e.action === 'POST /products/:id/take-down'),
    JSON.stringify(audit.body).slice(0, 500),
  );
  t.true(actions.some((e) => e.action === 'POST /offers/:id/take-down'));
});

test.serial(
  'a suspended or removed merchant disappears with its products and offers, and cannot publish',
  async (t) => {
    ctx.clock.set('2026-11-25T02:00:00.000Z');
    const { officer, volunteer } = await community();
    const m = await shop(ctx, officer);
    const p = await product(m.owner);
    const o = await offer(m.owner, '2026-11-25', '2026-11-30');

    await mustTransition(ctx, officer, m.id, 'warn', '未按承诺打折');
    t.deepEqual(await listedProductIds(volunteer, m.id), [p.id], 'a warned merchant is still listed');
    await mustTransition(ctx, officer, m.id, 'suspend', '再次拒绝打折');
    assertError(
      t,
      await api(ctx).get(`/alliance/merchants/${m.id}/products`, volunteer),
      404,
      'merchants.not_found',
    );
    assertError(
      t,
      await api(ctx).get(`/alliance/merchants/${m.id}/offers`, volunteer),
      404,
      'merchants.not_found',
    );
    assertError(
      t,
      await api(ctx).post('/merchants/me/products', m.owner, { name: '新品', priceFen: 100 }),
      403,
      'merchants.not_active',
    );
    assertError(
      t,
      await patch(`/merchants/me/offers/${o.id}`, m.owner, { title: '改' }),
      403,
      'merchants.not_active',
    );

    await mustTransition(ctx, officer, m.id, 'reinstate', '已整改');
    t.deepEqual(await listedOfferIds(volunteer, m.id), [o.id]);
    await mustTransition(ctx, officer, m.id, 'warn', '又拒绝');
    await mustTransition(ctx, officer, m.id, 'suspend', '又拒绝');
    await mustTransition(ctx, officer, m.id, 'remove', '退出联盟');
    assertError(
      t,
      await api(ctx).get(`/alliance/merchants/${m.id}/products`, volunteer),
      404,
      'merchants.not_found',
    );

    // an applicant not yet approved has no page and cannot publish
    const applicant = await shop(ctx, officer, {}, false);
    assertError(
      t,
      await api(ctx).post('/merchants/me/products', applicant.owner, { name: '新品', priceFen: 100 }),
      403,
      'merchants.not_active',
    );
    assertError(
      t,
      await api(ctx).get(`/alliance/merchants/${applicant.id}/products`, volunteer),
      404,
      'merchants.not_found',
    );
  },
);
