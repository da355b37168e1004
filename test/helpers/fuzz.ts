/**
 * Schema-driven requests for the fuzz test (test/server/http/fuzz.test.ts): valid ones generated from
 * the OpenAPI document's schemas, and invalid ones made by one mutation each (boundary integers,
 * non-canonical ids, NUL bytes, lone surrogates, overlong strings, wrong types, missing and extra
 * fields, wrong content types and encodings, odd methods). Deterministic from a seed.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
};
export interface Operation {
  method: string;
  path: string;
  tag: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  body?: Schema;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  /** Public operations (`security: []`) treat a bad Authorization header as no header. */
  public: boolean;
}
export interface OpenApi {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, unknown> };
}

/** An operation's responses with the shared ones (`components.responses`) written in place. */
export function resolvedResponses(doc: Pick<OpenApi, 'components'>, responses: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(responses).map(([status, r]) => {
      const ref = (r as { $ref?: string }).$ref;
      return [status, ref ? doc.components.responses?.[ref.split('/').pop()!] : r];
    }),
  );
}

export function operations(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method,
      path,
      tag: (op.tags as string[])[0]!,
      params: (op.parameters ?? []) as Operation['params'],
      body: (op.requestBody as { content: { 'application/json': { schema: Schema } } } | undefined)?.content[
        'application/json'
      ].schema,
      responses: resolvedResponses(doc, op.responses as Record<string, unknown>) as Operation['responses'],
      public: Array.isArray(op.security) && op.security.length === 0,
    })),
  );
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rnd = ReturnType<typeof prng>;

// ---------------------------------------------------------------- OpenAPI 3.0 → JSON Schema, ajv

/** OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum` in JSON Schema terms; refs into `$defs`. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...s } = node as Schema & { nullable?: boolean };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out[k] = String(v).replace('#/components/schemas/', '#/$defs/');
    else if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, toJsonSchema(x)]));
    else out[k] = toJsonSchema(v);
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Validates answers against the document's schemas (compiled once per schema object). */
export function validator(doc: OpenApi) {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: false, validateFormats: true }));
  const $defs = toJsonSchema(doc.components.schemas);
  const cache = new Map<Schema, ValidateFunction>();
  return (schema: Schema, value: unknown): string | undefined => {
    let v = cache.get(schema);
    if (!v) {
      v = ajv.compile({ ...(toJsonSchema(schema) as object), $defs });
      cache.set(schema, v);
    }
    if (v(value)) return undefined;
    return (v.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
  };
}

// ---------------------------------------------------------------- valid values from schemas

/** Real ids of the seeded world by kind (`activities`, `users`…), for ids in paths and bodies. */
export type Pools = Record<string, (number | string)[]>;

const DAY = 86_400_000;
const idKind: Record<string, string> = {
  activityId: 'activities',
  userId: 'users',
  actorId: 'users',
  proposalId: 'proposals',
  communityId: 'communities',
  merchantId: 'merchants',
  householdId: 'households',
  verificationId: 'verifications',
  certificateId: 'certificates',
  before: 'any',
};
/** The pool for a path parameter: named by the segment before it (`/activities/{id}` → activities). */
export function pathKind(path: string, param: string): string {
  const segs = path.split('/');
  const i = segs.indexOf(`{${param}}`);
  const seg = segs[i - 1] ?? '';
  return param === 'userId'
    ? 'users'
    : (({ posts: 'board_posts', proxies: 'users' } as Record<string, string>)[seg] ?? seg);
}

