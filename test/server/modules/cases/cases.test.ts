import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, inviteStaff, shop as merchant, validCheck } from '../merchants/support';

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
  const shop = await merchant(ctx, officer, { name: '被投诉的店' });
  const volunteer = await certifiedVolunteer(ctx, officer);
  return { c, officer, shop, volunteer };
}

const report = (user: TestUser | undefined, body: object) => api(ctx).post('/reports', user, body);

async function openCase(user: TestUser, body: object): Promise<number> {
  const r = await report(user, body);
  if (r.status !== 201) throw new Error(`report failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

test('a volunteer reports a refused discount by merchant → 201, an open case', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const r = await report(volunteer, {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '出示证书后店员说不打折',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.deepEqual(r.body, {
    id: r.body.id,
    kind: 'refused_discount',
    status: 'open',
    merchant: { id: shop.id, name: '被投诉的店' },
    verificationId: null,
    subjectUserId: null,
    reporterId: volunteer.id,
    description: '出示证书后店员说不打折',
    resolution: null,
    outcome: null,
    createdAt: ctx.clock.now().toISOString(),
    closedAt: null,
  });
  const list = await api(ctx).get('/cases', officer);
  t.deepEqual(
    list.body.cases.map((c: { id: number }) => c.id),
    [r.body.id],
  );
});

test('a volunteer reports from their own check → 201, tied to the check and its shop', async (t) => {
  const { shop, volunteer } = await setup();
  const device = await openDevice(ctx, volunteer);
  const checkId = await validCheck(ctx, shop.owner, device.code());
  const r = await report(volunteer, {
    kind: 'refused_discount',
    verificationId: checkId,
    description: '核验通过但结账时没有折扣',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.verificationId, checkId);
  t.deepEqual(r.body.merchant, { id: shop.id, name: '被投诉的店' });
});

test("someone else's check → 404 verify.not_found; neither target → 400 cases.invalid_target", async (t) => {
  const { officer, shop, volunteer } = await setup();
  const other = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, other);
  const theirs = await validCheck(ctx, shop.owner, device.code());
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', verificationId: theirs, description: '冒用' }),
    404,
    'verify.not_found',
  );
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', verificationId: 987_654, description: '不存在' }),
    404,
    'verify.not_found',
  );
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', description: '没说是哪家' }),
    400,
    'cases.invalid_target',
  );
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', merchantId: 987_654, description: '不存在的店' }),
    404,
    'merchants.not_found',
  );
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', merchantId: shop.id }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await report(volunteer, { kind: 'overcharged', merchantId: shop.id, description: '太贵' }),
    400,
    'request.invalid',
  );
  const list = await api(ctx).get('/cases', officer);
  t.deepEqual(list.body.cases, []);
});

test('a shop of another community → 404 merchants.not_found, as a missing one', async (t) => {
  const { volunteer } = await setup();
  const elsewhere = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  const foreignShop = await merchant(ctx, elsewhere);
  assertError(
    t,
    await report(volunteer, { kind: 'refused_discount', merchantId: foreignShop.id, description: '外社区' }),
    404,
    'merchants.not_found',
  );
  t.deepEqual((await api(ctx).get('/cases', elsewhere)).body.cases, []);
});

test('staff report a lent certificate from their own check: the holder is the subject', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const cashier = await inviteStaff(ctx, shop.owner);
  const device = await openDevice(ctx, volunteer);
  const checkId = await validCheck(ctx, cashier, device.code());
  const r = await report(cashier, {
    kind: 'lent_certificate',
    verificationId: checkId,
    description: '出示证书的人与照片明显不是同一人',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.kind, 'lent_certificate');
  t.is(r.body.subjectUserId, volunteer.id);
  t.is(r.body.verificationId, checkId);
  t.is(r.body.merchant.id, shop.id);
  t.is(r.body.reporterId, cashier.id);
  const got = await api(ctx).get(`/cases/${r.body.id}`, officer);
  t.is(got.body.subjectUserId, volunteer.id);
  // the reporter's own list does not name the holder
  const mine = await api(ctx).get('/me/reports', cashier);
  t.is(mine.status, 200);
  t.is(mine.body.cases.length, 1);
  t.false('subjectUserId' in mine.body.cases[0]);
});

test('lent_certificate needs a check of this shop', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const other = await merchant(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  const elsewhere = await validCheck(ctx, other.owner, device.code());
  assertError(
    t,
    await report(shop.owner, { kind: 'lent_certificate', description: '没有核验记录' }),
    400,
    'cases.invalid_target',
  );
  assertError(
    t,
    await report(shop.owner, { kind: 'lent_certificate', verificationId: elsewhere, description: '别家的' }),
    404,
    'verify.not_found',
  );
});

test('a volunteer reporting lent_certificate, or staff refused_discount → 403 auth.forbidden', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const device = await openDevice(ctx, volunteer);
  const checkId = await validCheck(ctx, shop.owner, device.code());
  assertError(
    t,
    await report(volunteer, { kind: 'lent_certificate', verificationId: checkId, description: '举报自己？' }),
    403,
    'auth.forbidden',
  );
  assertError(
    t,
    await report(shop.owner, { kind: 'refused_discount', merchantId: shop.id, description: '自己投诉自己' }),
    403,
    'auth.forbidden',
  );
  assertError(
    t,
    await report(officer, { kind: 'refused_discount', merchantId: shop.id, description: '干部' }),
    403,
    'auth.forbidden',
  );
  assertError(
    t,
    await report(undefined, { kind: 'refused_discount', merchantId: shop.id, description: 'x' }),
    401,
    'auth.required',
  );
  t.deepEqual((await api(ctx).get('/cases', officer)).body.cases, []);
});

test('the officer lists, adds notes and closes; the reporter is told and sees the outcome', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const id = await openCase(volunteer, {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '不给折扣',
  });
  const second = await openCase(volunteer, {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '又一次',
  });

  const open = await api(ctx).get('/cases?status=open', officer);
  t.deepEqual(
    open.body.cases.map((c: { id: number }) => c.id),
    [second, id],
  );

  const n1 = await api(ctx).post(`/cases/${id}/notes`, officer, { note: '已电话联系店主' });
  t.is(n1.status, 200, JSON.stringify(n1.body));
  t.is(n1.body.notes.length, 1);
  t.is(n1.body.notes[0].note, '已电话联系店主');
  const n2 = await api(ctx).post(`/cases/${id}/notes`, officer, { note: '店主承认并道歉' });
  t.deepEqual(
    n2.body.notes.map((n: { note: string }) => n.note),
    ['已电话联系店主', '店主承认并道歉'],
  );
  assertError(t, await api(ctx).post(`/cases/${id}/notes`, officer, { note: ' ' }), 400, 'request.invalid');

  const closed = await api(ctx).post(`/cases/${id}/close`, officer, {
    outcome: '情况属实，已对商家发出警告',
    resolution: 'upheld',
  });
  t.is(closed.status, 200, JSON.stringify(closed.body));
  t.is(closed.body.status, 'closed');
  t.is(closed.body.outcome, '情况属实，已对商家发出警告');
  t.is(closed.body.resolution, 'upheld');
  t.is(closed.body.closedAt, ctx.clock.now().toISOString());
  t.is(closed.body.notes.length, 2);

  assertError(t, await api(ctx).post(`/cases/${id}/notes`, officer, { note: '补充' }), 409, 'cases.closed');
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/close`, officer, { outcome: '再办结', resolution: 'dismissed' }),
    409,
    'cases.closed',
  );
  const after = await api(ctx).get(`/cases/${id}`, officer);
  t.is(after.body.resolution, 'upheld');
  t.is(after.body.notes.length, 2);

  const byStatus = await api(ctx).get('/cases?status=closed', officer);
  t.deepEqual(
    byStatus.body.cases.map((c: { id: number }) => c.id),
    [id],
  );

  const notes = await api(ctx).get('/me/notifications', volunteer);
  const told = (
    notes.body.notifications as { kind: string; body: string; data: { caseId: number } }[]
  ).filter((n) => n.kind === 'case.closed');
  t.is(told.length, 1);
  t.is(told[0]!.body, '情况属实，已对商家发出警告');
  t.is(told[0]!.data.caseId, id);

  const mine = await api(ctx).get('/me/reports', volunteer);
  t.is(mine.status, 200);
  const byId = new Map(
    (
      mine.body.cases as { id: number; status: string; outcome: string | null; resolution: string | null }[]
    ).map((c) => [c.id, c]),
  );
  t.like(byId.get(id), { status: 'closed', outcome: '情况属实，已对商家发出警告', resolution: 'upheld' });
  t.like(byId.get(second), { status: 'open', outcome: null, resolution: null });
});

