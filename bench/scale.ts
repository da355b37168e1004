/**
 * `npm run bench:scale [-- --database-url postgres://…/postgres] [--seeded-url postgres://…/db]
 *   [--communities 100 --volunteers 100000 --lines 5000000 --districts 1] [--drop] [--no-write]
 *   [--samples 2000 --batch 20 --pool 400 --empty-volunteers 400 --compare-seconds 1200]`
 * `npm run bench:scale -- --seeded-url postgres://…/db --exports 5` only runs the seeded export five
 *   times, each in a fresh API process (SCALE_NODE_ARGS adds node flags to the API process).
 *
 * Figures, never assertions. The seeded database (bench/scale-seed.ts, seeded here unless --seeded-url
 * names an existing one) against an "empty" one seeded alongside at a small size but shaped like it
 * (--empty-volunteers volunteers in up to four communities, the same lines per volunteer and
 * certificate thresholds, so ~20,000 lines instead of millions). The real API runs in a child process
 * per database (bench/scale-server.ts, bundled into bench/dist/scale-server.mjs and run by plain node,
 * as `npm start` runs the API) and this process measures over HTTP on 127.0.0.1, one request at a time
 * (latency, not throughput):
 * - a volunteer's own routes, on both databases interleaved: balance (GET /me/ledger?limit=1),
 *   certificate status (GET /me/certificate; 404 `certificates.not_issued` counts as an answer),
 *   history first page (GET /me/ledger, up to 100 lines) and an older page (?limit=20&before=…).
 *   --pool volunteers drawn over the seeded database, each paired with an empty-database volunteer with
 *   the same number of lines and certificate state; a warm-up pass, then rounds of --batch requests to
 *   one database and the same to the other, order swapped each round, until --samples per route and
 *   database (or --compare-seconds); p50/p95/p99 and the seeded/empty ratios; target: seeded p50 ≤
 *   1.2 × empty p50,
 * - the community dashboard (GET /dashboard) of the big community and of a small one,
 * - the district dashboard (GET /dashboard/district),
 * - the ledger export of the big community over 366 days (GET /exports/ledger, streamed; the client
 *   counts bytes and lines), with the API process's RSS read from /proc every 25 ms.
 * Writes docs/scale.md (unless --no-write). The empty database is dropped at the end.
 */
import { type ChildProcess, execSync, fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildServer } from '../scripts/build-server.mjs';
import { parseSeedArgs, type ScaleSeedResult, seedScale } from './scale-seed';
import type { ScaleToChild, ScaleToParent } from './scale-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const API = '/api/v1';
const args = process.argv.slice(2);
const flag = (n: string) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const started = performance.now();
const log = (s: string) =>
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${s}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------------------------------------------
// The API child

interface Child {
  proc: ChildProcess;
  port: number;
  dbVersion: string;
  tokens(users: Array<{ id: number; role: string; communityId: number }>): Promise<string[]>;
  rssKb(): number;
  /** User + system CPU time of the API process so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

// Compiled JavaScript, as `npm start` runs the API: no tsx loader in the measured process's memory.
let bundle: Promise<string> | undefined;
const serverBundle = () =>
  (bundle ??= buildServer(
    path.join(root, 'bench', 'scale-server.ts'),
    path.join(root, 'bench', 'dist', 'scale-server.mjs'),
  ));

async function startChild(url: string): Promise<Child> {
  const proc = fork(await serverBundle(), [], {
    cwd: root,
    // Not this process's tsx loader; SCALE_NODE_ARGS adds flags to try (e.g. GC settings).
    execArgv: ['--enable-source-maps', ...(process.env.SCALE_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, SCALE_DATABASE_URL: url },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(m: ScaleToParent) => void> = [];
  proc.on('message', (m: ScaleToParent) => {
    if (m.type === 'error') log(`API child error: ${m.message}`);
    waiters.shift()?.(m);
  });
  const next = () => new Promise<ScaleToParent>((r) => waiters.push(r));
  return next().then((ready) => {
    if (ready.type !== 'ready') throw new Error('the API child failed to start');
    return {
      proc,
      port: ready.port,
      dbVersion: ready.dbVersion,
      async tokens(users) {
        const p = next();
        proc.send({ type: 'tokens', users } satisfies ScaleToChild);
        const m = await p;
        if (m.type !== 'tokens') throw new Error(`tokens: ${JSON.stringify(m).slice(0, 300)}`);
        return m.tokens;
      },
      cpuMs() {
        // utime + stime, in clock ticks (100 a second on Linux), fields 14 and 15 of /proc/<pid>/stat.
        const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(f[11]) + Number(f[12])) * 10;
      },
      rssKb() {
        const s = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
      },
      async stop() {
        if (proc.exitCode !== null) return;
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.send({ type: 'exit' } satisfies ScaleToChild);
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Requests

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, pathname: string, token: string) {
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(
      { host: '127.0.0.1', port, path: API + pathname, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

interface Row {
  db: string;
  what: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bad: number;
  /** API process CPU per request. */
  cpuMs: number;
  load: string;
  note?: string;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : '—');

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/** Sequential requests until `n` are done or `budgetMs` has passed (at least 3); after 2 warm-ups. */
async function measure(
  db: string,
  what: string,
  child: Child,
  n: number,
  budgetMs: number,
  next: (i: number) => { path: string; token: string },
  ok: (status: number) => boolean = (s) => s === 200,
): Promise<Row> {
  for (let i = 0; i < 2; i++) {
    const r = next(i);
    await get(child.port, r.path, r.token);
  }
  const cpu0 = child.cpuMs();
  const lat: number[] = [];
  let bad = 0;
  let sample = '';
  const t0 = performance.now();
  for (let i = 0; i < n && (i < 3 || performance.now() - t0 < budgetMs); i++) {
    const r = next(i + 2);
    const res = await get(child.port, r.path, r.token);
    lat.push(res.ms);
    if (!ok(res.status)) {
      bad++;
      sample ||= `${r.path} → ${res.status} ${res.body.slice(0, 200)}`;
    }
  }
  lat.sort((a, b) => a - b);
  const row: Row = {
    db,
    what,
    n: lat.length,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    p99: pct(lat, 99),
    max: lat[lat.length - 1] ?? Number.NaN,
    bad,
    cpuMs: (child.cpuMs() - cpu0) / Math.max(1, lat.length),
    load: load(),
  };
  if (sample) row.note = sample;
  log(
    `${db} ${what}: n=${row.n} p50=${row.p50.toFixed(1)} p95=${row.p95.toFixed(1)} p99=${row.p99.toFixed(1)} max=${row.max.toFixed(1)} ms bad=${bad} API CPU ${row.cpuMs.toFixed(1)} ms/req load ${row.load}`,
  );
  if (sample) log(`  e.g. ${sample}`);
  return row;
}

