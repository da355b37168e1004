import Router from '@koa/router';
import { type ErrorCode, invalidText, type Role } from '@timebank/shared';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import type { Tx } from '../db/client';
import { type CommitHook, runWithCommitHook } from '../db/tx';
import { type AuditNote, runWithAuditNote } from '../modules/audit/audit.note';
import { type Access, type Action, authorize, POLICY } from '../policy/policy';
import { runInScope } from '../scope';
import { encodedBody } from './encoded';
import { AppError, fail, isDatabaseUnavailable } from './errors';

export interface AuthUser {
  id: number;
  role: Role;
  communityId: number;
}

export type { Access } from '../policy/policy';

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** What the route does, in the policy's action table: who may call it comes from there. */
  action: Action;
  /** Who may call it (the action's entry in the policy), for the OpenAPI document and the error codes. */
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  status?: number;
  errors?: readonly string[];
  /** A limit per signed-in user (or per address for public routes), shared by every API process. */
  limit?: { max: number; windowSeconds: number };
  /** Recorded in the audit log when an officer calls it: every write, and reads marked so (exports). */
  audit?: boolean;
  /**
   * The JSON body of the success answer (a schema from `@timebank/shared`): published in the OpenAPI
   * document, the mini-program's types are inferred from it, and in test runs every answer is checked
   * against it (a mismatch fails the request with a 500 and a log line naming the route).
   */
  response?: z.ZodType;
  /** A route that answers a file instead of JSON: its media types (CSV, XLSX, an HTML page). */
  files?: readonly string[];
  /**
   * A write that may be repeated with the same effect (it carries its own idempotency key, e.g. one
   * ledger line per attendance): like a GET, it is run once more when the database connection is
   * lost under it. Any other write answers 503 `server.unavailable` with Retry-After instead.
   */
  idempotent?: true;
}

/** Wait before the one retry of a request whose database connection was lost (a new one is taken). */
const RETRY_AFTER_LOST_MS = 100;

/**
 * Runs `fn` once more when the database connection was lost under it (a failover, a restart: the
 * pool drops the broken client, so the retry runs on a new one). For idempotent requests only.
 */
async function retriedOnce<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    (ctx.state as { dbRetried?: boolean }).dbRetried = true;
    await new Promise((r) => setTimeout(r, RETRY_AFTER_LOST_MS));
    return fn();
  }
}

/** Codes any route can answer beside its own, by what the route takes (see `routeErrorCodes`). */
export function routeErrorCodes(
  spec: Pick<RouteSpec, 'method' | 'access' | 'body' | 'query' | 'params' | 'limit' | 'errors'>,
): ErrorCode[] {
  const codes = new Set<ErrorCode>((spec.errors ?? []) as ErrorCode[]);
  if (spec.body || spec.query || spec.params) codes.add('request.invalid');
  if (spec.body) codes.add('request.unsupported_media_type');
  // The body parser reads any POST, PUT or PATCH body before the route, whether it takes one or not.
  if (spec.body || spec.method === 'post' || spec.method === 'put' || spec.method === 'patch') {
    codes.add('request.malformed_json');
    codes.add('request.too_large');
    codes.add('request.bad_encoding');
    codes.add('request.unsupported_media_type');
  }
  if (spec.access !== 'public') {
    codes.add('auth.required');
    codes.add('auth.invalid_token');
    codes.add('auth.account_disabled');
  }
  if (Array.isArray(spec.access)) codes.add('auth.forbidden');
  if (spec.limit) codes.add('rate_limited');
  return [...codes];
}

/**
 * Whether a route's calls go to the after-route hook (the audit log). Reads that are not marked run
 * without the audit note's async context and skip the hook: together ~9 µs of a ~60 µs cached read.
 */
export function auditedRoute(spec: Pick<RouteSpec, 'method' | 'audit'>): boolean {
  return spec.audit ?? spec.method !== 'get';
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q, P, U> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  user: U;
  ctx: Context;
}

export type Authenticate = (ctx: Context) => Promise<AuthUser | undefined>;
export type Limiter = (
  key: string,
  max: number,
  windowSeconds: number,
) => Promise<{ allowed: boolean; retryAfterSeconds: number }>;

/** What a route did, for a hook that runs after its handler succeeds (the audit log). */
export interface RouteDone {
  spec: RouteSpec;
  user: AuthUser | undefined;
  params: unknown;
  query: unknown;
  body: unknown;
  result: unknown;
  ctx: Context;
  /** What the handler's services noted for the audit log (`noteAudit`), also in `ctx.state.audit`. */
  note: AuditNote;
  /** `beforeCommit` already recorded this request inside the service's own transaction. */
  recorded: boolean;
}
export type AfterRoute = (done: RouteDone) => Promise<void> | void;
/**
 * Called inside the (outermost) transaction a write's service opens, just before it commits, with what
 * is known before the answer; true when it recorded the request there (see `CommitHook`).
 */
export type BeforeCommit = (done: Omit<RouteDone, 'result' | 'recorded'>, tx: Tx) => Promise<boolean>;

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(
      'request.invalid',
      result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, issue: i })),
    );
  }
  return result.data;
}

