import http from 'node:http';
import type net from 'node:net';
import test from 'ava';
import { createTestContext, type TestContext } from '../../helpers/context';

// Methods outside the API's (TRACE, PROPFIND, M-SEARCH) are 501 on every API path; a method the API
// knows on a path that does not take it is 405 with Allow. Both with JSON bodies. Over a real socket:
// node's client sends any method, supertest only its list.
let ctx: TestContext;
let server: http.Server;
let port: number;

test.before(async () => {
  ctx = await createTestContext();
  server = http.createServer(ctx.app.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
test.after.always(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

function call(method: string, path: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

test('TRACE, PROPFIND, M-SEARCH on API paths → 501 request.method_not_implemented', async (t) => {
  for (const method of ['TRACE', 'PROPFIND', 'M-SEARCH']) {
    for (const path of [
      '/api/v1/me',
      '/api/v1/activities/1',
      '/api/v1/communities',
      '/api/v1/no-such-thing',
    ]) {
      const r = await call(method, path);
      t.is(r.status, 501, `${method} ${path}: ${r.body}`);
      t.regex(r.headers['content-type'] ?? '', /^application\/json/);
      t.is(JSON.parse(r.body).error.code, 'request.method_not_implemented', `${method} ${path}`);
      t.is(r.headers['cache-control'], 'no-store');
    }
  }
});

test('a known method on a path that does not take it → 405 with Allow and a JSON body', async (t) => {
  for (const [method, path, allow] of [
    ['DELETE', '/api/v1/me', 'HEAD, GET'],
    ['PATCH', '/api/v1/communities', 'HEAD, GET'],
    ['PUT', '/api/v1/auth/password', 'POST'],
  ] as const) {
    const r = await call(method, path);
    t.is(r.status, 405, `${method} ${path}: ${r.body}`);
    t.is(JSON.parse(r.body).error.code, 'request.method_not_allowed');
    t.is(r.headers.allow, allow, `${method} ${path}`);
  }
});

test('OPTIONS on a known path lists its methods', async (t) => {
  const r = await call('OPTIONS', '/api/v1/me');
  t.is(r.status, 200);
  t.is(r.headers.allow, 'HEAD, GET');
});
