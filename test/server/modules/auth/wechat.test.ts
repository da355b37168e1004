import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@timebank/config';
import test from 'ava';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../../../server/src/app';
import { fakeOpenid } from '../../../../server/src/dev/fake-wechat';
import { generateKeyPair } from '../../../../server/src/modules/auth/tokens';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
let communityId: number;
test.before(async () => {
  ctx = await createTestContext();
  communityId = (await ctx.addCommunity('紫瑞街社区')).id;
});
test.after.always(async () => {
  await ctx?.close();
});

const signIn = (body: Record<string, unknown>, app = ctx.request()) =>
  app.post('/api/v1/auth/wechat').send(body);

/** The session_key the fake answers for `dev:<who>` (and for `<who>`). */
const sessionKeyOf = (who: string) => createHash('sha256').update(`sk${who}`).digest('base64');

/** The same app on the same database, but talking to another WeChat. */
function appWithWechat(wechatBaseUrl: string, env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WECHAT_FAKE: 'false', ...env });
  const built = createApp({
    config,
    database: ctx.database,
    logger: pino({ level: 'silent' }),
    clock: ctx.clock,
    keys: generateKeyPair(),
    wechatBaseUrl,
  });
  const callback = built.app.callback();
  return () => supertest(callback);
}

test('a new openid with a community becomes a volunteer, and its token works on /me', async (t) => {
  const res = await signIn({ code: 'dev:new-wang', communityId });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.true(res.body.created);
  t.is(typeof res.body.token, 'string');
  t.is(res.body.user.role, 'volunteer');
  t.is(res.body.user.communityId, communityId);
  t.is(
    new Date(res.body.expiresAt).getTime(),
    ctx.clock.now().getTime() + ctx.config.jwt.sessionTtlSeconds * 1000,
  );
  t.true(ctx.wechat.calls.includes('/sns/jscode2session'));

  const me = await ctx.request().get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`);
  t.is(me.status, 200, JSON.stringify(me.body));
  t.is(me.body.id, res.body.user.id);
  t.is(me.body.role, 'volunteer');
  t.deepEqual(me.body.community, { id: communityId, name: '紫瑞街社区' });

  const [row] = await ctx.db.select().from(users).where(eq(users.id, res.body.user.id));
  t.is(row?.wechatOpenid, fakeOpenid('new-wang'));
});

test('signing in again with the same code returns the same user, created: false', async (t) => {
  const first = await signIn({ code: 'dev:again', communityId });
  t.is(first.status, 200);
  t.true(first.body.created);
  // The community is not needed any more once the person exists.
  const second = await signIn({ code: 'dev:again' });
  t.is(second.status, 200, JSON.stringify(second.body));
  t.false(second.body.created);
  t.is(second.body.user.id, first.body.user.id);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(eq(users.wechatOpenid, fakeOpenid('again')));
  t.is(rows.length, 1);
});

test('simultaneous first sign-ins of one person create exactly one user', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 5 }, () => signIn({ code: 'dev:twice-at-once', communityId })),
  );
  for (const r of results) t.is(r.status, 200, JSON.stringify(r.body));
  t.is(new Set(results.map((r) => r.body.user.id)).size, 1);
  t.is(results.filter((r) => r.body.created === true).length, 1);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(eq(users.wechatOpenid, fakeOpenid('twice-at-once')));
  t.is(rows.length, 1);
});

test('a new openid without a community → 400 auth.community_required, nobody created', async (t) => {
  const res = await signIn({ code: 'dev:no-community' });
  t.is(res.status, 400);
  t.is(res.body.error.code, 'auth.community_required');
  const rows = await ctx.db
    .select()
    .from(users)
    .where(eq(users.wechatOpenid, fakeOpenid('no-community')));
  t.is(rows.length, 0);
});

test('an unknown community → 404 communities.not_found, nobody created', async (t) => {
  const res = await signIn({ code: 'dev:lost', communityId: 987654 });
  t.is(res.status, 404);
  t.is(res.body.error.code, 'communities.not_found');
  const rows = await ctx.db
    .select()
    .from(users)
    .where(eq(users.wechatOpenid, fakeOpenid('lost')));
  t.is(rows.length, 0);
});

test('a code WeChat rejects → 401 auth.wechat_failed', async (t) => {
  const res = await signIn({ code: 'invalid', communityId });
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.wechat_failed');
  t.falsy(res.body.token);
});

test('WeChat busy (errcode -1) → 502 auth.wechat_unavailable', async (t) => {
  const res = await signIn({ code: 'busy', communityId });
  t.is(res.status, 502);
  t.is(res.body.error.code, 'auth.wechat_unavailable');
});

test('an invalid body → 400 request.invalid (empty code, unknown field)', async (t) => {
  const empty = await signIn({ code: '   ', communityId });
  t.is(empty.status, 400);
  t.is(empty.body.error.code, 'request.invalid');
  const extra = await signIn({ code: 'dev:x', communityId, role: 'officer' });
  t.is(extra.status, 400);
  t.is(extra.body.error.code, 'request.invalid');
});

test('a disabled volunteer cannot sign in with WeChat → 403 auth.account_disabled', async (t) => {
  const first = await signIn({ code: 'dev:disabled-one', communityId });
  t.is(first.status, 200);
  await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, first.body.user.id));
  const again = await signIn({ code: 'dev:disabled-one' });
  t.is(again.status, 403);
  t.is(again.body.error.code, 'auth.account_disabled');
  t.falsy(again.body.token);
});

test('WeChat unreachable (closed port) → 502 auth.wechat_unavailable', async (t) => {
  const request = appWithWechat('http://127.0.0.1:1');
  const res = await signIn({ code: 'dev:unreachable', communityId }, request());
  t.is(res.status, 502);
  t.is(res.body.error.code, 'auth.wechat_unavailable');
});

test('WeChat misbehaving: no answer in time, HTTP 500, not JSON → 502; no openid → 401', async (t) => {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const code = new URL(req.url ?? '/', 'http://x').searchParams.get('js_code');
    if (code === 'hang') return; // never answers
    if (code === 'http500') return void res.writeHead(500).end('{}');
    if (code === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ session_key: 'x' }));
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  const request = appWithWechat(`http://127.0.0.1:${port}`, { WECHAT_TIMEOUT_MS: '300' });

  const started = Date.now();
  const hang = await signIn({ code: 'hang', communityId }, request());
  t.is(hang.status, 502);
  t.is(hang.body.error.code, 'auth.wechat_unavailable');
  t.true(Date.now() - started < 5000, 'the timeout is honoured');

  for (const code of ['http500', 'html']) {
    const r = await signIn({ code, communityId }, request());
    t.is(r.status, 502, code);
    t.is(r.body.error.code, 'auth.wechat_unavailable', code);
  }
  const noOpenid = await signIn({ code: 'no-openid', communityId }, request());
  t.is(noOpenid.status, 401);
  t.is(noOpenid.body.error.code, 'auth.wechat_failed');
});

test('the session_key never leaves: not in bodies, not in logs, not in the database', async (t) => {
  const who = 'secretive';
  const sessionKey = sessionKeyOf(who);
  const bodies: string[] = [];
  for (const body of [{ code: `dev:${who}`, communityId }, { code: `dev:${who}` }, { code: 'invalid' }]) {
    const res = await signIn(body);
    bodies.push(res.text, JSON.stringify(res.headers));
  }
  const me = await ctx
    .request()
    .get('/api/v1/me')
    .set('Authorization', `Bearer ${JSON.parse(bodies[0]!).token}`);
  t.is(me.status, 200);
  bodies.push(me.text);

  const logText = ctx.logs.join('\n');
  t.true(
    ctx.logs.some((l) => l.includes('/api/v1/auth/wechat')),
    'the request log is captured (otherwise this test proves nothing)',
  );
  for (const text of [...bodies, logText]) {
    t.false(text.includes('session_key'));
    t.false(text.includes(sessionKey));
  }
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(eq(users.wechatOpenid, fakeOpenid(who)));
  t.truthy(row);
  t.false(JSON.stringify(row).includes(sessionKey));
});