/** The methods @koa/router implements (its default list); any other is 501. */
const IMPLEMENTED = new Set(['HEAD', 'OPTIONS', 'GET', 'PUT', 'PATCH', 'POST', 'DELETE']);

/**
 * Thin routes: authenticate, check the role, validate with the shared zod schemas, call a service,
 * answer. Every route is recorded for the OpenAPI document.
 */
export function createApi(
  authenticate: Authenticate,
  limiter?: Limiter,
  prefix = '/api/v1',
  afterRoute?: AfterRoute,
  beforeCommit?: BeforeCommit,
  opts: {
    checkResponses?: boolean;
    /** A GET by this user reads from the leader (inside their read-your-writes window). */
    readsFromLeader?: (user: AuthUser) => boolean;
  } = {},
) {
  // One router per first path segment (/me, /merchants, /activities…): a request is matched against
  // the few routes of its own segment instead of every route of the API, which cost ~10 µs a request
  // at ~100 routes. @koa/router matches paths case-insensitively; so does the segment lookup.
  const routers = new Map<string, Router>();
  const specs: RouteSpec[] = [];

  function routerFor(path: string) {
    const seg = /^\/([^/:]+)/.exec(path)?.[1]?.toLowerCase();
    if (!seg) throw new Error(`route ${path}: an API path starts with a literal segment`);
    let r = routers.get(seg);
    if (!r) {
      r = new Router({ prefix });
      routers.set(seg, r);
    }
    return r;
  }

  function route<
    B extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
    A extends Action = Action,
  >(
    spec: Omit<RouteSpec, 'body' | 'query' | 'params' | 'access' | 'action'> & {
      action: A;
      body?: B;
      query?: Q;
      params?: P;
    },
    handler: (
      input: RouteInput<B, Q, P, (typeof POLICY)[A] extends 'public' ? AuthUser | undefined : AuthUser>,
    ) => Promise<unknown> | unknown,
  ) {
    const access: Access = POLICY[spec.action];
    const own = { ...spec, access } as RouteSpec;
    const full = { ...own, path: prefix + spec.path };
    specs.push(full);
    const audited = auditedRoute(spec);
    const retryable = spec.method === 'get' || spec.idempotent === true;
    const call = opts.checkResponses ? checked(full) : direct;
    routerFor(spec.path)[spec.method](spec.path, async (ctx) => {
      // On a public route a stale or foreign token is no reason to refuse: the caller is anonymous.
      const user = access === 'public' ? await authenticate(ctx).catch(anonymous) : await authenticate(ctx);
      authorize(user, spec.action);
      // Public routes (sign-in) count every attempt; for signed-in users a request refused by
      // validation does not use up the quota of an expensive operation.
      const limit = spec.limit && limiter ? () => consume(limiter, own, ctx, user) : undefined;
      if (limit && access === 'public') await limit();
      if (spec.body) requireJsonBody(ctx);
      refuseInvalidText(ctx, own);
      const input = {
        body: spec.body ? parseInput(spec.body, ctx.request.body ?? {}) : undefined,
        query: spec.query ? parseInput(spec.query, ctx.query) : undefined,
        params: spec.params ? parseInput(spec.params, ctx.params) : undefined,
        user,
        ctx,
      } as unknown as RouteInput<
        B,
        Q,
        P,
        (typeof POLICY)[A] extends 'public' ? AuthUser | undefined : AuthUser
      >;
      if (limit && access !== 'public') await limit();
      // Reads that may be a moment old come from a replica, but a recent writer's (db/reads.ts).
      const reads =
        spec.method === 'get' && opts.readsFromLeader
          ? user && opts.readsFromLeader(user)
            ? 'leader'
            : 'replica'
          : undefined;
      const scoped = <T>(fn: () => T): T => (reads ? runInScope({ reads }, fn) : fn());
      // A lost connection: an idempotent request is run once more, any other answers 503.
      const within = retryable
        ? <T>(fn: () => Promise<T>): Promise<T> => retriedOnce(ctx, () => scoped(fn))
        : scoped;
      if (!audited) return answer(ctx, spec, await within(async () => call(handler, input)));
      const note: AuditNote = {};
      ctx.state.audit = note;
      const { params, query, body } = input;
      const partial = { spec: own, user, params, query, body, ctx, note };
      // 'pending': written in a transaction not yet committed; 'done': committed with the change.
      let recorded = 'no' as 'no' | 'pending' | 'done';
      const hook: CommitHook | undefined =
        beforeCommit && spec.method !== 'get'
          ? {
              async beforeCommit(tx) {
                if (recorded === 'no' && (await beforeCommit(partial, tx))) recorded = 'pending';
              },
              committed() {
                if (recorded === 'pending') recorded = 'done';
              },
              rolledBack() {
                if (recorded === 'pending') recorded = 'no';
              },
            }
          : undefined;
      const run = () => runWithAuditNote(note, () => call(handler, input));
      const result = await within(async () => (hook ? runWithCommitHook(hook, run) : run()));
      if (afterRoute) await afterRoute({ ...partial, result, recorded: recorded === 'done' });
      answer(ctx, spec, result);
    });
  }

  let bySegment: Map<string, Middleware> | undefined;
  /** The API's routes (405 for a known path with another method); other paths go on to `next`. */
  const routes: Middleware = (ctx, next) => {
    bySegment ??= new Map(
      [...routers].map(([seg, r]) => {
        // Koa's app.use takes these two the same way (its context is the router's once they run).
        const matched = r.routes() as unknown as Middleware;
        // Not thrown: the router sets Allow only on the answer it makes itself. A known path with
        // another method is 405 with Allow; a method the API does not implement, 501.
        const allowed = r.allowedMethods({ throw: false }) as unknown as Middleware;
        const both: Middleware = async (ctx, next) => {
          await matched(ctx, () => allowed(ctx, next));
          if (ctx.body === undefined && ctx.status === 405) throw new AppError('request.method_not_allowed');
        };
        return [seg, both];
      }),
    );
    const path = ctx.path;
    const from = prefix.length + 1;
    if (path.length <= from || path[prefix.length] !== '/') return next();
    if (!path.startsWith(prefix) && path.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase())
      return next();
    // TRACE, PROPFIND, M-SEARCH…: not a method of this API, on any of its paths.
    if (!IMPLEMENTED.has(ctx.method)) throw new AppError('request.method_not_implemented');
    const end = path.indexOf('/', from);
    const mw = bySegment.get(path.slice(from, end < 0 ? undefined : end).toLowerCase());
    return mw ? mw(ctx, next) : next();
  };

  return { routes, specs, route };
}

