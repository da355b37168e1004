/**
 * Inputs mean what the published document says: int32 ids in canonical decimal, no coercion in JSON
 * bodies, text that is text, plausible dates, bodies that are JSON and decode as declared. Each
 * refusal is a 4xx with a stable code and changes nothing.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { users } from '../../../server/src/modules/users/users.table';
import { assertError } from '../../helpers/api';
import { activityBody, createTestContext, type TestContext, type TestUser } from '../../helpers/context';

let ctx: TestContext;
let officer: TestUser;
let volunteer: TestUser;
let communityId: number;
test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity();
  communityId = c.id;
  officer = await ctx.addUser('officer', c.id, { username: 'inputs-officer', password: 'pw-officer-1' });
  volunteer = await ctx.addUser('volunteer', c.id);
});
test.after.always(async () => {
  await ctx?.close();
});

const userCount = async () => (await ctx.db.select({ id: users.id }).from(users)).length;

test('path ids past 2³¹−1, or not in canonical decimal, are 400 request.invalid (never 500)', async (t) => {
  for (const id of ['2147483648', '9007199254740991', '01', '1e3', '0x10', '-1', '0', '1.5', ' 1']) {
    const r = await ctx
      .request()
      .get(`/api/v1/activities/${encodeURIComponent(id)}`)
      .set(officer.auth);
    assertError(t, r, 400, 'request.invalid');
    t.is(r.body.error.details[0].path, 'id', id);
  }
  const max = await ctx.request().get('/api/v1/activities/2147483647').set(officer.auth);
  assertError(t, max, 404, 'activities.not_found');
});

test('query ids and numbers parse strictly', async (t) => {
  for (const q of ['limit=2147483648', 'limit=1e2', 'limit=true', 'limit=', 'limit=5&limit=6']) {
    const r = await ctx.request().get(`/api/v1/activities?${q}`).set(volunteer.auth);
    assertError(t, r, 400, 'request.invalid');
  }
  const ok = await ctx.request().get('/api/v1/activities?limit=5').set(volunteer.auth);
  t.is(ok.status, 200);
});

test('JSON bodies are not coerced: communityId true or "1" or 2³¹ on the anonymous WeChat sign-in creates nobody', async (t) => {
  const before = await userCount();
  for (const communityId of [true, '1', 2147483648, 1.5, 9007199254740991]) {
    const r = await ctx.request().post('/api/v1/auth/wechat').send({ code: 'new-person-code', communityId });
    assertError(t, r, 400, 'request.invalid');
    t.is(r.body.error.details[0].path, 'communityId');
  }
  t.is(await userCount(), before);
});

test('a NUL byte, a lone surrogate or broken UTF-8 in any text is 400 with the field named, also without signing in', async (t) => {
  const nul = await ctx.request().post('/api/v1/auth/password').send({ username: 'a\u0000b', password: 'x' });
  assertError(t, nul, 400, 'request.invalid');
  t.like(nul.body.error.details[0], { path: 'username', code: 'invalid_text' });

  const surrogate = await ctx
    .request()
    .post('/api/v1/auth/password')
    .set('Content-Type', 'application/json')
    .send('{"username":"\\ud800","password":"x"}');
  assertError(t, surrogate, 400, 'request.invalid');

  const broken = Buffer.concat([
    Buffer.from('{"username":"'),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('","password":"x"}'),
  ]);
  const bad = await ctx
    .request()
    .post('/api/v1/auth/password')
    .set('Content-Type', 'application/json')
    .send(broken);
  assertError(t, bad, 400, 'request.invalid');

  const inPath = await ctx.request().get('/api/v1/records/ab%00cd/print?code=x').set(officer.auth);
  t.is(inPath.status, 400, JSON.stringify(inPath.body));

  const profile = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(volunteer.auth)
    .send({ displayName: 'ok\u0000', consentVersion: 'v1' });
  assertError(t, profile, 400, 'request.invalid');
  const me = await ctx.request().get('/api/v1/me').set(volunteer.auth);
  t.not(me.body.user?.displayName ?? me.body.displayName, 'ok\u0000');
});

test('dates: year 0000 is 400; activities dated year 0001 or 9999, lasting 1 ms, or years away are refused', async (t) => {
  const now = ctx.clock.now();
  const year0 = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(now, { startsAt: '0000-01-01T00:00:00Z', endsAt: '0000-01-01T02:00:00Z' }));
  assertError(t, year0, 400, 'request.invalid');
  for (const [startsAt, endsAt] of [
    ['0001-01-01T00:00:00Z', '0001-01-01T02:00:00Z'],
    ['9999-01-01T00:00:00Z', '9999-01-01T02:00:00Z'],
  ]) {
    const r = await ctx
      .request()
      .post('/api/v1/activities')
      .set(officer.auth)
      .send(activityBody(now, { startsAt, endsAt }));
    assertError(t, r, 400, 'request.invalid');
  }
  const start = new Date(now.getTime() + 3600_000);
  const oneMs = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(
      activityBody(now, {
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 1).toISOString(),
      }),
    );
  assertError(t, oneMs, 400, 'activities.invalid_duration');
  const fourDays = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(now, {}, 60, 4 * 24 * 60));
  assertError(t, fourDays, 400, 'activities.invalid_duration');
  const farAway = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(now, {}, 5 * 366 * 24 * 60, 120));
  assertError(t, farAway, 400, 'activities.start_out_of_range');
  const fine = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(now, {}, 60, 1));
  t.is(fine.status, 201, JSON.stringify(fine.body));
});

test('a body whose Content-Encoding does not decode is 400 request.bad_encoding; a real gzip body is read', async (t) => {
  const body = JSON.stringify({ username: 'inputs-officer', password: 'wrong-password' });
  for (const encoding of ['gzip', 'br', 'deflate']) {
    const r = await ctx
      .request()
      .post('/api/v1/auth/password')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send(body);
    assertError(t, r, 400, 'request.bad_encoding');
  }
  // supertest re-encodes a Buffer body: a real listening server and fetch send the bytes as they are.
  const server = http.createServer(ctx.app.app.callback()).listen(0, '127.0.0.1');
  t.teardown(() => server.close());
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const real = await fetch(`http://127.0.0.1:${port}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ username: 'inputs-officer', password: 'pw-officer-1' })),
  });
  t.is(real.status, 200, await real.clone().text());
  const unknown = await ctx
    .request()
    .post('/api/v1/auth/password')
    .set('Content-Type', 'application/json')
    .set('Content-Encoding', 'compress')
    .send(body);
  assertError(t, unknown, 415, 'request.unsupported_media_type');
});

test('a JSON route given text/plain or no content type is 415 and changes nothing', async (t) => {
  const before = await ctx.request().get('/api/v1/me').set(volunteer.auth);
  const plain = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(volunteer.auth)
    .set('Content-Type', 'text/plain')
    .send(JSON.stringify({ displayName: '改了', consentVersion: 'v1' }));
  assertError(t, plain, 415, 'request.unsupported_media_type');
  const form = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(volunteer.auth)
    .type('form')
    .send({ displayName: '改了' });
  assertError(t, form, 415, 'request.unsupported_media_type');
  const after = await ctx.request().get('/api/v1/me').set(volunteer.auth);
  t.deepEqual(after.body, before.body);
});

test('details are one shape, a list of {path, code, message}, in the request language', async (t) => {
  const zh = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send({ title: 'x', capacity: 0 });
  assertError(t, zh, 400, 'request.invalid');
  t.true(Array.isArray(zh.body.error.details));
  for (const d of zh.body.error.details) t.deepEqual(Object.keys(d).sort(), ['code', 'message', 'path']);
  const capZh = zh.body.error.details.find((d: { path: string }) => d.path === 'capacity');
  t.regex(capZh.message, /[\u4e00-\u9fff]/, 'a Chinese message by default');
  const en = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .set('Accept-Language', 'en')
    .send({ title: 'x', capacity: 0 });
  const capEn = en.body.error.details.find((d: { path: string }) => d.path === 'capacity');
  t.notRegex(capEn.message, /[\u4e00-\u9fff]/);
  t.is(capEn.code, capZh.code);
  const phone = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(volunteer.auth)
    .set('Accept-Language', 'en')
    .send({ phone: '123', consentVersion: 'v1' });
  t.is(phone.body.error.details[0].message, 'Enter an 11-digit mobile number');
});

test('requests refused by validation do not use up the quota of an expensive operation', async (t) => {
  for (let i = 0; i < 35; i++) {
    const r = await ctx.request().post('/api/v1/records').set(officer.auth).send({ from: 'not-a-date' });
    assertError(t, r, 400, 'request.invalid');
  }
  const valid = await ctx
    .request()
    .post('/api/v1/records')
    .set(officer.auth)
    .send({ userId: volunteer.id, from: '2026-01-01', to: '2026-11-01' });
  t.not(valid.status, 429, JSON.stringify(valid.body));
  t.truthy(communityId);
});

test('a public route treats a stale or foreign token as no token: sign-in still works', async (t) => {
  const r = await ctx
    .request()
    .post('/api/v1/auth/password')
    .set('Authorization', 'Bearer not.a.token')
    .send({ username: 'inputs-officer', password: 'pw-officer-1' });
  t.is(r.status, 200, JSON.stringify(r.body));
  const signedIn = await ctx.request().get('/api/v1/me').set('Authorization', 'Bearer not.a.token');
  assertError(t, signedIn, 401, 'auth.invalid_token');
});
