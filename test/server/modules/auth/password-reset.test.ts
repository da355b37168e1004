import { PASSWORD_RESET_MAX_TRIES, PASSWORD_RESET_TTL_HOURS } from '@timebank/shared';
import test from 'ava';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../../../server/src/modules/audit/audit.table';
import { passwordResets } from '../../../../server/src/modules/auth/auth.table';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, T0, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, shop } from '../merchants/support';

let ctx: TestContext;
let seq = 0;

test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});
test.afterEach.always(() => {
  ctx.clock.set(T0);
});

/** An officer, a shop of their community, and a staff member with a known username. */
async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const s = await shop(ctx, officer);
  const username = `reset-staff-${++seq}-${process.pid}`;
  const r = await api(ctx).post('/merchants/me/staff', s.owner, {
    username,
    password: 'first password',
    displayName: '收银员',
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  const staffId = r.body.id as number;
  return { c, officer, shop: s, username, staffId };
}

const issue = (officer: TestUser, userId: number | string) =>
  api(ctx).post(`/users/${userId}/password-reset`, officer);
const redeem = (body: object) => api(ctx).post('/auth/password-reset', undefined, body);
const signIn = (username: string, password: string) =>
  ctx.request().post('/api/v1/auth/password').send({ username, password });

test.serial(
  'an officer gets a one-time code; the staff member sets a new password with it, once',
  async (t) => {
    const { officer, username, staffId } = await setup();
    const session = await signIn(username, 'first password');
    t.is(session.status, 200);
    const r = await issue(officer, staffId);
    t.is(r.status, 201, JSON.stringify(r.body));
    t.is(r.body.userId, staffId);
    t.regex(r.body.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    t.is(new Date(r.body.expiresAt).getTime(), T0.getTime() + PASSWORD_RESET_TTL_HOURS * 3600_000);
    // Stored hashed, never as given.
    const rows = await ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, staffId));
    t.is(rows.length, 1);
    t.false(JSON.stringify(rows).includes(r.body.code));
    t.false(JSON.stringify(rows).includes(r.body.code.replace(/-/g, '')));
    // Audit-logged, without the code.
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.actorId, officer.id));
    const entry = audit.find((a) => a.action === 'POST /users/:id/password-reset');
    t.truthy(entry);
    t.is(entry?.targetId, String(staffId));
    t.false(JSON.stringify(audit).includes(r.body.code));

    // Typed loosely (lower case, spaces): still the code.
    const typed = r.body.code.toLowerCase().replace(/-/g, ' ');
    const done = await redeem({ username, code: typed, newPassword: 'second password' });
    t.is(done.status, 204, JSON.stringify(done.body));
    assertError(t, await signIn(username, 'first password'), 401, 'auth.invalid_credentials');
    t.is((await signIn(username, 'second password')).status, 200);
    // The sessions from before ended.
    assertError(
      t,
      await ctx.request().get('/api/v1/me').set('Authorization', `Bearer ${session.body.token}`),
      401,
      'auth.invalid_token',
    );
    // Single use.
    assertError(
      t,
      await redeem({ username, code: r.body.code, newPassword: 'third password' }),
      400,
      'accounts.reset_code_invalid',
    );
    t.is((await signIn(username, 'second password')).status, 200);
  },
);

test.serial(`a code expires after ${PASSWORD_RESET_TTL_HOURS} hours`, async (t) => {
  const { officer, username, staffId } = await setup();
  const { code } = (await issue(officer, staffId)).body;
  ctx.clock.advance(PASSWORD_RESET_TTL_HOURS * 3600_000);
  assertError(
    t,
    await redeem({ username, code, newPassword: 'late password' }),
    400,
    'accounts.reset_code_invalid',
  );
  t.is((await signIn(username, 'first password')).status, 200, 'nothing changed');
});

