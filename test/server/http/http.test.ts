import { errorCodes } from '@timebank/shared';
import test from 'ava';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../../server/src/app';
import { createDatabase } from '../../../server/src/db/client';
import { generateKeyPair } from '../../../server/src/modules/auth/tokens';
import { createTestContext, type TestContext } from '../../helpers/context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test('malformed JSON → 400 request.malformed_json', async (t) => {
  for (const raw of ['{"username": "a", ', '{bad json}', '"just a string"']) {
    const res = await ctx
      .request()
      .post('/api/v1/auth/password')
      .set('Content-Type', 'application/json')
      .send(raw);
    t.is(res.status, 400, raw);
    t.is(res.body.error.code, 'request.malformed_json', raw);
    t.is(res.body.error.message, errorCodes['request.malformed_json'].zh);
  }
});

test('an unknown route → 404 request.not_found; a known path with the wrong method → 405', async (t) => {
  for (const path of ['/api/v1/nope', '/nope', '/api/v2/me', '/']) {
    const res = await ctx.request().get(path);
    t.is(res.status, 404, path);
    t.is(res.body.error.code, 'request.not_found', path);
  }
  const post = await ctx.request().post('/api/v1/nope').send({ a: 1 });
  t.is(post.status, 404);
  t.is(post.body.error.code, 'request.not_found');

  const wrongMethod = await ctx.request().delete('/api/v1/me');
  t.is(wrongMethod.status, 405);
  t.is(wrongMethod.body.error.code, 'request.method_not_allowed');
});

test('routes are found by their first segment as @koa/router alone found them: any case, a trailing slash, parameters, 405 per path', async (t) => {
  const community = await ctx.addCommunity();
  const volunteer = await ctx.addUser('volunteer', community.id);
  for (const path of ['/api/v1/me', '/api/v1/me/', '/API/V1/Me', '/api/v1/ME/']) {
    const res = await ctx.request().get(path).set(volunteer.auth);
    t.is(res.status, 200, path);
    t.is(res.body.id, volunteer.id, path);
  }
  // A parameter after the segment, and a path of one segment that only some methods have.
  const missing = await ctx.request().get('/api/v1/activities/999999').set(volunteer.auth);
  t.is(missing.status, 404);
  t.is(missing.body.error.code, 'activities.not_found');
  const put = await ctx.request().put('/api/v1/activities').set(volunteer.auth).send({});
  t.is(put.status, 405);
  t.is(put.body.error.code, 'request.method_not_allowed');
  // A known segment with a path none of its routes has, a segment that is only a prefix of one, an
  // empty one, and the prefix alone.
  for (const path of [
    '/api/v1/me/nothing/here',
    '/api/v1/m',
    '/api/v1//me',
    '/api/v1/',
    '/api/v1',
    '/api/v1me',
  ]) {
    const res = await ctx.request().get(path).set(volunteer.auth);
    t.is(res.status, 404, path);
    t.is(res.body.error.code, 'request.not_found', path);
  }
});

test('a body over 100kb → 413 request.too_large; just under is read (and then validated)', async (t) => {
  const big = await ctx
    .request()
    .post('/api/v1/auth/password')
    .send({ username: 'x', password: 'a'.repeat(101 * 1024) });
  t.is(big.status, 413);
  t.is(big.body.error.code, 'request.too_large');

  const under = await ctx
    .request()
    .post('/api/v1/auth/password')
    .send({ username: 'x', password: 'a'.repeat(99 * 1024) });
  t.is(under.status, 400);
  t.is(under.body.error.code, 'request.invalid');
});

test('every response has an X-Request-Id; a safe incoming one is echoed, an unsafe one replaced', async (t) => {
  const responses = [
    await ctx.request().get('/health'),
    await ctx.request().get('/api/v1/nope'),
    await ctx.request().get('/api/v1/me'),
    await ctx.request().post('/api/v1/auth/password').set('Content-Type', 'application/json').send('{'),
  ];
  const ids = responses.map((r) => r.headers['x-request-id']);
  for (const id of ids) t.regex(String(id), UUID);
  t.is(new Set(ids).size, ids.length, 'a new id for each request');

  const echoed = await ctx.request().get('/api/v1/me').set('X-Request-Id', 'trace-42.abc_DEF');
  t.is(echoed.status, 401);
  t.is(echoed.headers['x-request-id'], 'trace-42.abc_DEF');

  for (const unsafe of ['has space', 'a'.repeat(65), '<script>', 'x\\y', 'a/b']) {
    const res = await ctx.request().get('/health').set('X-Request-Id', unsafe);
    t.not(res.headers['x-request-id'], unsafe);
    t.regex(String(res.headers['x-request-id']), UUID, unsafe);
  }

  // The request id is in the log line of the request.
  t.true(ctx.logs.some((l) => l.includes('"requestId":"trace-42.abc_DEF"') && l.includes('"status":401')));
});

