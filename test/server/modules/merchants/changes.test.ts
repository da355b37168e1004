/**
 * An owner edits the shop: plain details at once, the licence and the discount as a change request
 * the community's officers approve or reject — with the refusals' stable codes.
 */
import test from 'ava';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { api, assertError, inviteStaff, shop as merchant } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const patch = (path: string, user: { auth: Record<string, string> }, body: object) =>
  ctx.request().patch(`/api/v1${path}`).set(user.auth).send(body);

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer, { discount: { percentOff: 20, conditions: '不与其他优惠同享' } });
  return { c, officer, shop };
}

test('plain details apply at once; no change request is made', async (t) => {
  const { shop } = await setup();
  const r = await patch('/merchants/me', shop.owner, {
    openingHours: '每天 9:00–22:00',
    contactPhone: '028-12345678',
    tags: ['women_owned'],
  });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.applied, ['openingHours', 'contactPhone', 'tags']);
  t.is(r.body.changeRequest, null);
  t.is(r.body.merchant.openingHours, '每天 9:00–22:00');
  t.is(r.body.merchant.contactPhone, '028-12345678');
  t.deepEqual(r.body.merchant.tags, ['women_owned']);
  const mine = await api(ctx).get('/merchants/me', shop.owner);
  t.is(mine.body.merchant.openingHours, '每天 9:00–22:00');
  const requests = await api(ctx).get('/merchants/me/change-requests', shop.owner);
  t.deepEqual(requests.body.requests, []);
});

test('a new discount waits for the officer; the shop keeps its vetted one until approved', async (t) => {
  const { officer, shop } = await setup();
  const before = (await api(ctx).get('/merchants/me', shop.owner)).body.merchant;
  const r = await patch('/merchants/me', shop.owner, {
    openingHours: '每天 7:00–20:00',
    discount: { percentOff: 30 },
  });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.applied, ['openingHours']);
  t.is(r.body.merchant.discount.percentOff, 20, 'still the vetted discount');
  t.is(r.body.merchant.openingHours, '每天 7:00–20:00');
  const cr = r.body.changeRequest;
  t.is(cr.status, 'pending');
  t.deepEqual(cr.changes, {
    discount: { percentOff: 30, text: null, conditions: null, label: '持证消费7折' },
  });
  t.deepEqual(cr.previous, {
    discount: { percentOff: 20, text: null, conditions: '不与其他优惠同享', label: '持证消费8折' },
  });
  t.is(cr.requestedBy.id, shop.owner.id);

  // the till still gives the vetted discount
  t.is((await api(ctx).get('/merchants/me', shop.owner)).body.merchant.discount.label, before.discount.label);

  // a second vetted change while one waits is refused
  assertError(
    t,
    await patch('/merchants/me', shop.owner, { licenceNo: '91510114MA6C8ABC1Y' }),
    409,
    'merchants.change_pending',
  );

  // the officer sees it pending and approves
  const list = await api(ctx).get('/merchants/change-requests', officer);
  t.is(list.status, 200, JSON.stringify(list.body));
  t.deepEqual(
    list.body.requests.map((x: { id: number }) => x.id),
    [cr.id],
  );
  const ok = await api(ctx).post(`/merchants/change-requests/${cr.id}/approve`, officer, {});
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is(ok.body.status, 'approved');
  t.is(ok.body.decidedBy.id, officer.id);
  const after = (await api(ctx).get('/merchants/me', shop.owner)).body.merchant;
  t.is(after.discount.percentOff, 30);
  t.is(after.discount.label, '持证消费7折');
  t.is(after.discount.conditions, null);

  // decided once only
  assertError(
    t,
    await api(ctx).post(`/merchants/change-requests/${cr.id}/reject`, officer, { reason: '晚了' }),
    409,
    'merchants.change_decided',
  );
  // the owner is told
  const notes = await api(ctx).get('/me/notifications', shop.owner);
  t.true((notes.body.notifications as { kind: string }[]).some((n) => n.kind === 'merchant.change_approved'));
  // and the audit log has it
  const audit = await api(ctx).get('/audit?action=change-requests', officer);
  t.is(audit.status, 200, JSON.stringify(audit.body));
  const entry = audit.body.entries.find((e: { action: string }) => e.action.endsWith('/approve'));
  t.truthy(entry);
  t.deepEqual(entry.target, { type: 'merchant_changes', id: String(cr.id) });
  t.is(entry.after.status, 'approved');
});

