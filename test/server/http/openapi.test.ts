import { errorCodes } from '@timebank/shared';
import test from 'ava';
import { createTestContext, type TestContext } from '../../helpers/context';
import { resolvedResponses } from '../../helpers/fuzz';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

interface ErrorResponse {
  content: {
    'application/json': { schema: { properties: { error: { properties: { code: { enum: string[] } } } } } };
  };
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; contact?: { name: string }; license?: { name: string } };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown;
        tags: string[];
        parameters?: { name: string; in: string }[];
        responses: Record<string, ErrorResponse>;
      }
    >
  >;
  components: {
    schemas: Record<string, unknown>;
    securitySchemes: Record<string, { type: string; scheme: string; description: string }>;
  };
}

test('GET /openapi.json is an OpenAPI 3 document with every route and the error codes', async (t) => {
  const res = await ctx.request().get('/openapi.json');
  t.is(res.status, 200);
  t.regex(String(res.headers['content-type']), /application\/json/);
  const doc = structuredClone(res.body) as OpenApiDoc;
  t.regex(doc.openapi, /^3\.\d+\.\d+$/);
  t.truthy(doc.info.title);

  t.true(ctx.app.specs.length >= 10, 'the app registers its routes');
  const expected = new Set<string>();
  for (const spec of ctx.app.specs) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    expected.add(`${spec.method} ${path}`);
    const op = doc.paths[path]?.[spec.method];
    t.truthy(op, `${spec.method.toUpperCase()} ${path} is documented`);
    if (spec.access === 'public') t.deepEqual(op?.security, [], path);
    else t.deepEqual(op?.security, [{ bearerAuth: [] }], path);
    for (const name of path.match(/\{(\w+)\}/g) ?? []) {
      t.true(
        (op?.parameters ?? []).some((p) => p.in === 'path' && `{${p.name}}` === name),
        `${path} documents the path parameter ${name}`,
      );
    }
  }
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m} ${p}`),
  );
  t.deepEqual(new Set(documented), expected, 'no route more, no route less');
  t.true(Object.keys(doc.paths).every((p) => !p.includes(':')));
  t.truthy(doc.paths['/api/v1/auth/wechat']?.post);
  t.truthy(doc.paths['/api/v1/me/profile']?.put);

  const ops = Object.values(doc.paths).flatMap((o) => Object.values(o));
  for (const op of ops) {
    // Shared refusals are written once, under components.responses.
    op.responses = resolvedResponses(doc as never, op.responses) as typeof op.responses;
    for (const [status, r] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      for (const code of r.content['application/json'].schema.properties.error.properties.code.enum) {
        t.is(
          errorCodes[code as keyof typeof errorCodes]?.status as number | undefined,
          Number(status),
          `${code} under ${status}`,
        );
      }
    }
    t.deepEqual(
      op.responses['500']?.content['application/json'].schema.properties.error.properties.code.enum,
      ['server.internal'],
    );
    // A signed-in route refuses a stale token; a public one treats it as no token at all.
    const has401 = Boolean(
      op.responses['401']?.content['application/json'].schema.properties.error.properties.code.enum.includes(
        'auth.invalid_token',
      ),
    );
    t.is(
      has401,
      (op.security as unknown[] | undefined)?.length !== 0,
      `${JSON.stringify(op.tags)} declares auth.invalid_token`,
    );
  }
  t.is(doc.components.securitySchemes.bearerAuth?.scheme, 'bearer');
  // 500 and 503 are the same on every operation: written once and referred to.
  const raw = (await ctx.request().get('/openapi.json')).body as {
    paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
    components: { responses: Record<string, unknown> };
  };
  const refs = Object.values(raw.paths).flatMap((o) =>
    Object.values(o).map((op) => op.responses['500']?.$ref),
  );
  t.true(refs.every((r) => r === '#/components/responses/E500'));
  t.truthy(raw.components.responses.E500);
  t.regex(doc.components.securitySchemes.bearerAuth?.description ?? '', /RFC8725/);
  t.truthy(doc.components.schemas.Problem);
  t.truthy(doc.info.contact?.name);
  t.truthy(doc.info.license?.name);
  t.regex(doc.servers[0]?.description ?? '', /\(test\)/);
  const tags = [...new Set(ops.flatMap((op) => op.tags))].sort();
  t.deepEqual(
    doc.tags.map((x) => x.name),
    tags,
  );
  for (const tag of doc.tags) t.not(tag.description, tag.name, `tag ${tag.name} has a description`);

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