interface ExportRow {
  db: string;
  lines: number;
  bytes: number;
  seconds: number;
  status: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  cpuSeconds: number;
  load: string;
}

/** Streams the export to nowhere, counting; samples the API's RSS meanwhile. */
async function exportRun(db: string, child: Child, pathname: string, token: string): Promise<ExportRow> {
  const before = child.rssKb();
  const cpu0 = child.cpuMs();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, child.rssKb());
  }, 25);
  const t0 = performance.now();
  let bytes = 0;
  let newlines = 0;
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: child.port,
        path: API + pathname,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) newlines++;
        });
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, child.rssKb());
  const row: ExportRow = {
    db,
    lines: Math.max(0, newlines - 1),
    bytes,
    seconds,
    status,
    rssBeforeMb: before / 1024,
    rssPeakMb: peak / 1024,
    cpuSeconds: (child.cpuMs() - cpu0) / 1000,
    load: load(),
  };
  log(
    `${db} ledger export: ${row.lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (HTTP ${status}); API RSS ${row.rssBeforeMb.toFixed(0)} → peak ${row.rssPeakMb.toFixed(0)} MB, API CPU ${row.cpuSeconds.toFixed(1)} s; load ${row.load}`,
  );
  return row;
}

// ---------------------------------------------------------------------------------------------------
// A volunteer's own routes, empty against seeded, interleaved

interface Volunteer {
  id: number;
  communityId: number;
  /** The volunteer's ledger lines. */
  lines: number;
  cert: boolean;
  /** The id of the volunteer's 21st oldest line (the older page reads the 20 before it), if any. */
  older: string | null;
}

/** Same lines, same certificate (issued or not): the routes read and present as much for both. */
const volunteerKey = (v: Volunteer) => `${v.lines}/${v.cert ? 'c' : '-'}`;

async function findVolunteers(url: string, ids?: number[]): Promise<Volunteer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query(
        `SELECT u.id, u.community_id AS "communityId",
                (SELECT count(*) FROM ledger_entries l WHERE l.account_id = u.id)::int AS lines,
                EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = u.id) AS cert,
                (SELECT l.id FROM ledger_entries l WHERE l.account_id = u.id ORDER BY l.id LIMIT 1 OFFSET 20) AS older
           FROM users u WHERE u.role = 'volunteer' AND ($1::int[] IS NULL OR u.id = ANY($1::int[]))`,
        [ids ?? null],
      )
    ).rows as Volunteer[];
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * Volunteers drawn at random over the seeded database, each paired with a volunteer of the empty
 * one with the same number of lines and the same certificate state; draws without a twin are skipped.
 */
async function pairVolunteers(empty: ScaleSeedResult, seeded: ScaleSeedResult, want: number) {
  const twins = new Map<string, Volunteer[]>();
  for (const v of await findVolunteers(empty.url)) {
    const k = volunteerKey(v);
    twins.set(k, [...(twins.get(k) ?? []), v]);
  }
  const { first, last } = seeded.volunteerIds;
  const range = last - first + 1;
  const ids = new Set<number>();
  while (ids.size < Math.min(range, Math.ceil(want * 1.5)))
    ids.add(first + Math.floor(Math.random() * range));
  const drawn = await findVolunteers(seeded.url, [...ids]);
  for (let i = drawn.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [drawn[i], drawn[j]] = [drawn[j]!, drawn[i]!];
  }
  const pairs: Array<{ empty: Volunteer; seeded: Volunteer }> = [];
  let unmatched = 0;
  const used = new Map<string, number>();
  for (const s of drawn) {
    if (pairs.length >= want) break;
    const k = volunteerKey(s);
    const list = twins.get(k);
    if (!list?.length) {
      unmatched++;
      continue;
    }
    // Round robin over the twins, so the empty side spreads over as many volunteers as it can.
    const n = used.get(k) ?? 0;
    used.set(k, n + 1);
    pairs.push({ empty: list[n % list.length]!, seeded: s });
  }
  const emptyVolunteers = new Set(pairs.map((p) => p.empty.id)).size;
  return { pairs, unmatched, emptyVolunteers };
}

interface RouteSpec {
  what: string;
  /** For the targets: the route's name and request. */
  target: string;
  path: (v: Volunteer) => string;
  ok: (status: number) => boolean;
  applies: (v: Volunteer) => boolean;
}

