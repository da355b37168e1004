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
