import {
  type MerchantAction,
  type MerchantStatus,
  merchantActions,
  merchantStatuses,
} from '@timebank/shared';
import test from 'ava';
import type { TestContext, TestUser } from '../../../helpers/context';
import { createTestContext } from '../../../helpers/context';
import { api, assertError, shop as merchant, mustTransition, notificationKinds, transition } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** How to reach each status from a fresh application. */
const PATH: Record<MerchantStatus, MerchantAction[]> = {
  applied: [],
  active: ['approve'],
  warned: ['approve', 'warn'],
  suspended: ['approve', 'suspend'],
  removed: ['approve', 'remove'],
  rejected: ['reject'],
};

/** The valid moves, written out by hand. */
const VALID: Partial<Record<`${MerchantStatus}:${MerchantAction}`, MerchantStatus>> = {
  'applied:approve': 'active',
  'applied:reject': 'rejected',
  'active:warn': 'warned',
  'active:suspend': 'suspended',
  'warned:suspend': 'suspended',
  'suspended:reinstate': 'active',
  'warned:reinstate': 'active',
  'active:remove': 'removed',
  'warned:remove': 'removed',
  'suspended:remove': 'removed',
};

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  return { c, officer };
}

async function merchantIn(officer: TestUser, status: MerchantStatus) {
  const shop = await merchant(ctx, officer, {}, false);
  for (const action of PATH[status]) await mustTransition(ctx, officer, shop.id, action, `到达 ${status}`);
  return shop;
}

