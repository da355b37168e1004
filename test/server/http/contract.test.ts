import test from 'ava';
import { createTestContext } from '../../helpers/context';

test('every route declares what it answers: a response schema, files, or no body (204)', async (t) => {
  const ctx = await createTestContext();
  t.teardown(() => ctx.close());
  const missing = ctx.app.specs
    .filter((s) => !s.response && !s.files && s.status !== 204)
    .map((s) => `${s.method.toUpperCase()} ${s.path}`);
  t.deepEqual(missing, [], 'routes without a response schema');
});

type Js = {
  type?: string | string[];
  properties?: Record<string, Js>;
  items?: Js;
  anyOf?: Js[];
  oneOf?: Js[];
  allOf?: Js[];
  additionalProperties?: unknown;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  format?: string;
};

/** Every place in a JSON schema that a generator could fill without limit. */
function unbounded(s: Js, at: string, out: string[]) {
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) unbounded(sub, at, out);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (type.includes('string') && s.maxLength === undefined && !s.enum && !s.format)
    out.push(`${at}: string without maxLength`);
  if (
    (type.includes('integer') || type.includes('number')) &&
    (s.minimum === undefined || s.maximum === undefined)
  )
    out.push(`${at}: number without minimum and maximum`);
  if (type.includes('array')) {
    if (s.maxItems === undefined) out.push(`${at}: array without maxItems`);
    if (s.items) unbounded(s.items, `${at}[]`, out);
  }
  if (type.includes('object')) {
    if (s.additionalProperties !== false) out.push(`${at}: object open to other properties`);
    for (const [k, v] of Object.entries(s.properties ?? {})) unbounded(v, `${at}.${k}`, out);
  }
}

test('every input in the document is bounded: strings, numbers, arrays, closed objects', async (t) => {
  const ctx = await createTestContext();
  t.teardown(() => ctx.close());
  const doc = (await ctx.request().get('/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; schema: Js }[];
          requestBody?: { content: Record<string, { schema: Js }> };
        }
      >
    >;
  };
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) unbounded(p.schema, `${where} ${p.name}`, out);
      const body = op.requestBody?.content['application/json']?.schema;
      if (body) unbounded(body, `${where} body`, out);
    }
  }
  t.deepEqual(out, []);
});
