/**
 * The load generator's raw-socket client reads answers the way the bench needs them: status and body,
 * with Content-Length or chunked, split across packets, on kept-alive or closed connections.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { closedLoop, fixedRate, type Req } from '../../bench/load';

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const connections = new Set<unknown>();
  server.on('connection', (s) => connections.add(s));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () => new Promise<void>((r) => server.close(() => r())).then(() => server.closeAllConnections()),
  };
}

function requests(n: number, make: (i: number) => Req) {
  let i = 0;
  return () => (i < n ? make(i++) : null);
}

test('Content-Length and chunked answers, split across writes, are read whole on kept-alive connections', async (t) => {
  const s = await serve((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const echo = JSON.stringify({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body,
      });
      if (req.url?.startsWith('/chunked')) {
        // No length: node sends it chunked, in two chunks with a pause between them.
        res.writeHead(201, { 'content-type': 'application/json' });
        res.write(echo.slice(0, 10));
        setTimeout(() => res.end(echo.slice(10)), 2);
      } else {
        const bytes = Buffer.from(`${echo}…`); // a multi-byte character at the end
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-length': bytes.length });
        res.write(bytes.subarray(0, 5));
        setTimeout(() => res.end(bytes.subarray(5)), 1);
      }
    });
  });
  try {
    for (const path of ['/plain', '/chunked', '/missing']) {
      const r = await closedLoop(path, s.port, {
        connections: 4,
        durationMs: 10_000,
        maxRequests: 200,
        next: requests(200, (i) => ({
          method: 'POST',
          path: `${path}?i=${i}`,
          token: 'tok',
          body: { i, name: '王阿姨' },
          ok: (status, body) => {
            const expected = path === '/chunked' ? 201 : path === '/missing' ? 404 : 200;
            const json = JSON.parse(path === '/chunked' ? body : body.slice(0, -1));
            return (
              status === expected &&
              json.url === `${path}?i=${i}` &&
              json.auth === 'Bearer tok' &&
              JSON.parse(json.body).name === '王阿姨' &&
              (path === '/chunked' || body.endsWith('…'))
            );
          },
        })),
      });
      t.is(r.n, 200, path);
      t.is(r.good, 200, `${path}: ${r.samples.join(' | ')}`);
    }
    t.true(s.connections.size <= 12, `kept alive: ${s.connections.size} connections for 600 requests`);
  } finally {
    await s.close();
  }
});

test('a server that closes each connection after answering: the next request opens another', async (t) => {
  const s = await serve((_req, res) => {
    res.writeHead(200, { connection: 'close', 'content-length': 2 });
    res.end('ok');
  });
  try {
    const r = await closedLoop('close', s.port, {
      connections: 3,
      durationMs: 10_000,
      maxRequests: 60,
      next: requests(60, () => ({ method: 'GET', path: '/', ok: (st, b) => st === 200 && b === 'ok' })),
    });
    t.is(r.good, 60, r.samples.join(' | '));
    t.true(s.connections.size >= 20, `${s.connections.size} connections`);
  } finally {
    await s.close();
  }
});

test('fixed rate: every due request is sent, latency counted from when it was due; a refused port is a bad answer, not a hang', async (t) => {
  const s = await serve((_req, res) => {
    setTimeout(() => res.end('{}'), 5);
  });
  try {
    const r = await fixedRate('rate', s.port, {
      rate: 200,
      durationMs: 500,
      maxInFlight: 8,
      next: () => ({ method: 'GET', path: '/' }),
    });
    t.is(r.n, 100);
    t.is(r.good, 100);
    t.true(r.p50 >= 5, `p50 ${r.p50}`);
  } finally {
    await s.close();
  }
  const refused = await closedLoop('refused', s.port, {
    connections: 2,
    durationMs: 5000,
    maxRequests: 4,
    next: () => ({ method: 'GET', path: '/' }),
  });
  t.is(refused.n, 4);
  t.is(refused.bad, 4);
  t.regex(refused.samples[0] ?? '', / → 0 /);
});
