/**
 * The one request wrapper: adds the Bearer token, prefixes the API base, and turns every non-2xx
 * answer into an ApiError carrying the stable `error.code` from the server.
 */
import Taro from '@tarojs/taro';
import type { ErrorBody } from '@timebank/shared';
import { NETWORK_ERROR, needsSignIn } from '../logic/errors';
import { type Query, withQuery } from '../logic/query';
import { currentLang } from './prefs';
import { clearSession, currentSession } from './session';

/** '' in h5 (same origin), a full URL in weapp; set by defineConstants in config/index.ts. */
export const API_PREFIX = `${typeof API_BASE === 'string' ? API_BASE : ''}/api/v1`;

export type { Query };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  opts: { body?: unknown; query?: Query; auth?: boolean } = {},
): Promise<T> {
  const header: Record<string, string> = { 'Accept-Language': currentLang() };
  if (opts.body !== undefined) header['Content-Type'] = 'application/json';
  if (opts.auth !== false) {
    const s = currentSession();
    if (s) header.Authorization = `Bearer ${s.token}`;
  }
  let res: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>;
  try {
    res = await Taro.request({
      url: API_PREFIX + withQuery(path, opts.query),
      method,
      data: opts.body as TaroGeneral.IAnyObject | undefined,
      header,
      dataType: 'json',
      timeout: 15_000,
    });
  } catch (e) {
    throw new ApiError(NETWORK_ERROR, 0, e instanceof Error ? e.message : String(e));
  }
  const status = res.statusCode;
  const data = typeof res.data === 'string' && res.data !== '' ? safeJson(res.data) : res.data;
  if (status >= 200 && status < 300) return data as T;
  const err = (data as ErrorBody | null)?.error;
  const code =
    typeof err?.code === 'string' ? err.code : status >= 500 ? 'server.internal' : 'request.invalid';
  if (needsSignIn(code)) clearSession();
  throw new ApiError(code, status, err?.message ?? `HTTP ${status}`, err?.details);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
};
