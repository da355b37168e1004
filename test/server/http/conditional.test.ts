import test from 'ava';
import { etagOf } from '../../../server/src/http/conditional';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';

let ctx: TestContext;
let officer: TestUser;
let volunteer: TestUser;

test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity('紫瑞街社区');
  officer = await ctx.addUser('officer', c.id);
  volunteer = await ctx.addUser('volunteer', c.id);
});
test.after.always(async () => {
  await ctx?.close();
});

test('a JSON read has a strong ETag of its bytes; If-None-Match with it → 304 without a body', async (t) => {
  const first = await ctx.request().get('/api/v1/communities');
  t.is(first.status, 200);
  const etag = first.headers.etag ?? '';
  t.is(etag, etagOf(Buffer.from(first.text)));
  t.regex(etag, /^"[A-Za-z0-9_-]{27}"$/);
  t.is(first.headers['cache-control'], 'private, no-cache');

  const again = await ctx.request().get('/api/v1/communities').set('If-None-Match', etag);
  t.is(again.status, 304);
  t.is(again.text, '');
  t.is(again.headers.etag, etag);
  t.is(again.headers['content-type'], undefined);
  // A weak form of the same tag, or a list holding it, matches too (weak comparison).
  for (const inm of [`W/${etag}`, `"nope", ${etag}`, '*']) {
    const r = await ctx.request().get('/api/v1/communities').set('If-None-Match', inm);
    t.is(r.status, 304, inm);
  }
  const other = await ctx.request().get('/api/v1/communities').set('If-None-Match', '"something-else"');
  t.is(other.status, 200);
  t.deepEqual(other.body, first.body);
});

test.serial('the ETag follows the content: a change gives another tag and a full answer', async (t) => {
  const before = await ctx.request().get('/api/v1/communities');
  await ctx.addCommunity('新社区');
  const after = await ctx.request().get('/api/v1/communities').set('If-None-Match', before.headers.etag!);
  t.is(after.status, 200);
  t.not(after.headers.etag, before.headers.etag);
});

test('per-user answers: private, no-cache with an ETag; each user revalidates their own', async (t) => {
  const mine = await ctx.request().get('/api/v1/me').set(volunteer.auth);
  t.is(mine.status, 200);
  t.is(mine.headers['cache-control'], 'private, no-cache');
  const etag = mine.headers.etag!;
  const same = await ctx.request().get('/api/v1/me').set(volunteer.auth).set('If-None-Match', etag);
  t.is(same.status, 304);
  // Another user's answer differs, so the tag does not match it.
  const theirs = await ctx.request().get('/api/v1/me').set(officer.auth).set('If-None-Match', etag);
  t.is(theirs.status, 200);
  t.is(theirs.body.id, officer.id);
  // Without the session, a tag does not get a 304: it is refused first.
  const anonymous = await ctx.request().get('/api/v1/me').set('If-None-Match', etag);
  t.is(anonymous.status, 401);
  t.is(anonymous.headers.etag, undefined);
});

test('never a validator or a 304 for errors, writes or no-store answers', async (t) => {
  const missing = await ctx.request().get('/api/v1/nope').set('If-None-Match', '*');
  t.is(missing.status, 404);
  t.is(missing.headers.etag, undefined);
  t.is(missing.headers['cache-control'], 'no-store');

  const write = await ctx.request().post('/api/v1/auth/password').send({ username: 'x', password: 'y' });
  t.is(write.headers.etag, undefined);
  t.is(write.headers['cache-control'], 'no-store');

  // Exports are no-store: computed and sent every time, whatever the client holds.
  const url = '/api/v1/exports/hours?from=2026-11-01&to=2026-11-30';
  const file = await ctx.request().get(url).set(officer.auth).set('If-None-Match', '*');
  t.is(file.status, 200);
  t.is(file.headers['cache-control'], 'no-store');
  t.is(file.headers.etag, undefined);
});

test('openapi.json is public, no-cache and revalidates', async (t) => {
  const doc = await ctx.request().get('/openapi.json');
  t.is(doc.headers['cache-control'], 'public, no-cache');
  const again = await ctx.request().get('/openapi.json').set('If-None-Match', doc.headers.etag!);
  t.is(again.status, 304);
});

test('HEAD gets the same ETag and 304s', async (t) => {
  const get = await ctx.request().get('/api/v1/communities');
  const head = await ctx.request().head('/api/v1/communities');
  t.is(head.status, 200);
  t.is(head.headers.etag, get.headers.etag);
  const fresh = await ctx.request().head('/api/v1/communities').set('If-None-Match', get.headers.etag!);
  t.is(fresh.status, 304);
});
