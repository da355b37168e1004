import { errorCodes } from '@timebank/shared';
import { z } from 'zod';
import { type RouteSpec, routeErrorCodes } from './route';

/**
 * Query and path numbers are strings parsed strictly (shared/src/primitives.ts) and say so with
 * `type: integer|number` in their metadata: the string checks they are made of do not belong there.
 */
const numericText = (ctx: { jsonSchema: Record<string, unknown> }) => {
  const js = ctx.jsonSchema;
  if (js.type === 'integer' || js.type === 'number') {
    delete js.pattern;
    delete js.maxLength;
    delete js.minLength;
  }
};

function jsonSchema(schema: z.ZodType) {
  return withIntegerFormats(
    z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'openapi-3.0',
      override: numericText,
    }),
  );
}

const INT32 = 2 ** 31;

/**
 * zod writes an integer's bounds but no `format`: int32 when the bounds fit 32 bits (ids, counts),
 * int64 otherwise (zod's default bounds are the safe-integer range), so clients pick the right type.
 */
function withIntegerFormats<T>(schema: T): T {
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const s = node as Record<string, unknown>;
      if (s.type === 'integer' && s.format === undefined) {
        const fits = (v: unknown, bound: number) => typeof v === 'number' && Math.abs(v) <= bound;
        s.format = fits(s.minimum, INT32) && fits(s.maximum, INT32 - 1) ? 'int32' : 'int64';
      }
      Object.values(s).forEach(visit);
    }
  };
  visit(schema);
  return schema;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

function errorSchema(codes: readonly string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...codes], maxLength: 64 },
          message: { type: 'string', maxLength: 500 },
          details: {
            type: 'array',
            maxItems: 100,
            description: "The problems with fields of the request, messages in the request's language.",
            items: { $ref: '#/components/schemas/Problem' },
          },
          meta: { $ref: '#/components/schemas/ErrorMeta' },
        },
      },
    },
  };
}

const statusText: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  501: 'Not implemented',
  502: 'Upstream unavailable',
  503: 'Not ready',
};

/** `post /activities/:id/publish` → `postActivitiesByIdPublish`. */
export function operationId(method: string, path: string, prefix = '/api/v1'): string {
  const words = path
    .slice(path.startsWith(prefix) ? prefix.length : 0)
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => (seg.startsWith(':') ? ['by', seg.slice(1)] : seg.split(/[-_]/)));
  return method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** One line per tag, shown as the heading of its group in /docs. */
const tagDescriptions: Record<string, string> = {
  auth: 'Sign-in: WeChat (volunteers) or username and password (staff); answers the session token.',
  photos:
    'The photo pipeline: uploads re-encoded without metadata and stored by hash; profile photos served through short-lived signed links only.',
  users: 'Communities to join, the signed-in user, their profile, and the community’s volunteers.',
  activities: 'Volunteer activities: drafts, publishing, editing, cancelling, and enrolment.',
  checkins: 'The officer’s rotating check-in code, and volunteers checking in and out with it.',
  attendance: 'Reviewing attendance: confirming (points are credited once), adjusting, manual entries.',
  ledger: 'Points balances and statements: every line of the append-only ledger.',
  certificates:
    'Volunteer certificates (志愿者证书): issue at the threshold, suspension, revocation, appeals.',
  merchants: 'The merchant alliance (爱心商家联盟): applications, approval, staff, the directory, reports.',
  till: 'The discount at the till: holders’ 30-s codes, staff verifications, recorded discounts, alerts.',
  cases: 'Reports of refused discounts or lent certificates, and the officers’ cases that follow.',
  board: 'The community board: merchants’ recruitment notices and activity pushes.',
  challenges: 'Business challenges (商家难题): residents propose and vote; the winner becomes an activity.',
  notifications: 'The message centre and WeChat subscribe-message consent.',
  dashboard: 'Figures for officers and district administrators: a community, a district, digital skills.',
  products: 'Merchants’ products and time-limited offers, and officers taking them down.',
  exports: 'Period reports as files (CSV, XLSX): hours, ledger lines, discounts for reimbursement.',
  records: 'Service-record certificates (志愿服务记录证明): issue, print, and public verification.',
  households: 'Households in need, with consent: proxies, help requests, and who helped.',
  movements:
    'Points that move, double-entry: gifts between volunteers (limits; above them an officer approves), donations to the community pool, the pool spent on help requests. Every write carries an idempotency key.',
  redemptions:
    'Items and vouchers for points at shops: owners publish them with stock and dates; staff redeem one after a valid check of the holder’s code, the points moving as one movement to the shop’s redemption account.',
  funds:
    'Funds and settlement: budgets per period (and per shop) backing redemptions, shops’ claims, officers’ decisions per line, payment references, and where the support went.',
  audit: 'The audit log of every change made by officers and district administrators.',
  communities: 'Communities and districts: the 通存通兑 policy, how far certificates are honoured.',
};

