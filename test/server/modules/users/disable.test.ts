import test from 'ava';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../../../server/src/modules/audit/audit.table';
import { SESSION_CACHE_TTL_MS } from '../../../../server/src/modules/auth/auth.service';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, T0, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, shop } from '../merchants/support';

let ctx: TestContext;

test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});
test.afterEach.always(() => {
  ctx.clock.set(T0);
});

const disable = (officer: TestUser, id: number | string, body: object = { reason: '已离开社区' }) =>
  api(ctx).post(`/users/${id}/disable`, officer, body);
const enable = (officer: TestUser, id: number | string, body: object = { reason: '重新加入' }) =>
  api(ctx).post(`/users/${id}/enable`, officer, body);
const me = (u: TestUser) => api(ctx).get('/me', u);

test.serial(
  'an officer disables a volunteer with a reason: refused at once, audit-logged; enabling works',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    t.is((await me(v)).status, 200);
    const r = await disable(officer, v.id);
    t.is(r.status, 200, JSON.stringify(r.body));
    t.like(r.body, { id: v.id, role: 'volunteer', disabled: true, disabledReason: '已离开社区' });
    t.is(r.body.disabledAt, T0.toISOString());
    assertError(t, await me(v), 403, 'auth.account_disabled');
    // Again: nothing changes, the same state.
    t.like((await disable(officer, v.id, { reason: '再次' })).body, {
      disabled: true,
      disabledReason: '已离开社区',
    });
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.actorId, officer.id));
    t.is(entry?.action, 'POST /users/:id/disable');
    t.is(entry?.targetId, String(v.id));
    t.like(entry?.after as object, { disabled: true, disabledReason: '已离开社区' });

    const back = await enable(officer, v.id);
    t.is(back.status, 200, JSON.stringify(back.body));
    t.like(back.body, { disabled: false, disabledReason: null, disabledAt: null });
    // Tokens issued before the disabling stay ended; a new sign-in is needed.
    assertError(t, await me(v), 401, 'auth.invalid_token');
  },
);

test.serial('disabling ends the sessions: even a re-enabled account does not get them back', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const s = await shop(ctx, officer);
  t.is((await me(s.owner)).status, 200);
  t.is((await disable(officer, s.owner.id)).status, 200);
  assertError(t, await me(s.owner), 403, 'auth.account_disabled');
  t.is((await enable(officer, s.owner.id)).status, 200);
  assertError(t, await me(s.owner), 401, 'auth.invalid_token');
});

test.serial('a disabling made by another API process is seen within the session cache TTL', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  t.is((await me(v)).status, 200);
  await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, v.id));
  ctx.clock.advance(SESSION_CACHE_TTL_MS);
  assertError(t, await me(v), 403, 'auth.account_disabled');
});

test.serial(
  'only volunteers and shop staff of my community; others are not found or not allowed',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const colleague = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const other = await ctx.addCommunity();
    const foreignOfficer = await ctx.addUser('officer', other.id);
    const foreignVolunteer = await ctx.addUser('volunteer', other.id);
    assertError(t, await disable(officer, foreignVolunteer.id), 404, 'users.not_found');
    assertError(t, await disable(foreignOfficer, v.id), 404, 'users.not_found');
    assertError(t, await disable(officer, 2_147_483_647), 404, 'users.not_found');
    assertError(t, await disable(officer, colleague.id), 403, 'accounts.not_allowed');
    assertError(t, await disable(officer, officer.id), 403, 'accounts.not_allowed');
    assertError(t, await disable(v, v.id), 403, 'auth.forbidden');
    for (const bad of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(201) },
      { reason: '好', extra: 1 },
    ]) {
      assertError(t, await disable(officer, v.id, bad), 400, 'request.invalid');
    }
    for (const id of ['0', '2147483648', 'x', '-3'])
      assertError(t, await disable(officer, id), 400, 'request.invalid');
    assertError(t, await enable(foreignOfficer, v.id), 404, 'users.not_found');
    const [row] = await ctx.db.select().from(users).where(eq(users.id, v.id));
    t.false(row!.disabled, 'nothing changed');
    t.is((await me(v)).status, 200);
    // A district administrator of the same district manages it.
    const admin = await ctx.addUser('district_admin', c.id);
    t.is((await disable(admin, v.id)).status, 200);
  },
);
