import zlib from 'node:zlib';
import test from 'ava';
import { compressible } from '../../../server/src/http/compress';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';
import { listen } from './wire';

let ctx: TestContext;
let wire: Awaited<ReturnType<typeof listen>>;
let officer: TestUser;

test.before(async () => {
  ctx = await createTestContext();
  // Enough communities for a list of several KB.
  for (let i = 0; i < 40; i++) await ctx.addCommunity(`紫瑞街第${i}社区`);
  officer = await ctx.addUser('officer', (await ctx.addCommunity('桂湖社区')).id);
  wire = await listen(ctx);
});
test.after.always(async () => {
  await wire?.close();
  await ctx?.close();
});

const BR = { 'Accept-Encoding': 'gzip, deflate, br' };

test('a JSON list of several KB: brotli when asked, the same JSON, Vary: Accept-Encoding', async (t) => {
  const plain = await wire.request('GET', '/api/v1/communities');
  t.is(plain.status, 200);
  t.is(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: identity');
  t.regex(plain.headers.vary ?? '', /Accept-Encoding/i);
  t.true(plain.raw.length > 1024, `${plain.raw.length} bytes`);

  const br = await wire.request('GET', '/api/v1/communities', BR);
  t.is(br.headers['content-encoding'], 'br');
  t.regex(br.headers.vary ?? '', /Accept-Encoding/i);
  t.deepEqual(JSON.parse(br.text), JSON.parse(plain.text));
  t.true(br.raw.length < plain.raw.length / 3, `${br.raw.length} of ${plain.raw.length} bytes`);

  const gzip = await wire.request('GET', '/api/v1/communities', { 'Accept-Encoding': 'gzip' });
  t.is(gzip.headers['content-encoding'], 'gzip');
  t.deepEqual(JSON.parse(gzip.text), JSON.parse(plain.text));
  // The same body again comes from the memo: the same bytes.
  const again = await wire.request('GET', '/api/v1/communities', { 'Accept-Encoding': 'gzip' });
  t.deepEqual(again.raw, gzip.raw);
});

test('openapi.json (a large body, compressed as a stream)', async (t) => {
  const plain = await wire.request('GET', '/openapi.json');
  const br = await wire.request('GET', '/openapi.json', BR);
  t.is(br.status, 200);
  t.is(br.headers['content-encoding'], 'br');
  t.is(br.text, plain.text);
  t.true(br.raw.length < plain.raw.length / 5, `${br.raw.length} of ${plain.raw.length} bytes`);
  t.log(`openapi.json: ${plain.raw.length} → ${br.raw.length} bytes (br)`);
});

test('answers under 1 KB and HEAD requests are not compressed', async (t) => {
  const small = await wire.request('GET', '/health', BR);
  t.is(small.status, 200);
  t.is(small.headers['content-encoding'], undefined);
  const head = await wire.request('HEAD', '/api/v1/communities', BR);
  t.is(head.status, 200);
  t.is(head.headers['content-encoding'], undefined);
});

test('CSV exports are compressed, XLSX are not (already a zip)', async (t) => {
  const auth = { Authorization: officer.auth.Authorization, ...BR };
  const csv = await wire.request('GET', '/api/v1/exports/hours?from=2026-11-01&to=2026-11-30', auth);
  t.is(csv.status, 200, csv.text);
  t.regex(csv.headers['content-type'] ?? '', /^text\/csv/);
  t.is(csv.headers['content-encoding'], 'br');
  t.true(csv.text.includes('志愿者编号'));
  const xlsx = await wire.request(
    'GET',
    '/api/v1/exports/hours?from=2026-11-01&to=2026-11-30&format=xlsx',
    auth,
  );
  t.is(xlsx.status, 200);
  t.regex(xlsx.headers['content-type'] ?? '', /spreadsheetml/);
  t.is(xlsx.headers['content-encoding'], undefined);
  t.deepEqual([...xlsx.raw.subarray(0, 2)], [0x50, 0x4b], 'a zip as it was made');
});

test('which media types are compressed', (t) => {
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'text/csv; charset=utf-8',
    'text/html; charset=utf-8',
    'application/javascript',
    'text/css',
    'image/svg+xml',
  ])
    t.true(compressible(type), type);
  for (const type of [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'image/png',
    'image/jpeg',
    'font/woff2',
    'application/octet-stream',
    undefined,
  ])
    t.false(compressible(type), String(type));
});

test('a compressed answer carries the ETag weakened, and revalidates against it', async (t) => {
  const br = await wire.request('GET', '/api/v1/communities', BR);
  const plain = await wire.request('GET', '/api/v1/communities');
  t.regex(plain.headers.etag ?? '', /^"[\w-]+"$/);
  t.is(br.headers.etag, `W/${plain.headers.etag}`);
  const revalidated = await wire.request('GET', '/api/v1/communities', {
    ...BR,
    'If-None-Match': br.headers.etag!,
  });
  t.is(revalidated.status, 304);
  t.is(revalidated.raw.length, 0);
  t.true(zlib.constants.BROTLI_PARAM_QUALITY !== undefined);
});
