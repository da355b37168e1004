import { type ErrorCode, errorCodes, errorMessage } from '@timebank/shared';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { AppError } from './errors';

function language(accept: string | undefined): 'zh' | 'en' {
  return accept && /^en\b/i.test(accept.trim()) ? 'en' : 'zh';
}

/** Koa/http-errors thrown by middleware (body parser, router) carry a status and `expose`. */
function fromHttpError(err: unknown): AppError | undefined {
  const e = err as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.status === 413) return new AppError('request.too_large');
  if (e.status === 405) return new AppError('request.method_not_allowed');
  if (e.status === 404) return new AppError('request.not_found');
  if (e.type === 'entity.parse.failed' || /json/i.test(String((err as Error).message))) {
    return new AppError('request.malformed_json');
  }
  return new AppError('request.invalid', { reason: String((err as Error).message).slice(0, 200) });
}

/** First in the chain: every error leaves as `{ error: { code, message, details? } }`. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('request.not_found');
    } catch (err) {
      const known = err instanceof AppError ? err : fromHttpError(err);
      const code: ErrorCode = known?.code ?? 'server.internal';
      const status = known?.status ?? 500;
      if (!known) {
        // Internals go to the log only, never to the client.
        logger.error({ err, requestId: ctx.state.requestId }, 'unhandled error');
      }
      ctx.status = status;
      ctx.body = {
        error: {
          code,
          message: errorMessage(code, language(ctx.get('accept-language'))),
          ...(known?.details !== undefined ? { details: known.details } : {}),
        },
      };
      if (status === 429 && known?.details && typeof known.details === 'object') {
        const retry = (known.details as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retry) ctx.set('Retry-After', String(retry));
      }
    }
  };
}

export const knownStatus = (code: ErrorCode) => errorCodes[code].status;
