import { createHash, randomBytes } from 'node:crypto';
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

/** A subscribe message as the fake received it. */
export interface FakeSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  miniprogram_state?: string;
  lang?: string;
  data: Record<string, { value: string }>;
}

type Answer = { status: number; body: Record<string, unknown> };

/**
 * The fake's state: code2Session, access tokens (`/cgi-bin/token` and `/cgi-bin/stable_token`) and
 * `/cgi-bin/message/subscribe/send`, which records every accepted message. Tests queue failures
 * with `failNextSends` (an HTTP status or a WeChat errcode per call).
 */
export function createFakeWechat(expected: { appId: string; appSecret: string }) {
  const code2Session = fakeCode2Session(expected);
  const tokens = new Set<string>();
  const sent: FakeSubscribeMessage[] = [];
  const failures: Array<{ status?: number; errcode?: number }> = [];
  let tokenRequests = 0;

  function issueToken(appid: unknown, secret: unknown): Answer {
    if (appid !== expected.appId || secret !== expected.appSecret) {
      return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    }
    tokenRequests++;
    const token = `fake-token-${randomBytes(8).toString('hex')}`;
    tokens.add(token);
    return { status: 200, body: { access_token: token, expires_in: 7200 } };
  }

  function handle(method: string, pathname: string, query: URLSearchParams, body: unknown): Answer {
    if (pathname === '/sns/jscode2session') return code2Session(query);
    if (pathname === '/cgi-bin/token' && method === 'GET') {
      if (query.get('grant_type') !== 'client_credential')
        return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      return issueToken(query.get('appid'), query.get('secret'));
    }
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (pathname === '/cgi-bin/stable_token' && method === 'POST') {
      if (b.grant_type !== 'client_credential')
        return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      return issueToken(b.appid, b.secret);
    }
    if (pathname === '/cgi-bin/message/subscribe/send' && method === 'POST') {
      if (!tokens.has(query.get('access_token') ?? ''))
        return {
          status: 200,
          body: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' },
        };
      const failure = failures.shift();
      if (failure?.status) return { status: failure.status, body: { error: 'injected' } };
      if (failure?.errcode) return { status: 200, body: { errcode: failure.errcode, errmsg: 'injected' } };
      if (typeof b.touser !== 'string' || typeof b.template_id !== 'string' || !b.data)
        return { status: 200, body: { errcode: 47003, errmsg: 'argument invalid' } };
      sent.push(b as unknown as FakeSubscribeMessage);
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 404, body: { errcode: 404, errmsg: 'not found' } };
  }

  return {
    handle,
    /** Every subscribe message accepted, in order. */
    sent,
    /** How many access tokens were issued. */
    tokenRequests: () => tokenRequests,
    /** The next sends answer these instead of succeeding, one per call. */
    failNextSends(...next: Array<{ status?: number; errcode?: number }>) {
      failures.push(...next);
    },
    /** Forget every issued token, as WeChat does when a token is refreshed elsewhere. */
    revokeTokens() {
      tokens.clear();
    },
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 100_000) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}

/** Mounted under /__dev/wechat in development when WECHAT_FAKE is on. */
export function fakeWechatMiddleware(
  prefix: string,
  expected: { appId: string; appSecret: string },
): Middleware {
  const fake = createFakeWechat(expected);
  return async (ctx, next) => {
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    const pathname = ctx.path.slice(prefix.length);
    const body = ctx.method === 'POST' ? await readJson(ctx.req) : undefined;
    const r = fake.handle(ctx.method, pathname, new URLSearchParams(ctx.querystring), body);
    ctx.status = r.status;
    ctx.body = r.body;
  };
}

/** A separate HTTP server, as tests use it: a real client talks to it over loopback. */
export async function startFakeWechatServer(expected: { appId: string; appSecret: string }) {
  const fake = createFakeWechat(expected);
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    calls.push(url.pathname);
    void (async () => {
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      const r = fake.handle(req.method ?? 'GET', url.pathname, url.searchParams, body);
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    sent: fake.sent,
    tokenRequests: fake.tokenRequests,
    failNextSends: fake.failNextSends,
    revokeTokens: fake.revokeTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