/** Exports and print pages are bounded by their period; this is far above the largest. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function responses(s: RouteSpec) {
  const out: Record<string, unknown> = {};
  const okStatus = String(s.status ?? 200);
  if (s.files) {
    out[okStatus] = {
      description: 'The file',
      headers: {
        'Content-Disposition': { description: 'The file name', schema: { type: 'string', maxLength: 500 } },
      },
      content: Object.fromEntries(
        s.files.map((t) => [
          t,
          {
            schema: {
              type: 'string',
              maxLength: MAX_FILE_BYTES,
              ...(t.startsWith('text/') ? {} : { format: 'binary' }),
            },
          },
        ]),
      ),
    };
  } else if (s.response) {
    out[okStatus] = {
      description: 'OK',
      content: { 'application/json': { schema: responseSchema(s.response) } },
    };
  } else if (s.status === 204) {
    out[okStatus] = { description: 'Done, no body' };
  } else {
    throw new Error(`${s.method.toUpperCase()} ${s.path} declares neither a response schema, files nor 204`);
  }
  const byStatus = new Map<number, string[]>();
  for (const code of routeErrorCodes(s)) {
    const status = errorCodes[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  // Any operation can fail unexpectedly; the body is the same error shape, never the cause.
  byStatus.set(500, ['server.internal']);
  // The database briefly gone (a failover, a restart): try again after Retry-After.
  byStatus.set(503, ['server.unavailable']);
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: `${statusText[status] ?? 'Error'}: ${codes.join(', ')}`,
      ...(status === 429 || status === 503
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait',
                schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
              },
            },
          }
        : {}),
      content: { 'application/json': { schema: errorSchema(codes) } },
    };
  }
  return out;
}

function responseSchema(schema: z.ZodType) {
  return withIntegerFormats(
    z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' }),
  );
}

/**
 * An error answer that several operations give alike (the same status and codes: 500 and 503 on every
 * operation, the sign-in refusals, most 404s…) is written once under `components.responses` and
 * referred to: the document is a fraction of the size, and a client sees which refusals are shared.
 */
function shareErrorResponses(paths: Record<string, Record<string, unknown>>) {
  const ops = Object.values(paths).flatMap(
    (p) => Object.values(p) as Array<{ responses: Record<string, unknown> }>,
  );
  const uses = new Map<string, number>();
  for (const op of ops)
    for (const [status, r] of Object.entries(op.responses))
      if (Number(status) >= 400) {
        const key = `${status} ${JSON.stringify(r)}`;
        uses.set(key, (uses.get(key) ?? 0) + 1);
      }
  const names = new Map<string, string>();
  const shared: Record<string, unknown> = {};
  const perStatus = new Map<string, number>();
  // Most used first, so `E401` is the common sign-in refusal and `E401_2` the next one.
  for (const [key, n] of [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (n < 2) continue;
    const status = key.slice(0, key.indexOf(' '));
    const k = (perStatus.get(status) ?? 0) + 1;
    perStatus.set(status, k);
    const name = k === 1 ? `E${status}` : `E${status}_${k}`;
    names.set(key, name);
    shared[name] = JSON.parse(key.slice(status.length + 1));
  }
  for (const op of ops)
    for (const [status, r] of Object.entries(op.responses)) {
      const name = names.get(`${status} ${JSON.stringify(r)}`);
      if (name) op.responses[status] = { $ref: `#/components/responses/${name}` };
    }
  return Object.fromEntries(Object.entries(shared).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(
  specs: RouteSpec[],
  info: { version: string; environment?: 'development' | 'production' | 'test' },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const s of specs) {
    const path = s.path.replace(/:(\w+)/g, '{$1}');
    tags.add(s.tag);
    const access =
      s.access === 'public'
        ? 'Public.'
        : s.access === 'signed_in'
          ? 'Any signed-in user.'
          : `Roles: ${s.access.join(', ')}.`;
    paths[path] ??= {};
    paths[path][s.method] = {
      operationId: operationId(s.method, s.path),
      tags: [s.tag],
      summary: s.summary,
      description: [
        s.description,
        access,
        s.limit ? `Limited to ${s.limit.max} calls per ${s.limit.windowSeconds} s (429 rate_limited).` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
      security: s.access === 'public' ? [] : [{ bearerAuth: [] }],
      parameters: [...parameters(s.params, 'path'), ...parameters(s.query, 'query')],
      ...(s.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(s.body) } } } }
        : {}),
      responses: responses(s),
    };
  }
  const sharedResponses = shareErrorResponses(paths);
  return {
    openapi: '3.0.3',
    info: {
      title: 'TimeBank Alliance API · 社区时间银行 · 爱心商家联盟',
      version: info.version,
      description:
        'Volunteers earn time-bank points at community activities; at the threshold they get a certificate. ' +
        'Sign in with POST /api/v1/auth/password or /api/v1/auth/wechat, then use the token as a Bearer token. ' +
        'Every refusal is `{ error: { code, message, details?, meta? } }` with a stable code; `details` is always ' +
        'a list of `{ path, code, message }`, messages in the language of `Accept-Language` (zh-CN by default, en).',
      contact: { name: 'TimeBank Alliance · 社区时间银行', url: '/docs' },
      license: { name: 'Proprietary' },
    },
    // The API and the H5 app share one origin: relative, so the document fits every installation.
    servers: [
      {
        url: '/',
        description: `This installation (${info.environment === 'development' ? 'local development' : (info.environment ?? 'production')})`,
        'x-internal': false,
      },
    ],
    tags: [...tags].sort().map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    components: {
      responses: sharedResponses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The session token from sign-in. It follows RFC8725 (JSON Web Token Best Current Practices): ' +
            'ES256 only (no `none`, no HMAC), issuer and audience checked, a bounded lifetime; the role ' +
            'and community are read from the database on every request, not trusted from the token.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'One problem with a field of the request.',
          additionalProperties: false,
          required: ['path', 'code', 'message'],
          properties: {
            path: {
              type: 'string',
              maxLength: 200,
              description: 'The field, dotted (`place.lat`); empty for the whole body.',
            },
            code: {
              type: 'string',
              maxLength: 64,
              description: 'What is wrong (zod issue code or a rule name).',
            },
            message: { type: 'string', maxLength: 500, description: "In the request's language." },
          },
        },
        ErrorMeta: {
          type: 'object',
          description: 'Facts about the refusal, by code: the state it was in, seconds until a retry.',
          maxProperties: 20,
          additionalProperties: true,
        },
      },
    },
    paths,
  };
}
