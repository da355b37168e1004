import { createHmac } from 'node:crypto';
import test from 'ava';
import { eq } from 'drizzle-orm';
import jwt from 'jsonwebtoken';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../../../server/src/app';
import { SESSION_CACHE_TTL_MS } from '../../../../server/src/modules/auth/auth.service';
import { generateKeyPair } from '../../../../server/src/modules/auth/tokens';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, T0, type TestContext, type TestUser } from '../../../helpers/context';

/**
 * The context's app keeps its key to itself, so this file runs a second app on the same database with
 * a key it knows: it can then forge tokens that differ from a good one in exactly one respect.
 */
const keys = generateKeyPair();
let ctx: TestContext;
let request: () => supertest.Agent;
let volunteer: TestUser;

test.before(async () => {
  ctx = await createTestContext();
  const built = createApp({
    config: ctx.config,
    database: ctx.database,
    logger: pino({ level: 'silent' }),
    clock: ctx.clock,
    keys,
    wechatBaseUrl: ctx.wechat.baseUrl,
  });
  const callback = built.app.callback();
  request = () => supertest(callback);
  const c = await ctx.addCommunity();
  volunteer = await ctx.addUser('volunteer', c.id);
});
test.after.always(async () => {
  await ctx?.close();
});

const nowSeconds = () => Math.floor(ctx.clock.now().getTime() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function goodClaims(over: Record<string, unknown> = {}) {
  const iat = nowSeconds();
  return {
    sub: String(volunteer.id),
    role: 'volunteer',
    cid: volunteer.communityId,
    iss: 'timebank-alliance',
    aud: 'timebank:session',
    iat,
    exp: iat + 3600,
    ...over,
  };
}

function sign(claims: Record<string, unknown> = goodClaims(), key = keys.privateKey) {
  return jwt.sign(claims, key, { algorithm: 'ES256' });
}

const me = (authorization?: string, app = request) => {
  const r = app().get('/api/v1/me');
  return authorization === undefined ? r : r.set('Authorization', authorization);
};

async function rejected(t: import('ava').ExecutionContext, authorization: string, app = request) {
  const res = await me(authorization, app);
  t.is(res.status, 401, `${authorization.slice(0, 40)}… → ${JSON.stringify(res.body)}`);
  t.is(res.body.error?.code, 'auth.invalid_token');
}

test('control: a token forged with the right key and claims is accepted', async (t) => {
  const res = await me(`Bearer ${sign()}`);
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.id, volunteer.id);
  // and the context's own token on its own app
  const own = await ctx.request().get('/api/v1/me').set(volunteer.auth);
  t.is(own.status, 200);
  t.is(own.body.id, volunteer.id);
});

test('no Authorization header → 401 auth.required', async (t) => {
  const res = await me();
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.required');
});

test('a tampered payload → 401 auth.invalid_token', async (t) => {
  const [h, , s] = sign().split('.');
  const tampered = `${h}.${b64(goodClaims({ role: 'district_admin' }))}.${s}`;
  await rejected(t, `Bearer ${tampered}`);
  // The context's token too: its payload with another user id.
  const [ch, cp, cs] = volunteer.token.split('.');
  const payload = JSON.parse(Buffer.from(cp!, 'base64url').toString());
  await rejected(t, `Bearer ${ch}.${b64({ ...payload, sub: String(volunteer.id + 1) })}.${cs}`, ctx.request);
  // and a flipped signature
  const flipped = `${h}.${b64(goodClaims())}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  await rejected(t, `Bearer ${flipped}`);
});

test('alg none → 401 auth.invalid_token', async (t) => {
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`;
  await rejected(t, `Bearer ${none}`);
});