test('a rejected licence change needs a reason and leaves the licence as it was', async (t) => {
  const { officer, shop } = await setup();
  const licence = (await api(ctx).get('/merchants/me', shop.owner)).body.merchant.licenceNo;
  const r = await patch('/merchants/me', shop.owner, { licenceNo: '91510114MA6C8ZZZ9Q' });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.applied, []);
  const id = r.body.changeRequest.id;
  t.deepEqual(r.body.changeRequest.changes, { licenceNo: '91510114MA6C8ZZZ9Q' });
  t.deepEqual(r.body.changeRequest.previous, { licenceNo: licence });

  assertError(
    t,
    await api(ctx).post(`/merchants/change-requests/${id}/reject`, officer, {}),
    400,
    'request.invalid',
  );
  const no = await api(ctx).post(`/merchants/change-requests/${id}/reject`, officer, {
    reason: '执照号与营业执照不符',
  });
  t.is(no.status, 200, JSON.stringify(no.body));
  t.is(no.body.status, 'rejected');
  t.is(no.body.decisionReason, '执照号与营业执照不符');
  t.is((await api(ctx).get('/merchants/me', shop.owner)).body.merchant.licenceNo, licence);
  const rejected = await api(ctx).get('/merchants/change-requests?status=rejected', officer);
  t.deepEqual(
    rejected.body.requests.map((x: { id: number }) => x.id),
    [id],
  );
  // a new request may be made once the old one is decided
  const again = await patch('/merchants/me', shop.owner, { licenceNo: '91510114MA6C8ZZZ9R' });
  t.is(again.status, 200, JSON.stringify(again.body));
  t.is(again.body.changeRequest.status, 'pending');
});

test('refusals: staff are not owners, nothing to change, bad fields, other communities, unknown ids', async (t) => {
  const { officer, shop } = await setup();
  const cashier = await inviteStaff(ctx, shop.owner);
  assertError(
    t,
    await patch('/merchants/me', cashier, { openingHours: '全天' }),
    403,
    'merchants.owner_only',
  );
  assertError(t, await api(ctx).get('/merchants/me/change-requests', cashier), 403, 'merchants.owner_only');
  assertError(t, await patch('/merchants/me', shop.owner, {}), 400, 'request.invalid');
  const current = (await api(ctx).get('/merchants/me', shop.owner)).body.merchant;
  assertError(
    t,
    await patch('/merchants/me', shop.owner, { openingHours: current.openingHours }),
    400,
    'merchants.nothing_changed',
  );
  assertError(t, await patch('/merchants/me', shop.owner, { licenceNo: 'abc' }), 400, 'request.invalid');
  assertError(
    t,
    await patch('/merchants/me', shop.owner, { discount: { percentOff: 95 } }),
    400,
    'request.invalid',
  );
  assertError(t, await patch('/merchants/me', shop.owner, { name: '新店名' }), 400, 'request.invalid');
  const volunteer = await ctx.addUser('volunteer', officer.communityId);
  assertError(t, await patch('/merchants/me', volunteer, { openingHours: '全天' }), 403, 'auth.forbidden');

  const r = await patch('/merchants/me', shop.owner, { discount: { text: '免费洗头' } });
  t.is(r.status, 200, JSON.stringify(r.body));
  const id = r.body.changeRequest.id;
  // an officer of another community neither sees nor decides it
  const elsewhere = await ctx.addCommunity();
  const stranger = await ctx.addUser('officer', elsewhere.id);
  t.deepEqual((await api(ctx).get('/merchants/change-requests', stranger)).body.requests, []);
  assertError(
    t,
    await api(ctx).post(`/merchants/change-requests/${id}/approve`, stranger, {}),
    404,
    'merchants.change_not_found',
  );
  assertError(
    t,
    await api(ctx).get(`/merchants/change-requests?communityId=${officer.communityId}`, stranger),
    403,
    'auth.wrong_community',
  );
  assertError(
    t,
    await api(ctx).post('/merchants/change-requests/999999/approve', officer, {}),
    404,
    'merchants.change_not_found',
  );
  assertError(
    t,
    await api(ctx).post(`/merchants/change-requests/${id}/approve`, shop.owner, {}),
    403,
    'auth.forbidden',
  );
  // still pending after the refusals
  const list = await api(ctx).get('/merchants/change-requests', officer);
  t.deepEqual(
    list.body.requests.map((x: { id: number; status: string }) => [x.id, x.status]),
    [[id, 'pending']],
  );
});

test('a district administrator decides for any community of the district', async (t) => {
  const { c, shop } = await setup();
  const admin = await ctx.addUser(
    'district_admin',
    (await ctx.addCommunity('街道', { districtId: c.districtId })).id,
  );
  const r = await patch('/merchants/me', shop.owner, { discount: { percentOff: 25 } });
  const id = r.body.changeRequest.id;
  const list = await api(ctx).get(`/merchants/change-requests?communityId=${c.id}`, admin);
  t.is(list.status, 200, JSON.stringify(list.body));
  t.deepEqual(
    list.body.requests.map((x: { id: number }) => x.id),
    [id],
  );
  const ok = await api(ctx).post(`/merchants/change-requests/${id}/approve`, admin, { reason: '同意' });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is(ok.body.decisionReason, '同意');
});