const volunteerRoutes: RouteSpec[] = [
  {
    what: 'balance: GET /me/ledger?limit=1',
    target: 'balance (GET /me/ledger?limit=1)',
    path: () => '/me/ledger?limit=1',
    ok: (s) => s === 200,
    applies: () => true,
  },
  {
    what: 'certificate status: GET /me/certificate',
    target: 'certificate status (GET /me/certificate)',
    path: () => '/me/certificate',
    ok: (s) => s === 200 || s === 404,
    applies: () => true,
  },
  {
    what: 'ledger history, first page: GET /me/ledger (up to 100 lines)',
    target: 'history, first page (GET /me/ledger)',
    path: () => '/me/ledger',
    ok: (s) => s === 200,
    applies: () => true,
  },
  {
    what: 'ledger history, older page: GET /me/ledger?limit=20&before=… (20 lines)',
    target: 'history, older page (GET /me/ledger?limit=20&before=…)',
    path: (v) => `/me/ledger?limit=20&before=${v.older}`,
    ok: (s) => s === 200,
    applies: (v) => v.older !== null,
  },
];

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bad: number;
  cpuMs: number;
  /** p50 of the warm-up pass: each volunteer's first request to this route. */
  firstPassP50: number;
}

interface CompareRow {
  what: string;
  target: string;
  volunteers: number;
  /** Mean ledger lines of the volunteers asked (the same on both sides). */
  meanLines: number;
  empty: Stats;
  seeded: Stats;
  note?: string;
}

/**
 * The same requests, for twin volunteers, against both databases: a warm-up pass over every pair,
 * then rounds of `batch` requests to one database and the same `batch` to the other, the order
 * swapped every round and route, until `samples` requests per route and database (or `budgetMs`,
 * always whole rounds). Load from other work on the machine then lands on both alike.
 */
async function compareVolunteerRoutes(o: {
  empty: { seed: ScaleSeedResult; child: Child };
  seeded: { seed: ScaleSeedResult; child: Child };
  pool: number;
  samples: number;
  batch: number;
  budgetMs: number;
}): Promise<{
  rows: CompareRow[];
  pairs: number;
  unmatched: number;
  emptyVolunteers: number;
  rounds: number;
}> {
  const { pairs, unmatched, emptyVolunteers } = await pairVolunteers(o.empty.seed, o.seeded.seed, o.pool);
  if (!pairs.length) throw new Error('no seeded volunteer has a twin in the empty database');
  log(
    `${pairs.length} volunteer pairs (${unmatched} seeded draws without a twin skipped; ${emptyVolunteers} distinct volunteers on the empty side)`,
  );
  const sides = [
    { db: 'empty' as const, child: o.empty.child, tokens: [] as string[] },
    { db: 'seeded' as const, child: o.seeded.child, tokens: [] as string[] },
  ];
  for (const side of sides)
    side.tokens = await side.child.tokens(
      pairs.map((p) => ({ id: p[side.db].id, role: 'volunteer', communityId: p[side.db].communityId })),
    );

  const routes = volunteerRoutes
    .map((spec) => {
      const idx = pairs.map((_, i) => i).filter((i) => spec.applies(pairs[i]!.seeded));
      const acc = () => ({ lat: [] as number[], first: [] as number[], bad: 0, cpuMs: 0, sample: '' });
      return { spec, idx, acc: { empty: acc(), seeded: acc() } };
    })
    .filter((r) => r.idx.length > 0);

  const one = async (side: (typeof sides)[number], route: (typeof routes)[number], i: number) => {
    const res = await get(side.child.port, route.spec.path(pairs[i]![side.db]), side.tokens[i]!);
    const a = route.acc[side.db];
    if (!route.spec.ok(res.status)) {
      a.bad++;
      a.sample ||= `${side.db} ${route.spec.path(pairs[i]![side.db])} → ${res.status} ${res.body.slice(0, 200)}`;
    }
    return res.ms;
  };

  // Warm-up: every pair once per route and database (each volunteer's first request, kept apart).
  for (const [r, route] of routes.entries())
    for (const side of r % 2 ? [...sides].reverse() : sides)
      for (const i of route.idx) route.acc[side.db].first.push(await one(side, route, i));
  for (const route of routes)
    for (const side of sides) Object.assign(route.acc[side.db], { bad: 0, sample: '' });
  log(`warm-up done (one request per pair, route and database); load ${load()}`);

  const t0 = performance.now();
  let rounds = 0;
  for (let done = 0; done < o.samples; done += o.batch) {
    if (rounds >= 2 && performance.now() - t0 > o.budgetMs) {
      log(`time budget of ${(o.budgetMs / 1000).toFixed(0)} s reached after ${rounds} rounds`);
      break;
    }
    const size = Math.min(o.batch, o.samples - done);
    for (const [r, route] of routes.entries()) {
      for (const side of (rounds + r) % 2 ? [...sides].reverse() : sides) {
        const a = route.acc[side.db];
        const cpu0 = side.child.cpuMs();
        for (let j = 0; j < size; j++)
          a.lat.push(await one(side, route, route.idx[(done + j) % route.idx.length]!));
        a.cpuMs += side.child.cpuMs() - cpu0;
      }
    }
    rounds++;
    if (rounds % 20 === 0)
      log(
        `  round ${rounds}: ${done + size} of ${o.samples} requests per route and database; load ${load()}`,
      );
  }

  const stats = (a: (typeof routes)[number]['acc']['empty']): Stats => {
    const lat = [...a.lat].sort((x, y) => x - y);
    const first = [...a.first].sort((x, y) => x - y);
    return {
      n: lat.length,
      p50: pct(lat, 50),
      p95: pct(lat, 95),
      p99: pct(lat, 99),
      max: lat[lat.length - 1] ?? Number.NaN,
      bad: a.bad,
      cpuMs: a.cpuMs / Math.max(1, lat.length),
      firstPassP50: pct(first, 50),
    };
  };
  const rows = routes.map((route): CompareRow => {
    const row: CompareRow = {
      what: route.spec.what,
      target: route.spec.target,
      volunteers: route.idx.length,
      meanLines: route.idx.reduce((s, i) => s + pairs[i]!.seeded.lines, 0) / route.idx.length,
      empty: stats(route.acc.empty),
      seeded: stats(route.acc.seeded),
    };
    const note = route.acc.empty.sample || route.acc.seeded.sample;
    if (note) row.note = note;
    const e = row.empty;
    const s = row.seeded;
    log(
      `${row.what}: empty p50/p95/p99 ${fmt(e.p50)}/${fmt(e.p95)}/${fmt(e.p99)} ms, seeded ${fmt(s.p50)}/${fmt(s.p95)}/${fmt(s.p99)} ms (n=${e.n}/${s.n}, bad ${e.bad}/${s.bad}); seeded/empty p50 ×${ratio(s.p50, e.p50)}, p95 ×${ratio(s.p95, e.p95)}`,
    );
    if (note) log(`  e.g. ${note}`);
    return row;
  });
  return { rows, pairs: pairs.length, unmatched, emptyVolunteers, rounds };
}