export function generate(
  schema: Schema,
  rnd: Rnd,
  ctx: { pools: Pools; now: number; name?: string; defs: Record<string, Schema> },
): unknown {
  const s = schema.$ref ? ctx.defs[schema.$ref.split('/').pop()!]! : schema;
  if (s.enum) return rnd.pick(s.enum);
  if (s.const !== undefined) return s.const;
  const union = s.anyOf ?? s.oneOf;
  if (union) return generate(rnd.pick(union), rnd, ctx);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => generate(x, rnd, ctx)));
  if (s.nullable && rnd.chance(0.1)) return null;
  const min = (s.minimum as number | undefined) ?? 0;
  const max = (s.maximum as number | undefined) ?? min + 1000;
  switch (s.type) {
    case 'boolean':
      return rnd.chance(0.5);
    case 'integer': {
      const kind = ctx.name && (idKind[ctx.name] ?? (/Id$/.test(ctx.name) ? 'any' : undefined));
      const pool = kind ? (ctx.pools[kind] ?? ctx.pools.any) : undefined;
      if (pool?.length && rnd.chance(0.9)) return rnd.pick(pool);
      const lo = s.exclusiveMinimum === true ? min + 1 : min;
      return rnd.int(lo, Math.min(max, lo + 60));
    }
    case 'number':
      return Math.round((min + rnd.next() * Math.min(max - min, 1000)) * 1e4) / 1e4;
    case 'string':
      return genString(s, rnd, ctx);
    case 'array': {
      const n = rnd.int(
        (s.minItems as number) ?? 0,
        Math.min((s.maxItems as number) ?? 3, ((s.minItems as number) ?? 0) + 2),
      );
      const items = Array.from({ length: n }, () =>
        generate(s.items ?? {}, rnd, { ...ctx, name: ctx.name === 'ids' ? 'any' : ctx.name }),
      );
      return s.uniqueItems ? [...new Set(items)] : items;
    }
    default: {
      if (!s.properties) return s.type === 'object' ? {} : 'x';
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties)) {
        if (s.required?.includes(k) || rnd.chance(0.5)) out[k] = generate(p, rnd, { ...ctx, name: k });
      }
      return out;
    }
  }
}

const CJK = '社区时间银行爱心商家联盟志愿者服务老人助浴清扫';
const patterns = new Map<string, fc.Arbitrary<string>>();

function genString(s: Schema, rnd: Rnd, ctx: { now: number }): string {
  if (s.format === 'date-time')
    return new Date(ctx.now + rnd.int(-3, 30) * DAY + rnd.int(0, 23) * 3_600_000).toISOString();
  if (s.format === 'date') return new Date(ctx.now + rnd.int(-40, 20) * DAY).toISOString().slice(0, 10);
  if (s.format === 'uri') return `https://example.invalid/p${rnd.int(1, 99)}.jpg`;
  if (typeof s.pattern === 'string') {
    const arb = patterns.get(s.pattern) ?? fc.stringMatching(new RegExp(s.pattern));
    patterns.set(s.pattern, arb);
    return fc.sample(arb, { seed: rnd.int(0, 2 ** 30), numRuns: 1 })[0]!;
  }
  const lo = (s.minLength as number | undefined) ?? 1;
  const n = rnd.int(lo, Math.min((s.maxLength as number | undefined) ?? 40, lo + 12));
  return Array.from({ length: n }, () => rnd.pick([...CJK, 'a', 'b', ' ', '1'])).join('');
}

// ---------------------------------------------------------------- invalid values and requests

/** Path ids that are not the canonical decimal of an int32 ≥ 1. */
export const badIds = [
  '2147483648',
  '9007199254740991',
  '9007199254740993',
  '-1',
  '0',
  '01',
  '1e3',
  '0x10',
  '1.0',
  ' 1',
  '1abc',
  'true',
  '%00',
  '%ED%A0%80',
  'NaN',
  'Infinity',
];

/** Values a field of this schema must refuse (one is picked per invalid request). */
export function badValues(s: Schema): unknown[] {
  const long = 'x'.repeat(((s.maxLength as number | undefined) ?? 10_000) + 1);
  const common = [null, [], {}, true];
  switch (s.type) {
    case 'integer':
      return [2147483648, 9007199254740991, -2147483649, 1.5, '1', '01', 1e21, -0.5, ...common];
    case 'number':
      return [1e308, -1e308, '1', 'NaN', ...common];
    case 'string':
      return [
        '',
        long,
        '\u0000',
        'a\u0000b',
        '\ud800',
        'x\udfffy',
        123,
        s.enum ? 'not-a-value' : long,
        ...common,
      ];
    case 'boolean':
      return ['true', 1, 0, null, []];
    case 'array':
      return [
        'x',
        1,
        Array.from({ length: ((s.maxItems as number | undefined) ?? 1000) + 1 }, () => 1),
        [null],
        [{}],
      ];
    default:
      return ['x', 1, [], null];
  }
}

