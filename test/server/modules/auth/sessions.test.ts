import test from 'ava';
import { eq } from 'drizzle-orm';
import { SESSION_CACHE_TTL_MS } from '../../../../server/src/modules/auth/auth.service';
import { sessions } from '../../../../server/src/modules/auth/auth.table';
import { users } from '../../../../server/src/modules/users/users.table';
import { api, assertError } from '../../../helpers/api';
import { createTestContext, T0, type TestContext, type TestUser } from '../../../helpers/context';

let ctx: TestContext;
let seq = 0;
const PASSWORD = 'old password 1';

test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** An officer with a password, and a real session (a row, a jti) signed in from `agent`. */
async function officerWithPassword() {
  const c = await ctx.addCommunity();
  const username = `sess-officer-${++seq}-${process.pid}`;
  const legacy = await ctx.addUser('officer', c.id, { username, password: PASSWORD });
  return {
    username,
    legacy,
    signIn: (agent = 'test-agent/1.0', password = PASSWORD) => signIn(username, password, agent),
  };
}

async function signIn(username: string, password: string, agent: string): Promise<TestUser> {
  const r = await ctx
    .request()
    .post('/api/v1/auth/password')
    .set('User-Agent', agent)
    .send({ username, password });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
  const token = r.body.token as string;
  return { ...r.body.user, token, auth: { Authorization: `Bearer ${token}` } };
}

const me = (u: TestUser) => api(ctx).get('/me', u);

test.serial('a sign-in opens a session row; its token carries the row id as jti', async (t) => {
  const o = await officerWithPassword();
  const s = await o.signIn('Mozilla/5.0 (iPhone) MicroMessenger');
  const payload = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString());
  t.regex(payload.jti, /^[A-Za-z0-9_-]{22}$/);
  const [row] = await ctx.db.select().from(sessions).where(eq(sessions.id, payload.jti));
  t.is(row?.userId, o.legacy.id);
  t.is(row?.method, 'password');
  t.is(row?.userAgent, 'Mozilla/5.0 (iPhone) MicroMessenger');
  t.is((await me(s)).status, 200);
});

test.serial('GET /me/sessions lists my live sessions, marks the current one; nobody else’s', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn('phone');
  const b = await o.signIn('desktop');
  const other = await (await officerWithPassword()).signIn('elsewhere');
  const r = await api(ctx).get('/me/sessions', a);
  t.is(r.status, 200, JSON.stringify(r.body));
  const list = r.body.sessions as { id: string; current: boolean; userAgent: string; lastSeenAt: string }[];
  t.deepEqual(list.map((s) => s.userAgent).sort(), ['desktop', 'phone']);
  t.deepEqual(
    list.filter((s) => s.current).map((s) => s.userAgent),
    ['phone'],
  );
  t.false(JSON.stringify(r.body).includes(other.token));
  const fromB = await api(ctx).get('/me/sessions', b);
  t.deepEqual(
    (fromB.body.sessions as { current: boolean; userAgent: string }[])
      .filter((s) => s.current)
      .map((s) => s.userAgent),
    ['desktop'],
  );
});

test.serial('logout ends this session only: its token is refused at once, the others work', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn('a');
  const b = await o.signIn('b');
  const out = await api(ctx).post('/auth/logout', a);
  t.is(out.status, 204, JSON.stringify(out.body));
  t.deepEqual(out.body, {});
  assertError(t, await me(a), 401, 'auth.invalid_token');
  t.is((await me(b)).status, 200);
  // Logging out again with the dead token: refused, nothing else happens.
  assertError(t, await api(ctx).post('/auth/logout', a), 401, 'auth.invalid_token');
  t.is((await me(b)).status, 200);
});

test.serial('sign out everywhere ends every session, this one and tokens without a row', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn('a');
  const b = await o.signIn('b');
  t.is((await me(o.legacy)).status, 200, 'a token issued before sessions had rows works');
  const r = await api(ctx).post('/auth/logout-all', a);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.revoked, 2);
  for (const u of [a, b, o.legacy]) assertError(t, await me(u), 401, 'auth.invalid_token');
  // A new sign-in works.
  ctx.clock.advance(1000);
  t.is((await me(await o.signIn('c'))).status, 200);
});

test.serial('DELETE /me/sessions/:id ends one of my sessions; another user’s id is not found', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn('a');
  const b = await o.signIn('b');
  const stranger = await (await officerWithPassword()).signIn('x');
  const list = (await api(ctx).get('/me/sessions', a)).body.sessions as { id: string; userAgent: string }[];
  const idB = list.find((s) => s.userAgent === 'b')!.id;
  assertError(t, await api(ctx).delete(`/me/sessions/${idB}`, stranger), 404, 'accounts.session_not_found');
  t.is((await me(b)).status, 200, 'a stranger cannot end it');
  const del = await api(ctx).delete(`/me/sessions/${idB}`, a);
  t.is(del.status, 204, JSON.stringify(del.body));
  assertError(t, await me(b), 401, 'auth.invalid_token');
  t.is((await me(a)).status, 200);
  assertError(t, await api(ctx).delete(`/me/sessions/${idB}`, a), 404, 'accounts.session_not_found');
  for (const bad of ['short', 'x'.repeat(23), 'bad%20id%2F..%2Fxxxxxxxxxxxxxx']) {
    assertError(t, await api(ctx).delete(`/me/sessions/${bad}`, a), 400, 'request.invalid');
  }
});

