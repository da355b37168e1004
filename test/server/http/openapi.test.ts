import { type ErrorCode, errorCodes } from '@timebank/shared';
import test from 'ava';
import { routeErrorCodes } from '../../../server/src/http/route';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

interface Answer {
  content?: {
    'application/json'?: {
      schema: { properties?: { error?: { properties: { code: { enum: string[] } } } } };
    };
  };
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      { security?: unknown; parameters?: { name: string; in: string }[]; responses: Record<string, Answer> }
    >
  >;
  components: {
    securitySchemes: Record<string, { type: string; scheme: string }>;
  };
}

test('GET /openapi.json is an OpenAPI 3 document with every route and the error codes', async (t) => {
  const res = await ctx.request().get('/openapi.json');
  t.is(res.status, 200);
  t.regex(String(res.headers['content-type']), /application\/json/);
  const doc = res.body as OpenApiDoc;
  t.regex(doc.openapi, /^3\.\d+\.\d+$/);
  t.truthy(doc.info.title);

  t.true(ctx.app.specs.length >= 10, 'the app registers its routes');
  const expected = new Set<string>();
  const codes = new Set<string>();
  for (const spec of ctx.app.specs) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    expected.add(`${spec.method} ${path}`);
    const op = doc.paths[path]?.[spec.method];
    t.truthy(op, `${spec.method.toUpperCase()} ${path} is documented`);
    // An empty list overrides any document-wide requirement: the operation needs no token.
    if (spec.access === 'public') t.deepEqual(op?.security, [], path);
    else t.deepEqual(op?.security, [{ bearerAuth: [] }], path);
    for (const name of path.match(/\{(\w+)\}/g) ?? []) {
      t.true(
        (op?.parameters ?? []).some((p) => p.in === 'path' && `{${p.name}}` === name),
        `${path} documents the path parameter ${name}`,
      );
    }
    // Every refusal the route can give, under its own status, and nothing it cannot give.
    const byStatus = Object.entries(op?.responses ?? {}).flatMap(([status, answer]) =>
      (answer.content?.['application/json']?.schema.properties?.error?.properties.code.enum ?? []).map(
        (code) => [status, code] as const,
      ),
    );
    for (const [status, code] of byStatus) {
      t.is(String(errorCodes[code as ErrorCode]?.status), status, `${path}: ${code} under ${status}`);
    }
    t.deepEqual(
      byStatus.map(([, code]) => code).sort(),
      [...routeErrorCodes(spec)].sort(),
      `${spec.method} ${path} documents the codes it declares`,
    );
    for (const code of byStatus.map(([, c]) => c)) codes.add(code);
  }
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m} ${p}`),
  );
  t.deepEqual(new Set(documented), expected, 'no route more, no route less');
  t.true(Object.keys(doc.paths).every((p) => !p.includes(':')));
  t.truthy(doc.paths['/api/v1/auth/wechat']?.post);
  t.truthy(doc.paths['/api/v1/me/profile']?.put);

  t.true(codes.has('auth.invalid_token'));
  t.true(codes.has('request.invalid'));
  t.true(codes.has('activities.not_found'));
  t.is(doc.components.securitySchemes.bearerAuth?.scheme, 'bearer');

  const again = await ctx.request().get('/api/v1/openapi.json');
  t.is(again.status, 200);
  t.deepEqual(again.body, res.body);
});

test('GET /docs is an HTML page that loads the OpenAPI document, with its assets served locally', async (t) => {
  const res = await ctx.request().get('/docs');
  t.is(res.status, 200);
  t.regex(String(res.headers['content-type']), /text\/html/);
  t.regex(res.text, /^<!doctype html>/i);
  t.true(res.text.includes('/openapi.json'));
  t.is(res.headers['x-content-type-options'], 'nosniff');

  const scripts = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  t.true(scripts.length >= 3);
  for (const src of scripts) {
    t.true(src.startsWith('/docs/assets/'), `${src} is served by the API itself`);
    const asset = await ctx.request().get(src);
    t.is(asset.status, 200, src);
    t.regex(String(asset.headers['content-type']), /javascript|css/, src);
  }

  const missing = await ctx.request().get('/docs/assets/secret.txt');
  t.is(missing.status, 404);
  t.is(missing.body.error.code, 'request.not_found');
});