// ---------------------------------------------------------------------------------------------------
// Dashboards, one database after the other

async function benchDashboards(db: string, seed: ScaleSeedResult, child: Child, rows: Row[]) {
  const client = new pg.Client({ connectionString: seed.url });
  await client.connect();
  const small = (
    await client.query(
      `SELECT id, community_id AS "communityId" FROM users WHERE role = 'officer' ORDER BY id DESC LIMIT 1`,
    )
  ).rows[0] as { id: number; communityId: number };
  await client.end();
  const [officer, smallOfficer, admin] = await child.tokens([
    { ...seed.officer, role: 'officer' },
    { ...small, role: 'officer' },
    { ...seed.districtAdmin, role: 'district_admin' },
  ]);
  rows.push(
    await measure(
      db,
      seed.counts.communities! > 1
        ? `community dashboard, big community (${seed.exportLinesBig.toLocaleString('en')} lines): GET /dashboard`
        : 'community dashboard: GET /dashboard',
      child,
      50,
      60_000,
      () => ({
        path: '/dashboard',
        token: officer!,
      }),
    ),
  );
  if (seed.counts.communities! > 1)
    rows.push(
      await measure(db, 'community dashboard, small community: GET /dashboard', child, 50, 60_000, () => ({
        path: '/dashboard',
        token: smallOfficer!,
      })),
    );
  rows.push(
    await measure(
      db,
      `district dashboard (${seed.counts.communities} ${seed.counts.communities === 1 ? 'community' : 'communities'}): GET /dashboard/district`,
      child,
      20,
      90_000,
      () => ({ path: '/dashboard/district', token: admin! }),
    ),
  );
}

/** The export in a fresh API process, so its RSS is the export's and not the dashboards' leftovers. */
async function benchExport(db: string, seed: ScaleSeedResult, exports: ExportRow[]) {
  const child = await startChild(seed.url);
  try {
    const [officer] = await child.tokens([{ ...seed.officer, role: 'officer' }]);
    await get(child.port, '/me', officer!); // one request first, as a running server would have had
    exports.push(
      await exportRun(
        db,
        child,
        `/exports/ledger?from=${seed.exportFrom}&to=${seed.exportTo}&communityId=${seed.bigCommunityId}`,
        officer!,
      ),
    );
  } finally {
    await child.stop();
  }
}

async function dropDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

/** Reads back what the seeding reports, from a database seeded earlier. */
async function describeSeeded(url: string): Promise<ScaleSeedResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const one = async (sql: string) => (await c.query(sql)).rows[0] as Record<string, string>;
  const counts: Record<string, number> = {};
  for (const t of [
    'districts',
    'communities',
    'users',
    'accounts',
    'activities',
    'attendances',
    'ledger_entries',
    'certificates',
  ])
    counts[t] = Number((await one(`SELECT count(*) AS n FROM ${t}`)).n);
  const vr = await one(`SELECT min(id) AS first, max(id) AS last FROM users WHERE role = 'volunteer'`);
  const officer = await one(`SELECT id FROM users WHERE role = 'officer' AND community_id = 1`);
  const admin = await one(
    `SELECT id, community_id FROM users WHERE role = 'district_admin' ORDER BY id LIMIT 1`,
  );
  const big = await one(
    `SELECT count(*) AS n, min(created_at) AS first FROM ledger_entries WHERE community_id = 1`,
  );
  const note = await one(
    `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = current_database()`,
  );
  let timing: Pick<ScaleSeedResult, 'seconds' | 'steps'> = { seconds: Number.NaN, steps: [] };
  try {
    timing = JSON.parse(note.d ?? '');
  } catch {}
  await c.end();
  const day = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    url,
    name: new URL(url).pathname.slice(1),
    seconds: timing.seconds,
    steps: timing.steps,
    counts,
    bigCommunityId: 1,
    districtAdmin: { id: Number(admin.id), communityId: Number(admin.community_id) },
    officer: { id: Number(officer.id), communityId: 1 },
    volunteerSample: [],
    volunteerIds: { first: Number(vr.first), last: Number(vr.last) },
    exportFrom: day(new Date(Date.now() - 365 * 24 * 3600_000)),
    exportTo: day(new Date()),
    exportLinesBig: Number(big.n),
  };
}

