import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';

const SAFE_ID = /^[\w.-]{1,64}$/;

/** A request id on every request and response; one structured line per request. No headers, no bodies. */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      // The line costs ~1 µs to build; a logger set to warn or silent would drop it anyway.
      if (logger.isLevelEnabled('info')) logLine(logger, ctx, requestId, started);
    }
  };
}

function logLine(logger: Logger, ctx: Context, requestId: string, started: number) {
  const user = ctx.state.user as { id: number; role: string } | undefined;
  logger.info(
    {
      requestId,
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: user?.id,
      role: user?.role,
      errorCode: (ctx.body as { error?: { code?: string } } | undefined)?.error?.code,
    },
    'request',
  );
}

/** Set in `finally`: a thrown error (401, 400, 500…) skips the code after `await next()`. */
export const securityHeaders: Middleware = async (ctx, next) => {
  try {
    await next();
  } finally {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    const path = ctx.path;
    const api = path.startsWith('/api/');
    if (api) {
      // A route that answers HTML (the printable service record) sets its own narrow policy.
      if (ctx.status >= 400 || !ctx.response.get('Content-Security-Policy'))
        ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    } else if (!path.startsWith('/docs')) {
      ctx.set(
        'Content-Security-Policy',
        // Taro's H5 page sets its root font size with a small inline script and inlines its icon font.
        "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      );
    }
    // Static files and the docs assets set their own caching; everything else is never cached.
    if (api || !ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
  }
};