test.serial('a session revoked by another API process is refused within the session cache TTL', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn('a');
  t.is((await me(a)).status, 200);
  const jti = JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString()).jti as string;
  // Another process revokes it: this one only learns it from the database.
  await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now(), revokedReason: 'revoked' })
    .where(eq(sessions.id, jti));
  try {
    ctx.clock.advance(SESSION_CACHE_TTL_MS);
    assertError(t, await me(a), 401, 'auth.invalid_token');
  } finally {
    ctx.clock.set(T0);
  }
});

test.serial(
  'a session is refused once its row has expired, and lastSeenAt moves at most every 5 min',
  async (t) => {
    const o = await officerWithPassword();
    const a = await o.signIn('a');
    const jti = JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString()).jti as string;
    const seen = async () =>
      (await ctx.db.select().from(sessions).where(eq(sessions.id, jti)))[0]!.lastSeenAt.getTime();
    const first = await seen();
    try {
      ctx.clock.advance(6 * 60_000);
      t.is((await me(a)).status, 200);
      t.is(await seen(), ctx.clock.now().getTime());
      ctx.clock.advance(60_000);
      t.is((await me(a)).status, 200);
      t.is(await seen(), first + 6 * 60_000, 'not moved a minute later');
    } finally {
      ctx.clock.set(T0);
    }
  },
);

test.serial(
  'POST /me/password: the current password is required; my other sessions end, this one stays',
  async (t) => {
    const o = await officerWithPassword();
    const a = await o.signIn('a');
    const b = await o.signIn('b');
    assertError(
      t,
      await api(ctx).post('/me/password', a, { currentPassword: 'wrong one', newPassword: 'brand new pass' }),
      400,
      'accounts.wrong_password',
    );
    t.is((await me(b)).status, 200, 'a refused change changes nothing');
    const r = await api(ctx).post('/me/password', a, {
      currentPassword: PASSWORD,
      newPassword: 'brand new pass',
    });
    t.is(r.status, 204, JSON.stringify(r.body));
    t.is((await me(a)).status, 200, 'this session stays');
    assertError(t, await me(b), 401, 'auth.invalid_token');
    assertError(t, await me(o.legacy), 401, 'auth.invalid_token');
    // The old password no longer signs in, the new one does.
    const old = await ctx
      .request()
      .post('/api/v1/auth/password')
      .send({ username: o.username, password: PASSWORD });
    assertError(t, old, 401, 'auth.invalid_credentials');
    t.is((await me(await signIn(o.username, 'brand new pass', 'c'))).status, 200);
  },
);

test.serial('a new password: at least 8 characters, not the username, not the current one', async (t) => {
  const o = await officerWithPassword();
  const a = await o.signIn();
  const change = (body: object) => api(ctx).post('/me/password', a, body);
  const [before] = await ctx.db
    .select({ h: users.passwordHash })
    .from(users)
    .where(eq(users.id, o.legacy.id));
  assertError(t, await change({ currentPassword: PASSWORD, newPassword: 'short' }), 400, 'request.invalid');
  assertError(
    t,
    await change({ currentPassword: PASSWORD, newPassword: 'x'.repeat(201) }),
    400,
    'request.invalid',
  );
  const same = await change({ currentPassword: PASSWORD, newPassword: o.username.toUpperCase() });
  assertError(t, same, 400, 'accounts.password_weak');
  t.is(same.body.error.meta?.rule, 'same_as_username');
  const unchanged = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
  assertError(t, unchanged, 400, 'accounts.password_weak');
  t.is(unchanged.body.error.meta?.rule, 'unchanged');
  assertError(t, await change({ currentPassword: PASSWORD }), 400, 'request.invalid');
  assertError(
    t,
    await change({ currentPassword: PASSWORD, newPassword: 'long enough', extra: 1 }),
    400,
    'request.invalid',
  );
  assertError(
    t,
    await change({ currentPassword: 12345678, newPassword: 'long enough' }),
    400,
    'request.invalid',
  );
  const [after] = await ctx.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, o.legacy.id));
  t.is(after?.h, before?.h, 'nothing changed');
  t.is((await me(a)).status, 200);
});

test.serial('a WeChat volunteer has no password to change → 409 accounts.no_password', async (t) => {
  const c = await ctx.addCommunity();
  const v = await ctx.addUser('volunteer', c.id);
  assertError(
    t,
    await api(ctx).post('/me/password', v, { currentPassword: 'anything', newPassword: 'something new' }),
    409,
    'accounts.no_password',
  );
  assertError(
    t,
    await api(ctx).post('/me/password', undefined, { currentPassword: 'a', newPassword: 'bbbbbbbb' }),
    401,
    'auth.required',
  );
});

test.serial('a WeChat sign-in opens a session too; logging out ends it', async (t) => {
  const c = await ctx.addCommunity();
  const r = await ctx
    .request()
    .post('/api/v1/auth/wechat')
    .set('User-Agent', 'MicroMessenger/8.0')
    .send({ code: `code-sess-${process.pid}`, communityId: c.id });
  t.is(r.status, 200, JSON.stringify(r.body));
  const u: TestUser = {
    ...r.body.user,
    token: r.body.token,
    auth: { Authorization: `Bearer ${r.body.token}` },
  };
  const list = await api(ctx).get('/me/sessions', u);
  t.is(list.body.sessions.length, 1);
  t.is(list.body.sessions[0].method, 'wechat');
  t.is((await api(ctx).post('/auth/logout', u)).status, 204);
  assertError(t, await me(u), 401, 'auth.invalid_token');
});

test.serial('logging out with a token without a session row ends every such token of the user', async (t) => {
  const o = await officerWithPassword();
  const real = await o.signIn('real');
  t.is((await api(ctx).post('/auth/logout', o.legacy)).status, 204);
  assertError(t, await me(o.legacy), 401, 'auth.invalid_token');
  t.is((await me(real)).status, 200, 'sessions with rows are not touched');
});