/** What the EXPLAIN ANALYZE of the slow queries showed and what was changed (kept with the figures). */
const NOTES = `
## What was slow at scale, and what changed

EXPLAIN ANALYZE on the seeded database (PostgreSQL 15, 5 million lines) of every query behind the
measured routes (timings from psql or the service called directly, on the shared machine):

- **Ledger export** (\`/exports/ledger\`): the keyset batch (\`community_id = ? AND id > ? ORDER BY id
  LIMIT 1000\`) had only the primary key to go by: a parallel index scan of the whole table, filtering
  out the other communities' lines, ~1.4 s per batch for a community with 1 % of the lines (1,000
  batches for a million lines). Index **\`ledger_entries (community_id, id)\`**: ~1.4 ms per batch for
  that community; ~11 ms per batch of 1,000 rows with their joins for the big one (the planner keeps
  the primary key there, as a fifth of all lines are that community's).
- **Dashboard, service by week and month** (first step): a sequential scan of all 5 million lines per
  community and per period (~1.8 s each). Index **\`ledger_entries (community_id, created_at, amount,
  minutes)\`** (also used by the hours export): an index-only scan, summed per local day in one query.
  Still one pass over every line of the 26 weeks: 253,000 index entries for the big community
  (136–218 ms), 1.26 million for the district (0.9–1.0 s, 17,310 day groups).
- **Dashboard, service by week and month — daily rollup** (second step): table **\`ledger_daily
  (community_id, day, amount, minutes, lines)\`**, the lines summed per community and local day
  (Asia/Shanghai), kept by a trigger on \`ledger_entries\` (migrations \`0006_ledger_daily.sql\`,
  \`0007_ledger_daily_trigger.sql\`, which also backfills it: 1.9 s for 5 million lines). The series
  read the rollup's whole days after the window's first day (183 rows per community) and sum the
  lines of that first, partial day (from now − 26 weeks to the next local midnight, ~4,000 index
  entries for the district) straight from the index, so the figures are exactly those of the
  GROUP BY over the lines; weeks (Monday) and months are summed in the same query. Big community
  3.7 + 1.0 ms, district 8–40 + 2 ms. The trigger is a deferred constraint trigger (\`AFTER INSERT …
  DEFERRABLE INITIALLY DEFERRED\`): the day's row is updated when the crediting transaction commits,
  so credits in one community queue on that hot row only for the moment of their commit, never while
  they hold account locks or issue certificates; a retried line (\`ON CONFLICT DO NOTHING\`) or a
  rolled-back transaction adds nothing. Lock order is unchanged (accounts in user order, the line, the
  community's certificate counter, then at commit the rollup row); two batches that each span two
  communities in opposite orders could still meet at commit, as they already could on the
  certificate counter, and \`inTransaction\` retries deadlocks (each costs PostgreSQL's
  \`deadlock_timeout\`, 1 s: the test of ten such pairs takes ~7 s on PostgreSQL, and all land once).
  The seeder loads with triggers off and
  rebuilds the rollup from the lines (4.8 s), and its verification compares the two.
- **Dashboard, active volunteers** (distinct attendees since a date): a bitmap scan of all the
  community's attendances (~1.1 s for 1 million). Index **\`attendances (community_id, created_at,
  user_id)\`**: an index-only scan, ~2 ms for an ordinary community, 14–22 ms for the big one,
  52–130 ms for the district (310,000 index entries).
- **Dashboard, expected attendance — a bug**: the subquery counting an activity's attendances read
  \`a.activity_id = "id"\` (drizzle leaves a lone column unqualified), and inside the subquery \`"id"\` is
  \`attendances.id\`: uncorrelated, so it counted attendances whose id equals their activity id (right in
  the test only because both ids are 1; on the seeded database it gave 12,253 expected places for
  63,000 attendances) and scanned attendances once per activity (~0.9 s per community). Now
  \`"activities"."id"\`: correct figures.
- **Dashboard, held / expected / attended**: one pass over the period's activities, each with its
  attendances counted. As a scalar subquery in the select list, the planner evaluated the count once
  for each aggregate that used it (twice: 121,000 index probes for the district's 60,762 activities),
  and the doubled cost estimate (636,000) switched on JIT with inlining and optimisation: 284 ms of
  compiling in a 522–770 ms query. Now a \`CROSS JOIN LATERAL\` count (one probe per activity) and
  \`SET LOCAL jit = off\` for that query: big community 80 → 53 ms, district 139–159 ms (then its
  largest query; 210–350 ms under load on a slower machine, where the district's p99 was 326–355 ms).
- **Dashboard, held / expected / attended — kept count** (2026-12-04): column
  **\`activities.attended_count\`**, kept by a deferred constraint trigger on \`attendances\` (insert,
  delete, a move to another activity; migration \`0009_activity_attended_count.sql\`, which backfills
  it), and index **\`activities (community_id, ends_at)\`**: the pass reads the period's activities and
  no attendances. District query 124–135 → 31–33 ms in psql on the idle seeded database; the
  district dashboard's p99 81–88 ms in this run. The count is updated when the check-in commits, so
  check-ins at one activity queue on its row only for that instant (like \`ledger_daily\`);
  \`test/server/modules/activities/attended-count.test.ts\` checks it against a count of the
  attendances after records, a rollback, 40 concurrent records, a move and a delete (PGlite and
  PostgreSQL). The seeder fills it after its bulk load (2.8 s) and its verification compares the two.
- **District dashboard**: ran the whole community dashboard once per community, one after another
  (100 × ~11 queries: 115 s under a load of 32, 18 s under 10 with the bug above fixed). Every figure
  is one grouped query (\`GROUP BY community_id\`) over the district's communities, and the eight are
  now sent at once over the API's pool instead of one after another. The API's own CPU for the
  district fell from ~100 ms to 15–45 ms a request: it no longer maps 17,000 day rows and works out
  a week start for each in JavaScript.
- **Same output**: the previous service (commit f82886a) and this one, called with the same clock on
  the seeded database, return byte for byte the same JSON for the big community and the district;
  \`test/server/modules/dashboard/ledger-daily.test.ts\` checks the rollup against a GROUP BY over the
  lines after credits, corrections, a retry, a rollback and concurrent credits, with lines at 23:59,
  00:00 and 00:01 local time, and the dashboard's series against sums over the lines with a partial
  first day (PGlite and PostgreSQL).
- Migration \`server/drizzle/0004_alliance_programmes.sql\` holds the three indexes above. On a
  5-million-line database creating them took ~30 s; they are plain \`CREATE INDEX\`, which blocks writes
  to the two tables meanwhile — on a live database this size, create the indexes \`CONCURRENTLY\` by
  hand first, under the same names, and let the migration be recorded. Index-only scans need the
  visibility map, which autovacuum keeps after inserts (PostgreSQL ≥ 13). The rollup's migration
  holds a lock on \`ledger_entries\` for its backfill (~2 s for 5 million lines).

Left as they are:

- The balance, certificate and history routes were already index lookups (\`accounts\` primary key,
  \`certificates (user_id)\` unique, \`ledger_entries (account_id, id)\`): their cost is the HTTP stack
  (ES256 session check, user lookup), about the same on both databases.
- The district dashboard's remaining cost is the active volunteers (a hash aggregate over the
  district's ~310,000 attendances of 90 days, 52–95 ms) and the held/attended pass (~30 ms).
- The hours export groups the period's lines per volunteer and pages by volunteer id; each page
  re-aggregates the whole period (not measured here; fine for ordinary communities, slow for the big
  one). One streamed \`GROUP BY\` through a cursor would read the lines once.
- The export's speed is bounded by the API's CPU (~6.5 s of CPU for a million lines: CSV formatting)
  and PostgreSQL's (~11 ms per batch of 1,000); on a loaded machine the wall time follows the load
  (45 s under a load of 30, 19.5–23 s under 10–12, 9.6–13.7 s under 3–8).
- The export's memory does not grow with the lines (one batch at a time, and the response stream
  applies back-pressure). The API idles at ~95 MB (the esbuild bundle, as \`npm start\` runs it; ~185
  MB through tsx). With batches of 1,000 rows its RSS peaked at 198–202 MB in every export of four
  (\`--exports 4\`, \`SCALE_MEM_TRACE=1\`: heap 137 MB of which 107 MB in use, external memory only 5
  MB): a batch's row objects stay alive while its result arrives, outlive young-space collections and
  are promoted, and the old space grows until a full collection. Batches of 500: peak 125–136 MB
  (heap 67–73 MB), 6.7 s instead of 6.3 s; 250: 125 MB, 8.1 s; 4,000: 223 MB, 5.6 s. A smaller young
  generation (\`--max-semi-space-size=2\`) gave 165–169 MB at 1,000 and ~6 % more time; not used.
- Not seeded: enrolments, notifications, merchants, checks (the dashboards' merchant figures are empty).
`;

