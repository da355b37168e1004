import type http from 'node:http';
import net from 'node:net';
import test from 'ava';
import { createHttpServer } from '../../../server/src/http/server';
import { createTestContext, type TestContext } from '../../helpers/context';

// Node's own refusals, before Koa sees the request, against a real listening server: each answers
// the API's JSON error body (node's defaults have none).
let ctx: TestContext;
let server: http.Server;
let port: number;

test.before(async () => {
  ctx = await createTestContext();
  server = createHttpServer({
    headersTimeoutMs: 300,
    requestTimeoutMs: 600,
    connectionsCheckingIntervalMs: 50,
    maxHeaderSize: 8 * 1024,
  });
  server.on('request', ctx.app.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
test.after.always(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

/** Writes `raw`, then reads until the server closes the connection (or `ms` pass). */
function exchange(raw: string, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${ms} ms; got: ${out}`));
    }, ms);
    socket.on('data', (b) => {
      out += b.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.write(raw);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(lines[0]?.split(' ')[1]), headers, body };
}

function assertJsonError(t: import('ava').ExecutionContext, answer: string, status: number, code: string) {
  const r = parse(answer);
  t.is(r.status, status, answer);
  t.regex(r.headers['content-type'] ?? '', /^application\/json/);
  t.is(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  const body = JSON.parse(r.body);
  t.is(body.error.code, code);
  t.true(typeof body.error.message === 'string' && body.error.message.length > 0);
}

test('headers over the limit → 431 request.headers_too_large with a JSON body', async (t) => {
  const answer = await exchange(
    `GET /api/v1/communities HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`,
  );
  assertJsonError(t, answer, 431, 'request.headers_too_large');
});

test('a request that does not parse → 400 request.invalid with a JSON body', async (t) => {
  assertJsonError(t, await exchange('HELLO\r\n\r\n'), 400, 'request.invalid');
  assertJsonError(t, await exchange('GET / HTTP/1.1\r\nBad Header\r\n\r\n'), 400, 'request.invalid');
});

test('headers that do not arrive in time → 408 request.timeout with a JSON body', async (t) => {
  // The request line and one header, then nothing.
  assertJsonError(
    t,
    await exchange('GET /api/v1/communities HTTP/1.1\r\nHost: x\r\n'),
    408,
    'request.timeout',
  );
});

test('a body that does not arrive in time → 408 request.timeout with a JSON body', async (t) => {
  const answer = await exchange(
    'POST /api/v1/auth/password HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
  );
  t.regex(answer, /^HTTP\/1\.1 408 /);
  t.regex(answer, /"code":"request\.timeout"/);
});

test('an ordinary request on the same server is answered as usual', async (t) => {
  const r = parse(await exchange('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  t.is(r.status, 200);
  t.deepEqual(JSON.parse(r.body), { status: 'ok' });
});