test('Accept-Language: en gives the English message; Chinese otherwise', async (t) => {
  const en = await ctx.request().get('/api/v1/me').set('Accept-Language', 'en');
  t.is(en.status, 401);
  t.is(en.body.error.code, 'auth.required');
  t.is(en.body.error.message, errorCodes['auth.required'].en);
  const enUs = await ctx.request().get('/nope').set('Accept-Language', 'en-US,en;q=0.9');
  t.is(enUs.body.error.message, errorCodes['request.not_found'].en);
  for (const lang of [undefined, 'zh-CN,zh;q=0.9', 'fr']) {
    const r = ctx.request().get('/api/v1/me');
    const res = await (lang ? r.set('Accept-Language', lang) : r);
    t.is(res.body.error.message, errorCodes['auth.required'].zh, String(lang));
  }
});

test('security headers on successes and on errors', async (t) => {
  const api = {
    ok: await ctx.request().get('/api/v1/communities'),
    notFound: await ctx.request().get('/api/v1/nope'),
    unauthorized: await ctx.request().get('/api/v1/me'),
    invalid: await ctx.request().post('/api/v1/auth/password').send({}),
    malformed: await ctx
      .request()
      .post('/api/v1/auth/password')
      .set('Content-Type', 'application/json')
      .send('{'),
  };
  const other = {
    health: await ctx.request().get('/health'),
    notFound: await ctx.request().get('/nope'),
    docsAssetMissing: await ctx.request().get('/docs/assets/nope.js'),
  };
  t.is(api.ok.status, 200);
  t.is(api.unauthorized.status, 401);
  t.is(api.invalid.status, 400);
  t.is(other.docsAssetMissing.status, 404);
  for (const [name, res] of [...Object.entries(api), ...Object.entries(other)]) {
    t.is(res.headers['x-content-type-options'], 'nosniff', name);
    t.is(res.headers['x-frame-options'], 'DENY', name);
    t.is(res.headers['referrer-policy'], 'no-referrer', name);
  }
  for (const [name, res] of Object.entries(api)) {
    t.is(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", name);
    // A successful JSON read may be kept by the browser, revalidated (ETag); nothing else is kept.
    t.is(res.headers['cache-control'], name === 'ok' ? 'private, no-cache' : 'no-store', name);
  }
  for (const name of ['health', 'notFound'] as const) {
    t.regex(String(other[name].headers['content-security-policy']), /frame-ancestors 'none'/, name);
  }
});

test('an internal error → 500 server.internal, logged, with no internals in the body', async (t) => {
  // A second app on a database that is already closed: every query fails inside the server.
  const broken = await createDatabase({ url: process.env.TEST_DATABASE_URL });
  await broken.close();
  const logs: string[] = [];
  const built = createApp({
    config: ctx.config,
    database: broken,
    logger: pino({ level: 'info' }, { write: (l: string) => void logs.push(l) }),
    clock: ctx.clock,
    keys: generateKeyPair(),
    wechatBaseUrl: ctx.wechat.baseUrl,
  });
  const request = () => supertest(built.app.callback());

  const res = await request().get('/api/v1/communities').set('X-Request-Id', 'broken-1');
  t.is(res.status, 500, JSON.stringify(res.body));
  t.is(res.body.error.code, 'server.internal');
  t.is(res.body.error.message, errorCodes['server.internal'].zh);
  t.deepEqual(Object.keys(res.body), ['error']);
  t.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
  t.false(/stack|\.ts:\d+|node_modules|\n\s+at /i.test(res.text), res.text);
  t.is(res.headers['x-request-id'], 'broken-1');
  t.is(res.headers['x-content-type-options'], 'nosniff');

  const en = await request()
    .post('/api/v1/auth/password')
    .set('Accept-Language', 'en')
    .send({ username: 'a', password: 'b' });
  t.is(en.status, 500);
  t.is(en.body.error.message, 'Internal error');

  // The details go to the log, with the request id.
  t.true(logs.some((l) => l.includes('unhandled error') && l.includes('broken-1') && l.includes('"stack"')));

  // Liveness stays up; readiness says not ready.
  t.is((await request().get('/health')).status, 200);
  const ready = await request().get('/ready');
  t.is(ready.status, 503);
  t.is(ready.body.error.code, 'server.not_ready');
});

test('while start-up still seeds, GET /ready → 503 server.starting and /health → 200; then 200', async (t) => {
  const built = createApp({
    config: ctx.config,
    database: ctx.database,
    logger: pino({ level: 'silent' }),
    clock: ctx.clock,
    keys: generateKeyPair(),
    wechatBaseUrl: ctx.wechat.baseUrl,
    starting: true,
  });
  const request = () => supertest(built.app.callback());
  const early = await request().get('/ready');
  t.is(early.status, 503);
  t.is(early.body.error.code, 'server.starting');
  t.is((await request().get('/health')).status, 200);
  built.markReady();
  const ready = await request().get('/ready');
  t.is(ready.status, 200, JSON.stringify(ready.body));
  t.is(ready.body.status, 'ready');
});

test('GET /health → 200 ok; GET /ready → 200 with the database kind', async (t) => {
  const health = await ctx.request().get('/health');
  t.is(health.status, 200);
  t.deepEqual(health.body, { status: 'ok' });
  const ready = await ctx.request().get('/ready');
  t.is(ready.status, 200);
  t.deepEqual(ready.body, {
    status: 'ready',
    database: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
  });
  t.is(ready.body.database, ctx.database.kind);
});
