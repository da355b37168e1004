import { type ErrorCode, errorCodes, errorMessage, fieldMessage, type Problem } from '@timebank/shared';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, type FieldProblem } from './errors';

export type Lang = 'zh' | 'en';

export function language(accept: string | undefined): Lang {
  return accept && /^en\b/i.test(accept.trim()) ? 'en' : 'zh';
}

const locales = { zh: z.locales.zhCN(), en: z.locales.en() };

/**
 * A field problem in the request's language: a message key of the shared table, or zod's own check
 * rendered by zod's locale for that language.
 */
export function renderProblem(p: FieldProblem, lang: Lang): Problem {
  const issue = p.issue as (z.core.$ZodIssue & { message?: string }) | undefined;
  const key = p.message ?? issue?.message;
  const own = key ? fieldMessage(key, lang) : undefined;
  let message = own;
  if (message === undefined && issue && issue.code !== 'custom') {
    // zod's locale functions take the raw issue; the result is a string or an object with a message.
    const r = locales[lang].localeError(issue as never) as string | { message: string } | undefined;
    message = typeof r === 'string' ? r : r?.message;
  }
  return { path: p.path, code: p.code, message: message ?? key ?? errorMessage('request.invalid', lang) };
}

/** Koa/http-errors thrown by middleware (body parser, router) carry a status and `expose`. */
function fromHttpError(err: unknown): AppError | undefined {
  const e = err as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof e?.status !== 'number' || e.status < 400) return undefined;
  if (e.status === 501) return new AppError('request.method_not_implemented');
  if (e.status >= 500) return undefined;
  if (e.status === 413) return new AppError('request.too_large');
  if (e.status === 415) return new AppError('request.unsupported_media_type');
  if (e.status === 405) return new AppError('request.method_not_allowed');
  if (e.status === 404) return new AppError('request.not_found');
  if (e.status === 408) return new AppError('request.timeout');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new AppError('request.unsupported_media_type');
  }
  if (e.type === 'entity.parse.failed' || /json/i.test(String((err as Error).message))) {
    return new AppError('request.malformed_json');
  }
  return new AppError('request.invalid', [
    { path: '', code: 'http', message: String((err as Error).message).slice(0, 200) },
  ]);
}

/** A failed decompression of the body (Content-Encoding that does not match it). */
function isBadEncoding(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    /^(Z_DATA_ERROR|Z_BUF_ERROR|Z_NEED_DICT|ERR_BROTLI_DECOMPRESSION_FAILED|ERR__ERROR_FORMAT_PADDING_1)$/.test(
      code,
    )
  );
}

/** The JSON error body for a code, as every error leaves: `{ error: { code, message, details?, meta? } }`. */
export function errorBody(
  code: ErrorCode,
  lang: Lang,
  details?: FieldProblem[],
  meta?: Record<string, unknown>,
) {
  return {
    error: {
      code,
      message: errorMessage(code, lang),
      ...(details ? { details: details.map((d) => renderProblem(d, lang)) } : {}),
      ...(meta ? { meta } : {}),
    },
  };
}

/** First in the chain: every error leaves as `{ error: { code, message, details?, meta? } }`. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('request.not_found');
    } catch (err) {
      const known =
        err instanceof AppError
          ? err
          : isBadEncoding(err)
            ? new AppError('request.bad_encoding')
            : fromHttpError(err);
      const code: ErrorCode = known?.code ?? 'server.internal';
      const status = known?.status ?? 500;
      if (!known) {
        // Internals go to the log only, never to the client.
        logger.error({ err, requestId: ctx.state.requestId }, 'unhandled error');
      }
      const headers = (err as { headers?: Record<string, string> })?.headers;
      if (status === 405 && headers?.Allow) ctx.set('Allow', headers.Allow);
      ctx.status = status;
      ctx.body = errorBody(code, language(ctx.get('accept-language')), known?.details, known?.meta);
      const retry = known?.meta?.retryAfterSeconds;
      if (status === 429 && typeof retry === 'number' && retry > 0) ctx.set('Retry-After', String(retry));
    }
  };
}

export const knownStatus = (code: ErrorCode) => errorCodes[code].status;