function report(o: {
  rows: Row[];
  exports: ExportRow[];
  compare: Awaited<ReturnType<typeof compareVolunteerRoutes>>;
  compareLoad: { start: string; end: string };
  batch: number;
  seed: ScaleSeedResult;
  empty: ScaleSeedResult;
  seededHere: boolean;
  pgVersion: string;
  machine: string;
  loadAtStart: string;
  totalSeconds: number;
}) {
  const { seed, empty, compare } = o;
  const lines: string[] = [];
  const target = (what: string, ok: boolean) => `| ${what} | ${ok ? 'yes' : '**no**'} |`;
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ');
  const perVolunteer = (s: ScaleSeedResult) =>
    Math.round((s.counts.ledger_entries ?? 0) / (s.volunteerIds.last - s.volunteerIds.first + 1));
  const three = (s: Stats) => `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}`;
  lines.push(
    '# Performance at scale',
    '',
    `Produced by \`npm run bench:scale\` (\`bench/scale.ts\`, seeding by \`bench/scale-seed.ts\`) on ${new Date().toISOString()}.`,
    'Figures, not assertions; rerun on the target machine before relying on them.',
    `Total run time ${o.totalSeconds.toFixed(0)} s.`,
    '',
    '## Machine and tools',
    '',
    `- ${o.machine}`,
    `- Node ${process.version}; ${o.pgVersion} (the API's \`pg\` pool of 10, default server settings)`,
    `- 1/5/15-minute load average at the start: ${o.loadAtStart}; during the comparison of the volunteer routes ${o.compareLoad.start} → ${o.compareLoad.end}; each dashboard or export row gives the load at its end. The machine's 2 cores are shared with other work, so figures are noisy; compare the two databases, measured in the same run.`,
    "- The API (createApp, as `npm start` builds it) runs in its own child process (`bench/scale-server.ts`, bundled by `scripts/build-server.mjs` into `bench/dist/scale-server.mjs` and run by plain node, no tsx), one per database; requests go over 127.0.0.1, one at a time (latency, not throughput), each with a session signed by the app's token service.",
    `- A volunteer's own routes (balance, certificate status, history pages): ${compare.pairs} volunteers drawn at random over the seeded database's communities, each paired with a volunteer of the empty database with the same number of ledger lines and the same certificate state (issued or not), so both sides read and send as much — the same page sizes, the same 200 or 404 (${compare.unmatched} draws without such a twin skipped; ${compare.emptyVolunteers} distinct volunteers on the empty side). Both API processes run side by side. After a warm-up pass (one request per pair, route and database: the "first request" column), the requests go in rounds: ${o.batch} to one database, then the same ${o.batch} (the twins) to the other, the order swapped every round and route (${compare.rounds} rounds), so load from other work lands on both alike. p50/p95/p99 over the \`n\` requests after the warm-up; API CPU is the child's user + system time over those requests (10 ms ticks).`,
    '- Dashboards: the officer of community 1 (the big one), the officer of the last community (a small one) and the district administrator; one database after the other, p50/p95/p99 over the `n` requests after 2 warm-ups.',
    "- Export: in a fresh API process (after one request), the client streams the CSV to nowhere counting bytes and lines; the API's RSS is read from /proc every 25 ms.",
    '',
    '## Data',
    '',
    `- Empty: ${counts(empty.counts)} (\`bench/scale-seed.ts\` at a small size, shaped like the seeded one: ${perVolunteer(empty)} lines a volunteer on average, histories of 1 to ${2 * perVolunteer(empty) - 1} lines, a certificate where lifetime points reach the community's threshold).`,
    `- Seeded: ${counts(seed.counts)}; community 1 holds ${seed.exportLinesBig.toLocaleString('en')} lines (the export), over the past 360 days.`,
    Number.isFinite(seed.seconds)
      ? `- Seeding time${o.seededHere ? '' : ` (when ${seed.name} was seeded, before this run)`} ${seed.seconds} s: ${seed.steps.map((s) => `${s.step.replace(/ \(.*\)$/, '')} ${s.seconds} s`).join('; ')}.`
      : `- Seeded earlier into ${seed.name} (seeding time not recorded).`,
    '',
    '## Results',
    '',
    "### A volunteer's own routes, empty and seeded interleaved",
    '',
    '| request | volunteers | lines each (mean) | n per database | empty p50 / p95 / p99 ms | seeded p50 / p95 / p99 ms | seeded / empty p50 | seeded / empty p95 | first request p50 ms, empty / seeded | API CPU ms/req, empty / seeded | bad, empty / seeded |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...compare.rows.map(
      (r) =>
        `| ${r.what} | ${r.volunteers} | ${fmt(r.meanLines)} | ${r.empty.n === r.seeded.n ? r.empty.n : `${r.empty.n} / ${r.seeded.n}`} | ${three(r.empty)} | ${three(r.seeded)} | ${ratio(r.seeded.p50, r.empty.p50)} | ${ratio(r.seeded.p95, r.empty.p95)} | ${fmt(r.empty.firstPassP50)} / ${fmt(r.seeded.firstPassP50)} | ${fmt(r.empty.cpuMs)} / ${fmt(r.seeded.cpuMs)} | ${r.empty.bad} / ${r.seeded.bad} |`,
    ),
    '',
    '### Dashboards and the export',
    '',
    '| database | request | n | p50 ms | p95 ms | p99 ms | max ms | bad | API CPU ms/req | load |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...o.rows.map(
      (r) =>
        `| ${r.db} | ${r.what} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.bad} | ${fmt(r.cpuMs)} | ${r.load} |`,
    ),
    '',
    '| database | ledger export (CSV, 366 days, one community) | lines | MB | seconds | API CPU s | API RSS before → peak (MB) | load |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...o.exports.map(
      (e) =>
        `| ${e.db} | GET /exports/ledger → ${e.status} | ${e.lines.toLocaleString('en')} | ${(e.bytes / 1e6).toFixed(1)} | ${e.seconds.toFixed(1)} | ${e.cpuSeconds.toFixed(1)} | ${e.rssBeforeMb.toFixed(0)} → ${e.rssPeakMb.toFixed(0)} | ${e.load} |`,
    ),
    '',
    '## Targets (seeded database)',
    '',
    '"Within ±20 % of the empty database": seeded p50 ≤ 1.2 × empty p50, from the interleaved comparison (faster is fine).',
    '',
    '| target | met |',
    '| --- | :---: |',
  );
  for (const r of compare.rows)
    lines.push(
      target(
        `${r.target} p50 within ±20 % of the empty database (seeded ${fmt(r.seeded.p50)} ms, empty ${fmt(r.empty.p50)} ms: ×${ratio(r.seeded.p50, r.empty.p50)})`,
        r.seeded.bad === 0 && r.empty.bad === 0 && r.seeded.p50 <= 1.2 * r.empty.p50,
      ),
    );
  const seeded = o.rows.filter((r) => r.db === 'seeded');
  for (const r of seeded.filter((r) => r.what.includes('dashboard')))
    lines.push(target(`${r.what.replace(/: GET.*/, '')} p99 < 300 ms (p99 ${fmt(r.p99)} ms)`, r.p99 < 300));
  const ex = o.exports.find((e) => e.db === 'seeded');
  if (ex) {
    lines.push(
      target(
        `export of ${ex.lines.toLocaleString('en')} lines < 30 s (${ex.seconds.toFixed(1)} s)`,
        ex.seconds < 30,
      ),
    );
    lines.push(
      target(`API peak RSS during the export < 200 MB (${ex.rssPeakMb.toFixed(0)} MB)`, ex.rssPeakMb < 200),
    );
  }
  if (Number.isFinite(seed.seconds))
    lines.push(target(`seeding the full size < 5 minutes (${seed.seconds} s)`, seed.seconds < 300));
  lines.push('', NOTES.trim());
  return `${lines.join('\n')}\n`;
}

