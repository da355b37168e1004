import test from 'ava';
import { eq } from 'drizzle-orm';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';

const MAX_FAILURES = 3;
let ctx: TestContext;
let windowMs: number;
let officer: TestUser;
const PASSWORD = 'correct horse 电池 staple';
let username: string;

test.before(async () => {
  ctx = await createTestContext({ SIGNIN_MAX_FAILURES: String(MAX_FAILURES) });
  windowMs = ctx.config.signin.windowSeconds * 1000;
  const c = await ctx.addCommunity();
  username = `officer-${Date.now()}`;
  officer = await ctx.addUser('officer', c.id, { username, password: PASSWORD });
});
test.after.always(async () => {
  await ctx?.close();
});
// Every attempt also counts against the caller's address, so each test starts in a fresh window.
test.beforeEach(() => {
  ctx.clock.advance(windowMs);
});

const signIn = (u: string, p: string) =>
  ctx.request().post('/api/v1/auth/password').send({ username: u, password: p });

test.serial('the right password gives a working session token', async (t) => {
  const res = await signIn(username, PASSWORD);
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(typeof res.body.token, 'string');
  t.is(res.body.user.id, officer.id);
  t.is(res.body.user.role, 'officer');
  t.is(
    new Date(res.body.expiresAt).getTime(),
    ctx.clock.now().getTime() + ctx.config.jwt.sessionTtlSeconds * 1000,
  );
  t.false(JSON.stringify(res.body).includes('scrypt'), 'no password hash in the answer');
  const me = await ctx.request().get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`);
  t.is(me.status, 200);
  t.is(me.body.id, officer.id);
});

test.serial('a wrong password → 401 auth.invalid_credentials', async (t) => {
  const res = await signIn(username, `${PASSWORD}!`);
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.invalid_credentials');
  t.falsy(res.body.token);
});

test.serial('an unknown user → 401 auth.invalid_credentials (the same answer)', async (t) => {
  const res = await signIn('nobody-here', PASSWORD);
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.invalid_credentials');
  const wrong = await signIn(username, 'nope');
  t.deepEqual(res.body, wrong.body, 'unknown user and wrong password are indistinguishable');
});

test.serial('a volunteer without a password cannot sign in with one', async (t) => {
  const c = await ctx.addCommunity();
  await ctx.addUser('volunteer', c.id, { username: 'volunteer-no-pw' });
  const res = await signIn('volunteer-no-pw', '');
  t.is(res.status, 400);
  t.is(res.body.error.code, 'request.invalid');
  const res2 = await signIn('volunteer-no-pw', 'anything');
  t.is(res2.status, 401);
  t.is(res2.body.error.code, 'auth.invalid_credentials');
});

// The progressive delays (which replaced the lock after N failures) are in signin-limits.test.ts.

test.serial('a disabled account with the right password → 403 auth.account_disabled', async (t) => {
  const c = await ctx.addCommunity();
  const u = await ctx.addUser('officer', c.id, { username: 'leaving-officer', password: 'pw-leaving' });
  await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, u.id));
  const res = await signIn('leaving-officer', 'pw-leaving');
  t.is(res.status, 403);
  t.is(res.body.error.code, 'auth.account_disabled');
  t.falsy(res.body.token);
});

test.serial('passwords are stored hashed (scrypt with a salt), never as given', async (t) => {
  const [row] = await ctx.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, officer.id));
  t.truthy(row?.passwordHash);
  t.false(row!.passwordHash!.includes(PASSWORD));
  t.regex(row!.passwordHash!, /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);

  // The same password for two users gives two different hashes (salted).
  const c = await ctx.addCommunity();
  const twin = await ctx.addUser('officer', c.id, { username: 'twin', password: PASSWORD });
  const [twinRow] = await ctx.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, twin.id));
  t.not(twinRow?.passwordHash, row?.passwordHash);
  const res = await signIn('twin', PASSWORD);
  t.is(res.status, 200);
});
