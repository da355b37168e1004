/**
 * Generated malformed requests across every route, as every role: no 5xx, every refusal a 4xx with a
 * stable error code, and the ledger untouched. A seeded generator keeps failures reproducible.
 */
import { errorCodes, type Role } from '@timebank/shared';
import test from 'ava';
import { sql } from 'drizzle-orm';
import { activeMerchant } from '../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

let ctx: TestContext;
let users: (TestUser | undefined)[];
test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await activeMerchant(ctx, officer);
  const roles: Role[] = ['volunteer', 'district_admin'];
  users = [undefined, officer, shop.owner, ...(await Promise.all(roles.map((r) => ctx.addUser(r, c.id))))];
});
test.after.always(async () => {
  await ctx?.close();
});

test(`${REQUESTS} malformed requests: no 5xx, a stable code on every refusal, nothing written to the ledger`, async (t) => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const scalars: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 31),
    Number.MAX_VALUE,
    '',
    ' ',
    'x',
    '0',
    '-1',
    '1e309',
    'NaN',
    '2026-13-45T25:61:00Z',
    '2026-11-25T10:00:00+08:00',
    '\u0000',
    '💥'.repeat(50),
    'a'.repeat(5000),
    "'; DROP TABLE ledger_entries; --",
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'TB1.abc.1.123456',
    'dev:wang',
    [],
    {},
    [1, 2, 3],
    { $gt: '' },
    { __proto__: { admin: true } },
  ];
  const keys = [
    'id',
    'code',
    'title',
    'minutes',
    'ids',
    'action',
    'reason',
    'role',
    'communityId',
    'points',
    'balance',
    'status',
    'place',
    'startsAt',
    'endsAt',
    'capacity',
    'owner',
    'discount',
    'pledge',
    'kind',
    'lat',
    'lng',
  ];
  const value = (depth: number): unknown => {
    if (depth > 2 || random() < 0.6) return pick(scalars);
    if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), value(depth + 1)]),
    );
  };
  const segments = [
    '1',
    '0',
    '-1',
    'abc',
    '1.5',
    '99999999999999999999',
    '%00',
    '%E0%A4%A',
    '1;DROP',
    '%2e%2e',
  ];
  const ledgerLines = async () => {
    const result = (await ctx.db.execute(sql`SELECT count(*)::int AS n FROM ledger_entries`)) as unknown as {
      rows: { n: number }[];
    };
    return Number(result.rows[0]?.n);
  };
  const before = await ledgerLines();
  const statuses = new Map<number, number>();
  const specs = ctx.app.specs;
  for (let i = 0; i < REQUESTS; i++) {
    const spec = pick(specs);
    const path = spec.path.replace(/:(\w+)/g, () => pick(segments));
    const query = random() < 0.5 ? `?${pick(keys)}=${encodeURIComponent(String(pick(scalars)))}` : '';
    const user = pick(users);
    let req = ctx.request()[spec.method](path + query);
    if (user) req = req.set(user.auth);
    if (spec.method !== 'get') {
      const kind = random();
      if (kind < 0.1) req = req.set('content-type', 'application/json').send('{"broken": ');
      else if (kind < 0.15) req = req.set('content-type', 'text/plain').send('hello');
      else req = req.set('content-type', 'application/json').send(JSON.stringify(value(0)));
    }
    const r = await req;
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status >= 500 || (r.status >= 400 && !(r.body?.error?.code in errorCodes))) {
      t.fail(
        `#${i} ${spec.method.toUpperCase()} ${path}${query} as ${user?.role ?? 'anonymous'}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`,
      );
      return;
    }
  }
  t.is(await ledgerLines(), before);
  t.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.pass();
});