const events = async (user: TestUser, id: number) => {
  const r = await api(ctx).get(`/merchants/${id}/events`, user);
  if (r.status !== 200) throw new Error(`events failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.events as {
    action: string;
    from: string | null;
    to: string;
    reason: string;
    actor: { id: number; displayName: string };
    at: string;
  }[];
};

for (const [key, to] of Object.entries(VALID)) {
  const [from, action] = key.split(':') as [MerchantStatus, MerchantAction];
  test(`${action} from ${from} → 200 ${to}, with an event and a notification`, async (t) => {
    const { officer } = await setup();
    const shop = await merchantIn(officer, from);
    const before = await events(officer, shop.id);
    const reason = `理由：${action} ${from}`;
    const r = await transition(ctx, officer, shop.id, action, reason);
    t.is(r.status, 200, JSON.stringify(r.body));
    t.is(r.body.status, to);
    t.is(r.body.statusReason, reason);
    t.is(r.body.id, shop.id);

    const after = await events(officer, shop.id);
    t.is(after.length, before.length + 1);
    const last = after.at(-1)!;
    t.is(last.action, action);
    t.is(last.from, from);
    t.is(last.to, to);
    t.is(last.reason, reason);
    t.is(last.actor.id, officer.id);
    t.truthy(last.actor.displayName);

    // the shop's own staff see the same trail and the new status
    const own = await events(shop.owner, shop.id);
    t.is(own.length, after.length);
    const mine = await api(ctx).get('/merchants/me', shop.owner);
    t.is(mine.body.merchant.status, to);

    t.true((await notificationKinds(ctx, shop.owner)).includes(`merchant.${action}`));
  });
}

for (const from of merchantStatuses) {
  const invalid = merchantActions.filter((a) => !VALID[`${from}:${a}`]);
  test(`from ${from}, ${invalid.join(' / ')} → 409 merchants.invalid_transition, nothing changes`, async (t) => {
    t.true(invalid.length > 0);
    const { officer } = await setup();
    const shop = await merchantIn(officer, from);
    const before = await events(officer, shop.id);
    const notesBefore = await notificationKinds(ctx, shop.owner);
    for (const action of invalid) {
      const r = await transition(ctx, officer, shop.id, action, '不该成功');
      assertError(t, r, 409, 'merchants.invalid_transition');
      t.deepEqual(r.body.error.meta, { from, action }, action);
    }
    const after = await api(ctx).get(`/merchants/${shop.id}`, officer);
    t.is(after.body.status, from);
    t.deepEqual(await events(officer, shop.id), before);
    t.deepEqual(await notificationKinds(ctx, shop.owner), notesBefore);
  });
}

test('nothing leaves removed or rejected, whatever the action', async (t) => {
  const { officer } = await setup();
  const removed = await merchantIn(officer, 'removed');
  const rejected = await merchantIn(officer, 'rejected');
  for (const action of merchantActions) {
    assertError(t, await transition(ctx, officer, removed.id, action), 409, 'merchants.invalid_transition');
    assertError(t, await transition(ctx, officer, rejected.id, action), 409, 'merchants.invalid_transition');
  }
});

test('a full walk: applied → active → warned → active → suspended → active → removed', async (t) => {
  const { officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const walk: [MerchantAction, MerchantStatus][] = [
    ['approve', 'active'],
    ['warn', 'warned'],
    ['reinstate', 'active'],
    ['suspend', 'suspended'],
    ['reinstate', 'active'],
    ['remove', 'removed'],
  ];
  for (const [action, to] of walk) {
    const r = await transition(ctx, officer, shop.id, action, `walk ${action}`);
    t.is(r.status, 200, JSON.stringify(r.body));
    t.is(r.body.status, to);
  }
  const trail = await events(officer, shop.id);
  t.deepEqual(
    trail.map((e) => [e.action, e.from, e.to]),
    [
      ['apply', null, 'applied'],
      ['approve', 'applied', 'active'],
      ['warn', 'active', 'warned'],
      ['reinstate', 'warned', 'active'],
      ['suspend', 'active', 'suspended'],
      ['reinstate', 'suspended', 'active'],
      ['remove', 'active', 'removed'],
    ],
  );
});

test('approval issues the credential serial; it survives suspension and reinstatement', async (t) => {
  const { c, officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const before = await api(ctx).get(`/merchants/${shop.id}`, officer);
  t.is(before.body.credentialSerial, null);
  const approved = await transition(ctx, officer, shop.id, 'approve', '证照齐全');
  t.is(approved.status, 200);
  const serial = approved.body.credentialSerial as string;
  t.is(serial, `${c.code}-M-${String(shop.id).padStart(6, '0')}`);
  await mustTransition(ctx, officer, shop.id, 'suspend');
  const back = await mustTransition(ctx, officer, shop.id, 'reinstate');
  t.is(back.body.credentialSerial, serial);

  // a rejected application never gets one
  const rejected = await merchantIn(officer, 'rejected');
  const r = await api(ctx).get(`/merchants/${rejected.id}`, officer);
  t.is(r.body.credentialSerial, null);
});

test('every member of the shop is told, with the reason', async (t) => {
  const { officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const staff = await api(ctx).post('/merchants/me/staff', shop.owner, {
    username: `cashier-${shop.id}-${process.pid}`,
    password: 'cashier password 1',
    displayName: '收银员',
  });
  t.is(staff.status, 201, JSON.stringify(staff.body));
  const login = await ctx
    .request()
    .post('/api/v1/auth/password')
    .send({ username: staff.body.username, password: 'cashier password 1' });
  t.is(login.status, 200, JSON.stringify(login.body));
  const cashier = {
    id: staff.body.id as number,
    role: 'merchant_staff' as const,
    communityId: officer.communityId,
    token: login.body.token as string,
    auth: { Authorization: `Bearer ${login.body.token}` },
  };
  await mustTransition(ctx, officer, shop.id, 'approve', '欢迎加入');
  await mustTransition(ctx, officer, shop.id, 'warn', '顾客反映未给折扣');
  for (const member of [shop.owner, cashier]) {
    const r = await api(ctx).get('/me/notifications', member);
    t.is(r.status, 200);
    const got = r.body.notifications as { kind: string; body: string; data: { merchantId: number } }[];
    t.deepEqual(
      got.map((n) => [n.kind, n.body]),
      [
        ['merchant.warn', '顾客反映未给折扣'],
        ['merchant.approve', '欢迎加入'],
      ],
    );
    t.is(got[0]!.data.merchantId, shop.id);
  }
  // a volunteer of the community is not told anything
  const volunteer = await ctx.addUser('volunteer', officer.communityId);
  t.deepEqual(await notificationKinds(ctx, volunteer), []);
});

test('an officer of another community → 404 as a missing one', async (t) => {
  const { officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(t, await transition(ctx, foreign, shop.id, 'approve', '越权'), 404, 'merchants.not_found');
  assertError(t, await api(ctx).get(`/merchants/${shop.id}/events`, foreign), 404, 'merchants.not_found');
  const still = await api(ctx).get(`/merchants/${shop.id}`, officer);
  t.is(still.body.status, 'applied');
});

test("a district administrator may act in the district's communities, not in another district", async (t) => {
  const { c, officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const sibling = await ctx.addCommunity(undefined, { districtId: c.districtId });
  const admin = await ctx.addUser('district_admin', sibling.id);
  const r = await transition(ctx, admin, shop.id, 'approve', '区里审核通过');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.status, 'active');
  const faraway = await ctx.addUser('district_admin', (await ctx.addCommunity()).id);
  assertError(t, await transition(ctx, faraway, shop.id, 'warn', '越权'), 404, 'merchants.not_found');
});

test("the merchant's own staff or a volunteer → 403 auth.forbidden", async (t) => {
  const { officer } = await setup();
  const applied = await merchantIn(officer, 'applied');
  const active = await merchantIn(officer, 'active');
  const volunteer = await ctx.addUser('volunteer', officer.communityId);
  assertError(
    t,
    await transition(ctx, applied.owner, applied.id, 'approve', '自己批准'),
    403,
    'auth.forbidden',
  );
  assertError(t, await transition(ctx, active.owner, active.id, 'reinstate', '自己'), 403, 'auth.forbidden');
  assertError(t, await transition(ctx, volunteer, active.id, 'suspend', '志愿者'), 403, 'auth.forbidden');
  assertError(t, await api(ctx).post(`/merchants/${active.id}/transitions`), 401, 'auth.required');
  const a = await api(ctx).get(`/merchants/${applied.id}`, officer);
  t.is(a.body.status, 'applied');
  const b = await api(ctx).get(`/merchants/${active.id}`, officer);
  t.is(b.body.status, 'active');
});

test('a missing or blank reason, or an unknown action → 400 request.invalid', async (t) => {
  const { officer } = await setup();
  const shop = await merchantIn(officer, 'applied');
  const post = (body: object) => api(ctx).post(`/merchants/${shop.id}/transitions`, officer, body);
  assertError(t, await post({ action: 'approve' }), 400, 'request.invalid');
  assertError(t, await post({ action: 'approve', reason: '   ' }), 400, 'request.invalid');
  assertError(t, await post({ action: 'approve', reason: 'x'.repeat(501) }), 400, 'request.invalid');
  assertError(t, await post({ action: 'promote', reason: '理由' }), 400, 'request.invalid');
  assertError(t, await post({ reason: '理由' }), 400, 'request.invalid');
  const r = await api(ctx).get(`/merchants/${shop.id}`, officer);
  t.is(r.body.status, 'applied');
});

test('an unknown merchant → 404 merchants.not_found', async (t) => {
  const { officer } = await setup();
  assertError(t, await transition(ctx, officer, 987_654, 'approve', '理由'), 404, 'merchants.not_found');
});
