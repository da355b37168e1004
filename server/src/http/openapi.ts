import { errorCodes } from '@timebank/shared';
import { z } from 'zod';
import { type RouteSpec, routeErrorCodes } from './route';

function jsonSchema(schema: z.ZodType) {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
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
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'code', 'message'],
              properties: {
                path: { type: 'string', maxLength: 200 },
                code: { type: 'string', maxLength: 64 },
                message: { type: 'string', maxLength: 500 },
              },
            },
          },
          meta: {
            type: 'object',
            description: 'Facts about the refusal: the state it was in, seconds until a retry.',
            additionalProperties: true,
          },
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

const tagDescriptions: Record<string, string> = {};

function responses(s: RouteSpec) {
  const out: Record<string, unknown> = {};
  const okStatus = String(s.status ?? (s.response || s.files ? 200 : 204));
  if (s.files) {
    out[okStatus] = {
      description: 'The file',
      headers: {
        'Content-Disposition': { description: 'The file name', schema: { type: 'string', maxLength: 500 } },
      },
      content: Object.fromEntries(
        s.files.map((t) => [
          t,
          { schema: { type: 'string', ...(t.startsWith('text/') ? {} : { format: 'binary' }) } },
        ]),
      ),
    };
  } else if (s.response) {
    out[okStatus] = {
      description: 'OK',
      content: { 'application/json': { schema: responseSchema(s.response) } },
    };
  } else {
    out[okStatus] = { description: 'Done, no body' };
  }
  const byStatus = new Map<number, string[]>();
  for (const code of routeErrorCodes(s)) {
    const status = errorCodes[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: `${statusText[status] ?? 'Error'}: ${codes.join(', ')}`,
      ...(status === 429
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait',
                schema: { type: 'integer', minimum: 0, maximum: 86400 },
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
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });
}

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(specs: RouteSpec[], info: { version: string }) {
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
    },
    servers: [{ url: '/' }],
    tags: [...tags].sort().map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
