import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Middleware } from 'koa';

/** The openid the fake answers for the code `dev:<who>`. */
export function fakeOpenid(who: string): string {
  return `o${createHash('sha256').update(who).digest('base64url').slice(0, 27)}`;
}

/**
 * A stand-in for WeChat's code2Session, for development and tests. A code `dev:<name>` always maps
 * to the same openid, so a developer can sign in as the same volunteer again; the code `invalid`
 * answers WeChat's errcode 40029.
 */
export function fakeCode2Session(expected: { appId: string; appSecret: string }) {
  return (query: URLSearchParams): { status: number; body: Record<string, unknown> } => {
    if (query.get('appid') !== expected.appId || query.get('secret') !== expected.appSecret) {
      return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    }
    const code = query.get('js_code') ?? '';
    if (!code || code === 'invalid') return { status: 200, body: { errcode: 40029, errmsg: 'invalid code' } };
    if (code === 'busy') return { status: 200, body: { errcode: -1, errmsg: 'system busy' } };
    const who = code.startsWith('dev:') ? code.slice(4) : code;
    const openid = fakeOpenid(who);
    return {
      status: 200,
      body: { openid, session_key: createHash('sha256').update(`sk${who}`).digest('base64') },
    };
  };
}

/** Mounted under /__dev/wechat in development when WECHAT_FAKE is on. */
export function fakeWechatMiddleware(
  prefix: string,
  expected: { appId: string; appSecret: string },
): Middleware {
  const answer = fakeCode2Session(expected);
  return async (ctx, next) => {
    if (ctx.path !== `${prefix}/sns/jscode2session`) return next();
    const r = answer(new URLSearchParams(ctx.querystring));
    ctx.status = r.status;
    ctx.body = r.body;
  };
}

/** A separate HTTP server, as tests use it: a real client talks to it over loopback. */
export async function startFakeWechatServer(expected: { appId: string; appSecret: string }) {
  const answer = fakeCode2Session(expected);
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    calls.push(url.pathname);
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const r = answer(url.searchParams);
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
