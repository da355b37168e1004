import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
let dir: string;
test.before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>时间银行</title>');
  fs.mkdirSync(path.join(dir, 'js'));
  fs.writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log(1)');
  // As Taro's H5 build names its bundles.
  fs.writeFileSync(path.join(dir, 'js', 'app.25acbb04.js'), `console.log("${'时间银行'.repeat(400)}")`);
  fs.mkdirSync(path.join(dir, 'css'));
  fs.writeFileSync(path.join(dir, 'css', 'app.6409f558.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(dir, 'js', '60.ffb55303.js.LICENSE.txt'), 'MIT');
  fs.writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'outside');
  ctx = await createTestContext({}, { webDir: dir });
});
test.after.always(async () => {
  await ctx?.close();
});

test('the H5 app is served at / beside the API', async (t) => {
  const index = await ctx.request().get('/');
  t.is(index.status, 200);
  t.regex(index.headers['content-type'] ?? '', /text\/html/);
  t.true(index.text.includes('时间银行'));
  t.regex(index.headers['content-security-policy'] ?? '', /default-src 'self'/);
  const js = await ctx.request().get('/js/app.js');
  t.is(js.status, 200);
  t.regex(js.headers['content-type'] ?? '', /javascript/);
});

test('nothing outside the directory is served', async (t) => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/../../secret.txt', '/%E0%A4%A']) {
    const r = await ctx.request().get(p);
    t.is(r.status, 404, p);
    t.is(r.body.error?.code, 'request.not_found', p);
  }
});

test('API paths are still the API', async (t) => {
  const r = await ctx.request().get('/api/v1/nothing-here');
  t.is(r.status, 404);
  t.is(r.body.error.code, 'request.not_found');
  t.is(r.headers['cache-control'], 'no-store');
  const post = await ctx.request().post('/index.html');
  t.is(post.status, 404);
});

test('hashed assets are cached for a year, immutable; index.html and unhashed files are revalidated', async (t) => {
  for (const p of ['/js/app.25acbb04.js', '/css/app.6409f558.css', '/js/60.ffb55303.js.LICENSE.txt']) {
    const r = await ctx.request().get(p);
    t.is(r.status, 200, p);
    t.is(r.headers['cache-control'], 'public, max-age=31536000, immutable', p);
  }
  t.is((await ctx.request().get('/')).headers['cache-control'], 'no-cache');
  t.is((await ctx.request().get('/index.html')).headers['cache-control'], 'no-cache');
  t.is((await ctx.request().get('/js/app.js')).headers['cache-control'], 'public, max-age=3600');
});

test('static files: ETag and Last-Modified; If-None-Match or If-Modified-Since → 304 without a body', async (t) => {
  const index = await ctx.request().get('/');
  const etag = index.headers.etag ?? '';
  t.regex(etag, /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
  const lastModified = index.headers['last-modified'] ?? '';
  t.is(
    new Date(lastModified).getTime(),
    Math.floor(fs.statSync(path.join(dir, 'index.html')).mtimeMs / 1000) * 1000,
  );

  const byTag = await ctx.request().get('/').set('If-None-Match', etag);
  t.is(byTag.status, 304);
  t.is(byTag.text, '');
  t.is(byTag.headers['cache-control'], 'no-cache');
  const byDate = await ctx.request().get('/').set('If-Modified-Since', lastModified);
  t.is(byDate.status, 304);
  const older = await ctx.request().get('/').set('If-Modified-Since', new Date(0).toUTCString());
  t.is(older.status, 200);
  t.true(older.text.includes('时间银行'));
  // If-None-Match wins over If-Modified-Since.
  const changed = await ctx
    .request()
    .get('/')
    .set('If-None-Match', 'W/"0-0"')
    .set('If-Modified-Since', lastModified);
  t.is(changed.status, 200);
});

test('a rebuilt file gets a new ETag', async (t) => {
  const file = path.join(dir, 'js', 'app.js');
  const before = await ctx.request().get('/js/app.js');
  fs.writeFileSync(file, 'console.log(22)');
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const after = await ctx.request().get('/js/app.js').set('If-None-Match', before.headers.etag!);
  t.is(after.status, 200);
  t.is(after.text, 'console.log(22)');
});

test('HEAD: the headers and the length, no body', async (t) => {
  const r = await ctx.request().head('/css/app.6409f558.css');
  t.is(r.status, 200);
  t.is(r.headers['content-length'], String('body{margin:0}'.length));
  t.regex(r.headers['content-type'] ?? '', /text\/css/);
});

test('JS and CSS are compressed when asked', async (t) => {
  const r = await ctx.request().get('/js/app.25acbb04.js').set('Accept-Encoding', 'br');
  t.is(r.status, 200);
  t.is(r.headers['content-encoding'], 'br');
  t.regex(r.headers.vary ?? '', /Accept-Encoding/i);
  t.regex(r.headers.etag ?? '', /^W\//);
});