test.serial('a code just before it expires works; a newer code voids the older one', async (t) => {
  const { officer, username, staffId } = await setup();
  const first = (await issue(officer, staffId)).body.code;
  const second = (await issue(officer, staffId)).body.code;
  assertError(
    t,
    await redeem({ username, code: first, newPassword: 'from first' }),
    400,
    'accounts.reset_code_invalid',
  );
  ctx.clock.advance(PASSWORD_RESET_TTL_HOURS * 3600_000 - 1000);
  t.is((await redeem({ username, code: second, newPassword: 'from second' })).status, 204);
  t.is((await signIn(username, 'from second')).status, 200);
});

test.serial(`${PASSWORD_RESET_MAX_TRIES} wrong codes void it; a code is for its own username`, async (t) => {
  const { officer, username, staffId } = await setup();
  const other = await setup();
  const { code } = (await issue(officer, staffId)).body;
  assertError(
    t,
    await redeem({ username: other.username, code, newPassword: 'hijacked pw' }),
    400,
    'accounts.reset_code_invalid',
  );
  for (let i = 0; i < PASSWORD_RESET_MAX_TRIES; i++) {
    assertError(
      t,
      await redeem({
        username,
        code: `ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '0')}`,
        newPassword: 'guessed pw',
      }),
      400,
      'accounts.reset_code_invalid',
    );
  }
  assertError(
    t,
    await redeem({ username, code, newPassword: 'right but void' }),
    400,
    'accounts.reset_code_invalid',
  );
  t.is((await signIn(username, 'first password')).status, 200);
  t.is((await signIn(other.username, 'first password')).status, 200);
});

test.serial('the new password must not be the username; bad input changes nothing', async (t) => {
  const { officer, username, staffId } = await setup();
  const { code } = (await issue(officer, staffId)).body;
  const weak = await redeem({ username, code, newPassword: username });
  assertError(t, weak, 400, 'accounts.password_weak');
  for (const body of [
    { username, code, newPassword: 'short' },
    { username, code: 'x', newPassword: 'long enough' },
    { username, code: `${code}!`, newPassword: 'long enough' },
    { username, code, newPassword: 'long enough', extra: true },
    { username: 'u'.repeat(65), code, newPassword: 'long enough' },
    { code, newPassword: 'long enough' },
  ]) {
    assertError(t, await redeem(body), 400, 'request.invalid');
  }
  assertError(
    t,
    await redeem({ username: 'nobody-at-all', code, newPassword: 'long enough' }),
    400,
    'accounts.reset_code_invalid',
  );
  // The code survived all of that and still works.
  t.is((await redeem({ username, code, newPassword: 'finally good' })).status, 204);
});

test.serial(
  'who may get a code: staff and owners of my community’s shops; others are not found or not allowed',
  async (t) => {
    const { c, officer, shop: s, staffId } = await setup();
    const elsewhere = await setup();
    // Another community's officer: the same answer as a missing id.
    assertError(t, await issue(elsewhere.officer, staffId), 404, 'users.not_found');
    assertError(t, await issue(officer, 2_000_000_000), 404, 'users.not_found');
    // The shop's owner is staff too.
    t.is((await issue(officer, s.owner.id)).status, 201);
    const volunteer = await ctx.addUser('volunteer', c.id);
    const colleague = await ctx.addUser('officer', c.id);
    assertError(t, await issue(officer, volunteer.id), 403, 'accounts.not_allowed');
    assertError(t, await issue(officer, colleague.id), 403, 'accounts.not_allowed');
    // Not officers' business: staff and volunteers are refused by role.
    assertError(t, await issue(s.owner, staffId), 403, 'auth.forbidden');
    assertError(t, await issue(volunteer, staffId), 403, 'auth.forbidden');
    for (const bad of ['0', '-1', 'abc', '2147483648', '1.5']) {
      assertError(t, await issue(officer, bad), 400, 'request.invalid');
    }
    // A district administrator of the same district may.
    const [community] = await ctx.db
      .select({ d: users.communityId })
      .from(users)
      .where(eq(users.id, officer.id));
    t.truthy(community);
    const admin = await ctx.addUser('district_admin', c.id);
    t.is((await issue(admin, staffId)).status, 201);
  },
);