test('HS256 signed with the public key (algorithm confusion) → 401 auth.invalid_token', async (t) => {
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(goodClaims())}`;
  const sig = createHmac('sha256', pem).update(input).digest('base64url');
  await rejected(t, `Bearer ${input}.${sig}`);
});

test('signed with another ES256 key → 401 auth.invalid_token', async (t) => {
  await rejected(t, `Bearer ${sign(goodClaims(), generateKeyPair().privateKey)}`);
});

test('wrong audience or issuer → 401 auth.invalid_token', async (t) => {
  await rejected(t, `Bearer ${sign(goodClaims({ aud: 'timebank:checkin' }))}`);
  await rejected(t, `Bearer ${sign(goodClaims({ aud: 'someone-else' }))}`);
  await rejected(t, `Bearer ${sign(goodClaims({ iss: 'not-timebank' }))}`);
  // A real check-in code of the real app is not a session.
  await rejected(t, `Bearer ${ctx.tokens.signCheckinCode(1, ctx.clock.now(), 600)}`, ctx.request);
});

test('claims of the wrong shape → 401 auth.invalid_token', async (t) => {
  await rejected(t, `Bearer ${sign(goodClaims({ sub: 'abc' }))}`);
  await rejected(t, `Bearer ${sign(goodClaims({ cid: String(volunteer.communityId) }))}`);
  // A user that does not exist.
  await rejected(t, `Bearer ${sign(goodClaims({ sub: '99999999' }))}`);
});

test('malformed Authorization headers → 401 auth.invalid_token', async (t) => {
  for (const header of [
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Basic x',
    `Token ${sign()}`,
    'Bearer a.b.c',
    `Bearer ${sign()} extra`,
  ]) {
    await rejected(t, header);
  }
});

test.serial('an expired token → 401 auth.invalid_token', async (t) => {
  const ttl = ctx.config.jwt.sessionTtlSeconds;
  const token = ctx.tokens.signSession({
    userId: volunteer.id,
    role: volunteer.role,
    communityId: volunteer.communityId,
  }).token;
  try {
    ctx.clock.advance((ttl - 60) * 1000);
    const still = await ctx.request().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    t.is(still.status, 200, 'valid just before expiry');
    ctx.clock.advance(61 * 1000);
    await rejected(t, `Bearer ${token}`, ctx.request);
    // forged with an exp in the past, too
    await rejected(t, `Bearer ${sign(goodClaims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 1 }))}`);
  } finally {
    ctx.clock.set(T0);
  }
});

test.serial('the token of a disabled user → 403 auth.account_disabled', async (t) => {
  const c = await ctx.addCommunity();
  const u = await ctx.addUser('officer', c.id);
  const before = await ctx.request().get('/api/v1/me').set(u.auth);
  t.is(before.status, 200);
  await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, u.id));
  try {
    // Session checks reuse the user lookup for SESSION_CACHE_TTL_MS: refused once that has passed.
    ctx.clock.advance(SESSION_CACHE_TTL_MS);
    const after = await ctx.request().get('/api/v1/me').set(u.auth);
    t.is(after.status, 403);
    t.is(after.body.error.code, 'auth.account_disabled');
    // A public route answers as to anyone: the disabled account gets nothing it could not get anonymously.
    const pub = await ctx.request().get('/api/v1/communities').set(u.auth);
    t.is(pub.status, 200);
  } finally {
    ctx.clock.set(T0);
  }
});

test.serial(
  'a disabled account is refused within the session cache TTL, not before it is looked up again',
  async (t) => {
    const c = await ctx.addCommunity();
    const u = await ctx.addUser('officer', c.id);
    t.is((await ctx.request().get('/api/v1/me').set(u.auth)).status, 200);
    await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, u.id));
    try {
      // Within 80 % of the TTL the cached lookup still answers (each entry lasts 80–100 % of it, so
      // users first seen together are not looked up again together); at the TTL the database is asked.
      ctx.clock.advance(SESSION_CACHE_TTL_MS * 0.8 - 1);
      t.is((await ctx.request().get('/api/v1/me').set(u.auth)).status, 200);
      ctx.clock.advance(SESSION_CACHE_TTL_MS * 0.2 + 1);
      const refused = await ctx.request().get('/api/v1/me').set(u.auth);
      t.is(refused.status, 403);
      t.is(refused.body.error.code, 'auth.account_disabled');
      // Re-enabled: accepted again within the TTL.
      await ctx.db.update(users).set({ disabled: false }).where(eq(users.id, u.id));
      ctx.clock.advance(SESSION_CACHE_TTL_MS);
      t.is((await ctx.request().get('/api/v1/me').set(u.auth)).status, 200);
      // A change made through this process is seen at once.
      await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, u.id));
      ctx.services.auth.forgetUser(u.id);
      t.is((await ctx.request().get('/api/v1/me').set(u.auth)).status, 403);
    } finally {
      ctx.clock.set(T0);
    }
  },
);

test.serial('a verified token is reused only until its exp', async (t) => {
  const c = await ctx.addCommunity();
  const u = await ctx.addUser('volunteer', c.id);
  const ttl = ctx.config.jwt.sessionTtlSeconds;
  try {
    ctx.clock.advance(ttl * 1000 - 2_000);
    t.is((await ctx.request().get('/api/v1/me').set(u.auth)).status, 200, 'verified and cached');
    ctx.clock.advance(2_000);
    const res = await ctx.request().get('/api/v1/me').set(u.auth);
    t.is(res.status, 401, 'expired although cached less than the TTL ago');
  } finally {
    ctx.clock.set(T0);
  }
});
