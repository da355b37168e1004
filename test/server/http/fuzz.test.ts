/**
 * The contract, fuzzed: for every operation of the OpenAPI document, requests generated from its
 * schemas (valid ones, and invalid ones with one mutation each) as every role, against a seeded world.
 * Every answer: no 5xx, a status the operation declares, a JSON body valid against the declared schema,
 * invalid input not accepted; refused writes change nothing. Deterministic (FUZZ_SEED); 20,000
 * requests on PGlite, 3,000 with TEST_DATABASE_URL (FUZZ_REQUESTS overrides).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { sql } from 'drizzle-orm';
import { seedDemo } from '../../../server/src/dev/seed';
import { ledgerChecksum } from '../../../server/src/ops/checksum';
import { certifiedVolunteer } from '../../helpers/alliance';
import { createTestContext, type TestContext } from '../../helpers/context';
import {
  type Answer,
  type FuzzRequest,
  makeRequest,
  type OpenApi,
  type Operation,
  oddMethodRequest,
  operations,
  type Pools,
  prng,
  send,
  validator,
} from '../../helpers/fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? (process.env.TEST_DATABASE_URL ? 3000 : 20_000));
const CONCURRENCY = 6;

let ctx: TestContext;
let doc: OpenApi;
let ops: Operation[];
let server: http.Server;
let port: number;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let validate: ReturnType<typeof validator>;
let roles: Record<string, Record<string, string>>;
let pools: Pools;
const access = new Map<string, 'public' | 'signed_in' | readonly string[]>();
const byClass = new Map<string, number>();
/**
 * Counts an answer by its status class. A method the HTTP standard knows but the API does not (an odd
 * method, no operation) is answered 501 Not Implemented, as RFC 9110 asks: counted apart, so "5xx"
 * is only ever a server failure (and the summary asserts there is none).
 */
function countClass(r: { op?: unknown }, status: number) {
  const k = status === 501 && !r.op ? '501 odd method' : `${Math.floor(status / 100)}xx`;
  byClass.set(k, (byClass.get(k) ?? 0) + 1);
}
const covered = new Set<string>();
let sent = 0;