test('closing needs an outcome and a known resolution → 400', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const id = await openCase(volunteer, {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '不给折扣',
  });
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/close`, officer, { resolution: 'upheld' }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/close`, officer, { outcome: '结论', resolution: 'maybe' }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await api(ctx).post('/cases/987654/close', officer, { outcome: '结论', resolution: 'dismissed' }),
    404,
    'cases.not_found',
  );
  assertError(
    t,
    await api(ctx).post('/cases/987654/notes', officer, { note: '备注' }),
    404,
    'cases.not_found',
  );
  const still = await api(ctx).get(`/cases/${id}`, officer);
  t.is(still.body.status, 'open');
});

test('cases are for the officers of the community', async (t) => {
  const { officer, shop, volunteer } = await setup();
  const id = await openCase(volunteer, {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '不给折扣',
  });
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(t, await api(ctx).get(`/cases/${id}`, foreign), 404, 'cases.not_found');
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/notes`, foreign, { note: '越权' }),
    404,
    'cases.not_found',
  );
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/close`, foreign, { outcome: '越权', resolution: 'dismissed' }),
    404,
    'cases.not_found',
  );
  t.deepEqual((await api(ctx).get('/cases', foreign)).body.cases, []);
  assertError(t, await api(ctx).get('/cases', volunteer), 403, 'auth.forbidden');
  assertError(t, await api(ctx).get(`/cases/${id}`, shop.owner), 403, 'auth.forbidden');
  assertError(
    t,
    await api(ctx).post(`/cases/${id}/close`, volunteer, { outcome: 'x', resolution: 'dismissed' }),
    403,
    'auth.forbidden',
  );
  const still = await api(ctx).get(`/cases/${id}`, officer);
  t.is(still.body.status, 'open');
  t.deepEqual(still.body.notes, []);
});