const num = (name: string, dflt: number) => {
  const v = flag(name);
  if (v === undefined) return dflt;
  const x = Number(v);
  if (!Number.isInteger(x) || x <= 0) throw new Error(`--${name} ${v}: a positive whole number`);
  return x;
};

async function main() {
  const seedOpts = parseSeedArgs(args);
  const adminUrl = seedOpts.adminUrl;
  const samples = num('samples', 2000);
  const batch = num('batch', 20);
  const pool = num('pool', 400);
  const emptyVolunteers = num('empty-volunteers', 400);
  const budgetMs = num('compare-seconds', 1200) * 1000;
  const loadAtStart = load();
  let mem = '';
  try {
    mem = execSync('free -g', { encoding: 'utf8' }).split('\n')[1]!.trim().split(/\s+/)[1]!;
  } catch {}
  const machine = `CPU: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} (nproc ${os.availableParallelism()}); memory ${mem || (os.totalmem() / 2 ** 30).toFixed(0)} GiB (free -g); ${os.type()} ${os.release()}`;
  const rows: Row[] = [];
  const exports: ExportRow[] = [];

  // The seeded database first: the empty one is then shaped like it (lines per volunteer, thresholds).
  const seededUrl = flag('seeded-url');
  let seed: ScaleSeedResult;
  if (seededUrl) {
    seed = await describeSeeded(seededUrl);
    log(`using ${seededUrl}: ${JSON.stringify(seed.counts)}`);
  } else {
    log(
      `seeding ${seedOpts.communities} communities, ${seedOpts.volunteers} volunteers, ${seedOpts.lines} lines`,
    );
    seed = await seedScale({ ...seedOpts, log: (s) => log(s) });
  }
  // --exports N: only the seeded export, N times, each in a fresh API process (memory experiments).
  const exportsOnly = flag('exports');
  if (exportsOnly) {
    for (let i = 0; i < Number(exportsOnly); i++) await benchExport('seeded', seed, exports);
    agent.destroy();
    return;
  }
  const perVolunteer = Math.max(
    1,
    Math.floor((seed.counts.ledger_entries ?? 0) / (seed.volunteerIds.last - seed.volunteerIds.first + 1)),
  );
  const emptyCommunities = Math.min(4, seed.counts.communities ?? 1); // the four certificate thresholds
  const emptyV = Math.max(emptyVolunteers, emptyCommunities);
  log(
    `seeding the empty database: ${emptyCommunities} communities, ${emptyV} volunteers, ${perVolunteer * emptyV} lines`,
  );
  let empty: ScaleSeedResult | undefined;
  let compare: Awaited<ReturnType<typeof compareVolunteerRoutes>>;
  const compareLoad = { start: '', end: '' };
  let pgVersion = '';
  try {
    empty = await seedScale({
      ...seedOpts,
      communities: emptyCommunities,
      volunteers: emptyV,
      lines: perVolunteer * emptyV,
      districts: 1,
      name: undefined,
      log: () => {},
    });
    const emptyChild = await startChild(empty.url);
    let seededChild: Child | undefined;
    try {
      seededChild = await startChild(seed.url);
      pgVersion = seededChild.dbVersion;
      compareLoad.start = load();
      compare = await compareVolunteerRoutes({
        empty: { seed: empty, child: emptyChild },
        seeded: { seed, child: seededChild },
        pool,
        samples,
        batch,
        budgetMs,
      });
      compareLoad.end = load();
      await benchDashboards('empty', empty, emptyChild, rows);
      await benchDashboards('seeded', seed, seededChild, rows);
    } finally {
      await emptyChild.stop();
      await seededChild?.stop();
    }
    await benchExport('empty', empty, exports);
    await benchExport('seeded', seed, exports);
  } finally {
    if (empty) await dropDatabase(adminUrl, empty.name);
    if (args.includes('--drop') && !seededUrl) await dropDatabase(adminUrl, seed.name);
    else log(`seeded database kept: ${seed.url} (rerun with --seeded-url ${seed.url})`);
  }
  agent.destroy();
  const md = report({
    rows,
    exports,
    compare,
    compareLoad,
    batch,
    seed,
    empty,
    seededHere: !seededUrl,
    pgVersion: pgVersion.replace(/ on x86_64.*$/, ''),
    machine,
    loadAtStart,
    totalSeconds: (performance.now() - started) / 1000,
  });
  if (!args.includes('--no-write')) {
    // The hand-written "Path to sharding" section (npm run check:distribution) is kept.
    const file = path.join(root, 'docs', 'scale.md');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const kept = before.indexOf('\n## Path to sharding');
    fs.writeFileSync(file, kept >= 0 ? `${md.replace(/\n+$/, '\n')}${before.slice(kept)}` : md);
    log('wrote docs/scale.md');
  } else process.stdout.write(md);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
