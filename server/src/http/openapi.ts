import { errorCodes } from '@timebank/shared';
import { z } from 'zod';
import type { RouteSpec } from './route';

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

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorCodes) },
        message: { type: 'string' },
        details: {},
      },
    },
  },
};

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(specs: RouteSpec[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const path = s.path.replace(/:(\w+)/g, '{$1}');
    const access =
      s.access === 'public'
        ? 'Public.'
        : s.access === 'signed_in'
          ? 'Any signed-in user.'
          : `Roles: ${s.access.join(', ')}.`;
    paths[path] ??= {};
    paths[path][s.method] = {
      tags: [s.tag],
      summary: s.summary,
      description: [
        s.description,
        access,
        s.limit ? `Limited to ${s.limit.max} calls per ${s.limit.windowSeconds} s (429 rate_limited).` : '',
        s.errors?.length ? `Error codes: ${s.errors.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
      ...(s.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      parameters: [...parameters(s.params, 'path'), ...parameters(s.query, 'query')],
      ...(s.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(s.body) } } } }
        : {}),
      responses: {
        [String(s.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: {} } } },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'TimeBank Alliance API · 社区时间银行 · 爱心商家联盟',
      version: info.version,
      description:
        'Volunteers earn time-bank points at community activities; at the threshold they get a certificate. ' +
        'Sign in with POST /api/v1/auth/password or /api/v1/auth/wechat, then use the token as a Bearer token.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorBody },
    },
    paths,
  };
}