export interface FuzzRequest {
  method: string;
  /** The documented operation (`get /api/v1/x/{id}`), or undefined for an odd method on a path. */
  op?: Operation;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was done to make it invalid, or 'valid'. */
  kind: string;
}

function fillPath(op: Operation, rnd: Rnd, pools: Pools, bad?: string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (bad !== undefined) return bad.startsWith('%') ? bad : encodeURIComponent(bad);
    const pool = pools[pathKind(op.path, name)] ?? pools.any!;
    return encodeURIComponent(String(pool.length && rnd.chance(0.9) ? rnd.pick(pool) : rnd.int(1, 30)));
  });
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** One request for the operation: valid with probability `validShare`, else one mutation. */
export function makeRequest(
  op: Operation,
  rnd: Rnd,
  world: { pools: Pools; now: number; defs: Record<string, Schema> },
  validShare = 0.35,
): FuzzRequest {
  const ctx = { ...world };
  const query = new URLSearchParams();
  const queryParams = op.params.filter((p) => p.in === 'query');
  for (const p of queryParams) {
    if (p.required || rnd.chance(0.4))
      query.set(p.name, String(generate(p.schema, rnd, { ...ctx, name: p.name })));
  }
  let body = op.body ? generate(op.body, rnd, ctx) : undefined;
  const headers: Record<string, string> = { 'accept-language': rnd.pick(['zh-CN', 'en']) };
  let raw: Buffer | undefined;
  let pathBad: string | undefined;
  let kind = 'valid';
  let extraQuery = '';

  if (!rnd.chance(validShare)) {
    const choices: string[] = [];
    if (op.path.includes('{')) choices.push('path-id', 'path-id');
    if (queryParams.length) choices.push('query-value', 'query-value', 'query-extra', 'query-repeat');
    if (op.body)
      choices.push(
        'body-field',
        'body-field',
        'body-field',
        'body-missing',
        'body-extra',
        'body-shape',
        'body-raw',
        'content-type',
        'encoding',
      );
    if (op.method !== 'get') choices.push('json-on-no-body');
    choices.push('auth-header');
    kind = rnd.pick(choices);
    switch (kind) {
      case 'path-id':
        pathBad = rnd.pick(badIds);
        kind = `path-id ${pathBad}`;
        break;
      case 'query-value': {
        const p = rnd.pick(queryParams);
        const v = rnd.pick([...badValues(p.schema).filter((x) => typeof x !== 'object'), ...badIds]);
        query.delete(p.name);
        // Lone surrogates and NUL as percent-escapes: encodeURIComponent refuses a lone surrogate.
        extraQuery = `${p.name}=${typeof v === 'string' && /^%/.test(v) ? v : encodeURIComponent(String(v).replace(/[\ud800-\udfff]/g, ''))}`;
        if (typeof v === 'string' && /[\ud800-\udfff]/.test(v)) extraQuery = `${p.name}=%ED%A0%80`;
        kind = `query ${p.name}=${String(v).slice(0, 20)}`;
        break;
      }
      case 'query-extra':
        extraQuery = 'unknownParam=1&__proto__=x';
        break;
      case 'query-repeat': {
        const p = rnd.pick(queryParams);
        const v = String(generate(p.schema, rnd, { ...ctx, name: p.name }));
        query.delete(p.name);
        extraQuery = `${p.name}=${encodeURIComponent(v)}&${p.name}=${encodeURIComponent(v)}`;
        kind = `query ${p.name} twice`;
        break;
      }
      case 'body-field': {
        const target = pickField(op.body!, body, rnd, world.defs);
        if (target) {
          const v = rnd.pick(badValues(target.schema));
          target.set(v);
          kind = `body ${target.path}=${describe(v)}`;
        } else kind = 'body (no field)';
        break;
      }
      case 'body-missing': {
        const req = op.body!.required ?? [];
        if (req.length && body && typeof body === 'object') {
          const k = rnd.pick(req);
          delete (body as Record<string, unknown>)[k];
          kind = `body without ${k}`;
        } else kind = 'body empty {}';
        if (!req.length) body = {};
        break;
      }
      case 'body-extra':
        body = { ...(body as object), isAdmin: true, role: 'officer', communityId: 2, balance: 1e9, id: 1 };
        break;
      case 'body-shape':
        body = rnd.pick([[], 'text', 123, null, [body]]);
        kind = `body ${describe(body)}`;
        break;
      case 'body-raw': {
        const r = rnd.pick([
          ['malformed', '{"a":'],
          ['bom', `\ufeff${JSON.stringify(body)}`],
          ['deep', `${'['.repeat(20000)}${']'.repeat(20000)}`],
          ['too-large', JSON.stringify({ ...(body as object), pad: 'x'.repeat(150_000) })],
          ['duplicate-keys', '{"a":1,"a":2}'],
          ['escaped-nul', '{"title":"\\u0000"}'],
        ] as const);
        raw = Buffer.from(r[1]);
        kind = `body ${r[0]}`;
        break;
      }
      case 'content-type':
        headers['content-type'] = rnd.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/json-patch+json',
        ]);
        kind = `content-type ${headers['content-type']}`;
        raw = json(body);
        break;
      case 'encoding':
        headers['content-encoding'] = rnd.pick(['gzip', 'deflate', 'br', 'zstd', 'gzip, gzip']);
        raw =
          rnd.chance(0.2) && headers['content-encoding'] === 'gzip'
            ? gzipSync(Buffer.from('{"a":'))
            : json(body);
        kind = `content-encoding ${headers['content-encoding']}`;
        break;
      case 'json-on-no-body':
        raw = Buffer.from(rnd.pick(['{"a":', '{"x":1}', '[]']));
        kind = `json on ${op.body ? 'a body route' : 'a route without body'}: ${raw.toString()}`;
        break;
      case 'auth-header':
        headers.authorization = rnd.pick([
          'Bearer',
          'Bearer x.y.z',
          'Basic dXNlcjpwYXNz',
          `Bearer ${'a'.repeat(5000)}`,
          'bearer  e30.e30.',
        ]);
        kind = `authorization ${headers.authorization.slice(0, 20)}`;
        break;
    }
  }
  if (body !== undefined && raw === undefined) raw = json(body);
  if (raw !== undefined) headers['content-type'] ??= 'application/json';
  const qs = [query.toString(), extraQuery].filter(Boolean).join('&');
  return {
    method: op.method.toUpperCase(),
    op,
    url: fillPath(op, rnd, world.pools, pathBad) + (qs ? `?${qs}` : ''),
    headers,
    body: raw,
    kind,
  };
}