test.before(async () => {
  ctx = await createTestContext();
  await seedDemo(ctx.database, ctx.app, ctx.clock.now(), 300, 100);
  const user = async (where: ReturnType<typeof sql>) => {
    const r = (await ctx.db.execute(
      sql`SELECT id, role, community_id FROM users WHERE ${where} ORDER BY id LIMIT 1`,
    )) as unknown as {
      rows: { id: number; role: string; community_id: number }[];
    };
    const u = r.rows[0]!;
    return { id: u.id, role: u.role as 'officer', communityId: u.community_id };
  };
  const officer = await user(sql`role = 'officer' AND community_id = 1`);
  const volunteer = await user(sql`role = 'volunteer' AND community_id = 1`);
  await certifiedVolunteer(
    ctx,
    { ...officer, token: '', auth: { Authorization: '' } },
    { ...volunteer, role: 'volunteer', token: '', auth: { Authorization: '' } },
  );
  const other = await ctx.addUser('volunteer', 2);
  const people = {
    volunteer,
    officer,
    merchant_owner: await user(sql`id IN (SELECT user_id FROM merchant_members WHERE is_owner)`),
    merchant_staff: await user(sql`id IN (SELECT user_id FROM merchant_members WHERE NOT is_owner)`),
    district_admin: await user(sql`role = 'district_admin'`),
    other_officer: await user(sql`role = 'officer' AND community_id = 2`),
    other_volunteer: { id: other.id, role: 'volunteer' as 'officer', communityId: 2 },
    // A stale token: well signed, for a user that does not exist.
    stale_token: { id: 999_999, role: 'officer' as const, communityId: 1 },
  };
  roles = { anonymous: {} };
  for (const [name, u] of Object.entries(people)) {
    roles[name] = {
      authorization: `Bearer ${ctx.tokens.signSession({ userId: u.id, role: u.role, communityId: u.communityId }).token}`,
    };
  }
  doc = (await ctx.request().get('/openapi.json')).body as OpenApi;
  ops = operations(doc);
  validate = validator(doc);
  for (const s of ctx.app.specs) access.set(`${s.method} ${s.path.replace(/:(\w+)/g, '{$1}')}`, s.access);
  pools = await loadPools();
  server = http.createServer(ctx.app.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.after.always(async () => {
  agent.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await ctx?.close();
});

const tables: Record<string, string> = {
  activities: 'activities',
  attendance: 'attendances',
  users: 'users',
  volunteers: 'users',
  certificates: 'certificates',
  merchants: 'merchants',
  verifications: 'verifications',
  cases: 'cases',
  board_posts: 'board_posts',
  challenges: 'challenges',
  proposals: 'challenge_proposals',
  households: 'households',
  'help-requests': 'help_requests',
  products: 'merchant_products',
  offers: 'merchant_offers',
  communities: 'communities',
  notifications: 'notifications',
  'profile-changes': 'profile_changes',
  gifts: 'movements',
};

async function loadPools(): Promise<Pools> {
  const out: Pools = {};
  for (const [kind, table] of Object.entries(tables)) {
    const r = (await ctx.db.execute(sql.raw(`SELECT id FROM ${table} ORDER BY id LIMIT 50`))) as unknown as {
      rows: { id: number }[];
    };
    out[kind] = r.rows.map((x) => Number(x.id));
  }
  const serials = (await ctx.db.execute(sql`SELECT serial FROM service_records LIMIT 20`)) as unknown as {
    rows: { serial: string }[];
  };
  out.records = [...serials.rows.map((x) => x.serial), 'SR-NOPE'];
  out.any = [
    ...new Set(
      Object.values(out)
        .flat()
        .filter((x): x is number => typeof x === 'number'),
    ),
  ];
  return out;
}

// ---------------------------------------------------------------- checking one answer

interface Failure {
  count: number;
  example: string;
}
type Failures = Map<string, Failure>;

function fail(failures: Failures, key: string, example: () => string) {
  const f = failures.get(key);
  if (f) f.count += 1;
  else failures.set(key, { count: 1, example: example() });
}

/** The unhandled error logged for a request id (the test-time guard names undeclared codes there). */
function loggedError(requestId: string): string {
  const line = ctx.logs.find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"level":50'));
  if (!line) return '';
  const err = (JSON.parse(line) as { err?: { message?: string } }).err;
  return err?.message?.split('\n')[0]?.slice(0, 200) ?? '';
}

/** Kinds of mutation whose input is invalid whatever the state: a 2xx means it was accepted. */
function mustRefuse(r: FuzzRequest): boolean {
  if (!r.op) return false;
  if (r.kind.startsWith('authorization') && r.op.public) return false;
  if (r.kind.startsWith('path-id '))
    return r.op.params.some((p) => p.in === 'path' && p.schema.type === 'integer');
  if (r.kind.startsWith('body ') && r.kind.includes('=')) {
    const [path, ...rest] = r.kind.slice(5).split('=');
    const v = rest.join('=');
    if (/\\u0000|\\ud[89a-f]/i.test(v)) return true;
    let schema = r.op.body;
    for (const k of path!.split('.')) schema = schema?.properties?.[k];
    const body = JSON.parse(r.body!.toString()) as Record<string, unknown>;
    let value: unknown = body;
    for (const k of path!.split('.')) value = (value as Record<string, unknown> | undefined)?.[k];
    return !!schema && validate(schema, value) !== undefined;
  }
  return /^(body without|body (malformed|deep|too-large|escaped-nul|\[|"|\d|null)|content-type|content-encoding|authorization)/.test(
    r.kind,
  );
}

/** Control characters and lone surrogates escaped, so a report prints as text. */
const printable = (s: string) =>
  s.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point.
    /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

function check(r: FuzzRequest, role: string, a: Answer, requestId: string, failures: Failures) {
  const where = r.op ? `${r.method} ${r.op.path}` : `${r.method} (odd method)`;
  const code = /"code":"([\w.]+)"/.exec(a.text)?.[1] ?? '';
  const example = (extra = '') =>
    printable(
      `as ${role}, ${r.kind}: ${r.method} ${r.url.slice(0, 100)} → ${a.text.slice(0, 160)}${extra ? ` | ${extra}` : ''}`,
    );
  if (a.status >= 500 && !(a.status === 501 && !r.op)) {
    const logged = loggedError(requestId);
    const guard = /which its route does not declare|outside its response schema/.test(logged);
    const group = guard
      ? logged.includes('does not declare')
        ? 'undeclared code'
        : 'body outside response schema'
      : '5xx';
    const detail = guard ? logged.replace(/^\w+ \/\S+ /, '') : `${a.status} ${code} ${logged}`;
    fail(failures, `${group}: ${where} → ${detail.slice(0, 140)}`, () => example());
    return;
  }
  if (!r.op) {
    if (![200, 204, 404, 405, 501].includes(a.status))
      fail(failures, `odd method: ${where} → ${a.status}`, () => example());
    return;
  }
  const declared = r.op.responses[String(a.status)];
  if (!declared) {
    fail(failures, `undeclared status: ${where} → ${a.status} ${code}`, () => example());
  } else if (!declared.content) {
    if (a.text !== '' && r.method !== 'HEAD')
      fail(failures, `body on a status declared without one: ${where} → ${a.status}`, () => example());
  } else {
    const types = Object.keys(declared.content);
    const schema = declared.content['application/json']?.schema;
    if (schema && /json/.test(a.contentType)) {
      const problem = validate(schema, JSON.parse(a.text));
      if (problem)
        fail(failures, `invalid body: ${where} → ${a.status} ${code}: ${problem.slice(0, 120)}`, () =>
          example(),
        );
    } else if (!types.some((t) => a.contentType.startsWith(t))) {
      fail(failures, `undeclared media type: ${where} → ${a.status} ${a.contentType}`, () => example());
    }
  }
  if (a.status < 300 && mustRefuse(r))
    fail(failures, `accepted invalid input: ${where} ← ${r.kind.replace(/=.*/, '=…').slice(0, 60)}`, () =>
      example(),
    );
}

// ---------------------------------------------------------------- running batches

async function run(batch: { r: FuzzRequest; role: string }[], failures: Failures) {
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const { r, role } = batch[next++]!;
      const requestId = `fz-${++sent}`;
      const a = await send(agent, port, r, { ...roles[role], 'x-request-id': requestId });
      countClass(r, a.status);
      if (r.op) covered.add(`${r.op.method} ${r.op.path} ${role}`);
      check(r, role, a, requestId, failures);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function report(t: ExecutionContext, failures: Failures, n: number) {
  const lines = [...failures]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([k, f]) => `${String(f.count).padStart(5)}× ${k}\n         e.g. ${f.example}`);
  t.log(`${n} requests, ${failures.size} kinds of failure`);
  t.is(
    failures.size,
    0,
    `\n${lines.slice(0, 150).join('\n')}${lines.length > 150 ? `\n… ${lines.length - 150} more` : ''}`,
  );
}

function requestsFor(op: Operation, n: number): { r: FuzzRequest; role: string }[] {
  const rnd = prng(SEED ^ hash(`${op.method} ${op.path}`));
  const world = { pools, now: ctx.clock.now().getTime(), defs: doc.components.schemas };
  const names = Object.keys(roles);
  const documented = Object.keys(doc.paths[op.path]!);
  return Array.from({ length: n }, (_, i) => ({
    role: names[i % names.length]!,
    r: rnd.chance(0.04) ? oddMethodRequest(op, documented, rnd, pools) : makeRequest(op, rnd, world),
  }));
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// One test per tag, so a failure names its module; state-check and summary tests close the file.
const TAGS = [
  'auth',
  'users',
  'activities',
  'checkins',
  'attendance',
  'ledger',
  'certificates',
  'merchants',
  'till',
  'cases',
  'board',
  'challenges',
  'notifications',
  'dashboard',
  'products',
  'exports',
  'records',
  'households',
  'movements',
  'communities',
  'audit',
  'photos',
  'redemptions',
  'funds',
];
for (const tag of TAGS) {
  test.serial(`fuzz ${tag}: no 5xx, declared statuses, valid bodies, invalid input refused`, async (t) => {
    const mine = ops.filter((o) => o.tag === tag);
    t.true(mine.length > 0, `the document has operations tagged ${tag}`);
    const per = Math.ceil((TOTAL * 0.92) / ops.length);
    const failures: Failures = new Map();
    const batch = mine.flatMap((op) => requestsFor(op, per));
    await run(batch, failures);
    pools = await loadPools(); // ids created by valid requests become targets of the next tags
    report(t, failures, batch.length);
  });
}

test.serial('every operation has a tag fuzzed above', (t) => {
  t.deepEqual(
    [...new Set(ops.map((o) => o.tag))].filter((x) => !TAGS.includes(x)),
    [],
  );
});

/** Every table's rows as one digest each (rate limits, sign-in delays and a session's last-seen excluded: refusals count there by design). */
async function fingerprint(): Promise<Map<string, string>> {
  const r = (await ctx.db.execute(
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limits', 'signin_throttle', 'sessions', '__drizzle_migrations') ORDER BY 1`,
  )) as unknown as { rows: { table_name: string }[] };
  const out = new Map<string, string>();
  for (const { table_name } of r.rows) {
    const h = (await ctx.db.execute(
      sql.raw(
        `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${table_name}" t`,
      ),
    )) as unknown as { rows: { h: string }[] };
    out.set(table_name, h.rows[0]!.h);
  }
  out.set('ledger checksum', (await ledgerChecksum(ctx.db)).sha256);
  return out;
}

test.serial(
  'refused writes change nothing: the ledger checksum and every table are the same after each batch of refusals',
  async (t) => {
    const rnd = prng(SEED);
    const world = { pools, now: ctx.clock.now().getTime(), defs: doc.components.schemas };
    const writes = ops.filter((o) => o.method !== 'get');
    const n = Math.max(200, Math.floor(TOTAL * 0.08));
    const batch = Array.from({ length: n }, () => {
      const op = rnd.pick(writes);
      const allowed = access.get(`${op.method} ${op.path}`)!;
      const outsiders = Object.keys(roles).filter((role) =>
        role === 'anonymous'
          ? allowed !== 'public'
          : role === 'stale_token' ||
            (Array.isArray(allowed) &&
              !allowed.includes(role.replace(/^(merchant)_owner$/, '$1_staff').replace(/^other_/, ''))),
      );
      // An outsider with a valid request, or an insider with an invalid one.
      if (outsiders.length && rnd.chance(0.5))
        return { role: rnd.pick(outsiders), r: makeRequest(op, rnd, world, 1) };
      return {
        role: rnd.pick(['officer', 'volunteer', 'merchant_owner', 'district_admin']),
        r: makeRequest(op, rnd, world, 0),
      };
    });
    const failures: Failures = new Map();
    let compared = 0;
    let skipped = 0;
    for (let i = 0; i < batch.length; i += 40) {
      const chunk = batch.slice(i, i + 40);
      const before = await fingerprint();
      const answers: number[] = [];
      const local: Failures = new Map();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < chunk.length) {
            const { r, role } = chunk[next++]!;
            const requestId = `fz-${++sent}`;
            const a = await send(agent, port, r, { ...roles[role], 'x-request-id': requestId });
            answers.push(a.status);
            countClass(r, a.status);
            check(r, role, a, requestId, local);
          }
        }),
      );
      for (const [k, f] of local) fail(failures, k, () => f.example);
      if (answers.some((s) => s < 400)) {
        skipped += 1;
        continue;
      }
      compared += 1;
      const after = await fingerprint();
      const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
      if (changed.length)
        fail(failures, `state changed on refusals: ${changed.join(', ')}`, () =>
          chunk
            .map(({ r, role }) => `${role} ${r.method} ${r.url.slice(0, 60)} (${r.kind.slice(0, 30)})`)
            .join('; ')
            .slice(0, 600),
        );
    }
    t.log(
      `${batch.length} refusal requests: ${compared} batches compared, ${skipped} with a success left out`,
    );
    t.true(compared > 0, 'at least one batch of refusals was compared');
    t.deepEqual(
      (await ledgerChecksum(ctx.db)).problems,
      [],
      'the ledger invariants hold after the whole run',
    );
    report(t, failures, batch.length);
  },
);

test.serial('summary: requests by status class, every operation as every role', (t) => {
  const summary = [...byClass]
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  t.log(`${sent} requests (seed ${SEED}): ${summary}`);
  t.is(byClass.get('5xx') ?? 0, 0, 'no answer was a server failure');
  t.true(sent >= TOTAL, `${sent} requests sent, at least ${TOTAL}`);
  const missing = ops
    .flatMap((o) => Object.keys(roles).map((role) => `${o.method} ${o.path} ${role}`))
    .filter((k) => !covered.has(k));
  // The smaller run (PostgreSQL) samples; the full one must reach every operation as every role.
  if (!process.env.TEST_DATABASE_URL) t.deepEqual(missing, [], 'every operation was called as every role');
  else t.log(`${missing.length} operation × role pairs not reached in the smaller run`);
});