function anonymous(err: unknown): undefined {
  if (
    err instanceof AppError &&
    (err.code === 'auth.invalid_token' || err.code === 'auth.account_disabled')
  ) {
    return undefined;
  }
  throw err;
}

/** A route that takes a body takes JSON: any other body is refused, never silently ignored. */
function requireJsonBody(ctx: Context) {
  const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return;
  // JSON in UTF-8 only: a merge-patch, a form or another charset would be read as something else.
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(ctx.get('content-type'))?.[2]?.toLowerCase();
  if (!ctx.is('application/json') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    fail('request.unsupported_media_type');
  }
}

/** NUL bytes, control characters, lone surrogates and U+FFFD (broken UTF-8) in any field: 400. */
function refuseInvalidText(ctx: Context, spec: RouteSpec) {
  for (const value of [spec.params && ctx.params, spec.query && ctx.query, spec.body && ctx.request.body]) {
    const path = value ? invalidText(value) : undefined;
    if (path !== undefined)
      fail('request.invalid', [{ path, code: 'invalid_text', message: 'invalid_text' }]);
  }
}

async function consume(limiter: Limiter, spec: RouteSpec, ctx: Context, user: AuthUser | undefined) {
  const limit = spec.limit;
  if (!limit) return;
  const who = user ? `user:${user.id}` : `ip:${ctx.ip}`;
  const r = await limiter(`route:${spec.method}:${spec.path}:${who}`, limit.max, limit.windowSeconds);
  if (!r.allowed) throw new AppError('rate_limited', { retryAfterSeconds: r.retryAfterSeconds });
}

// biome-ignore lint/suspicious/noExplicitAny: the handler's input type is the route's own.
type Handler = (input: any) => Promise<unknown> | unknown;
const direct = (handler: Handler, input: unknown) => handler(input);

/** A route's answer as it goes on the wire (Dates as strings, encoded lists parsed back). */
function onTheWire(result: unknown): unknown {
  const encoded = encodedBody(result);
  return JSON.parse(encoded ? encoded.toString('utf8') : JSON.stringify(result));
}

/**
 * The test-time guard: every answer matches the route's response schema and every refusal is a code
 * the route declares. A mismatch is thrown as an internal error, so the test that made it fails.
 */
function checked(spec: RouteSpec) {
  const declared = new Set<string>(routeErrorCodes(spec));
  const where = `${spec.method.toUpperCase()} ${spec.path}`;
  return async (handler: Handler, input: unknown) => {
    let result: unknown;
    try {
      result = await handler(input);
    } catch (err) {
      if (err instanceof AppError && !declared.has(err.code) && !err.code.startsWith('server.')) {
        throw new Error(`${where} answered ${err.code}, which its route does not declare`);
      }
      throw err;
    }
    if (spec.files) return result;
    if (!spec.response) {
      if (result === undefined) return result;
      throw new Error(`${where} answered a body but declares no response schema`);
    }
    const parsed = spec.response.safeParse(onTheWire(result));
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new Error(`${where} answered outside its response schema: ${issues}`);
    }
    return result;
  };
}

function answer(ctx: Context, spec: Pick<RouteSpec, 'status'>, result: unknown) {
  ctx.status = spec.status ?? (result === undefined ? 204 : 200);
  if (result === undefined) return;
  const encoded = encodedBody(result);
  if (encoded) {
    // The type first: a Buffer body set before it would look up 'bin' and then be overwritten.
    ctx.set('Content-Type', 'application/json; charset=utf-8');
    ctx.body = encoded;
  } else {
    ctx.body = result;
  }
}

export type Api = ReturnType<typeof createApi>;