/** A method the path does not document: 405, 501, or OPTIONS' answer (HEAD is GET's, left out). */
export function oddMethodRequest(op: Operation, documented: string[], rnd: Rnd, pools: Pools): FuzzRequest {
  const method = rnd.pick(
    ['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK'].filter(
      (m) => !documented.includes(m.toLowerCase()),
    ),
  );
  return { method, url: fillPath(op, rnd, pools), headers: {}, kind: `method ${method}` };
}

function describe(v: unknown): string {
  const s =
    typeof v === 'string'
      ? JSON.stringify(v.length > 12 ? `${v.slice(0, 6)}…(${v.length})` : v)
      : JSON.stringify(v);
  return (s ?? String(v)).slice(0, 30);
}

interface Field {
  path: string;
  schema: Schema;
  set: (v: unknown) => void;
}

/** A field of the generated body (nested included) to overwrite. */
function pickField(
  schema: Schema,
  body: unknown,
  rnd: Rnd,
  defs: Record<string, Schema>,
  prefix = '',
): Field | undefined {
  const s = schema.$ref ? defs[schema.$ref.split('/').pop()!]! : schema;
  if (!s.properties || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const obj = body as Record<string, unknown>;
  const [k, p] = rnd.pick(Object.entries(s.properties));
  const inner: Field | undefined =
    obj[k] !== undefined && rnd.chance(0.3) ? pickField(p, obj[k], rnd, defs, `${prefix}${k}.`) : undefined;
  return (
    inner ?? {
      path: `${prefix}${k}`,
      schema: p,
      set: (v: unknown) => {
        obj[k] = v;
      },
    }
  );
}

// ---------------------------------------------------------------- sending

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends on a keep-alive agent; any method token, any body and headers. */
export function send(
  agent: http.Agent,
  port: number,
  r: FuzzRequest,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: r.method,
        path: r.url,
        headers: { ...headers, ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}
