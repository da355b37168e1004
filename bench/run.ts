/**
 * `npm run bench`: figures, never assertions. Starts a bare Koa baseline and the API (bench/server.ts)
 * as child processes on PostgreSQL (a database created and dropped here) and on PGlite (a temp
 * directory), seeds them through the services, loads them over loopback with bench/load.ts, measures
 * `npm start` readiness on a fresh data directory, prints a table and writes docs/benchmarks.md.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tillCode, tillStep } from '@timebank/shared';
import pg from 'pg';
import { buildServer } from '../scripts/build-server.mjs';
import { closedLoop, fixedRate, type Req, type Result } from './load';
import type { SeedRequest, SeedResult, ToChild, ToParent } from './protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const API = '/api/v1';
const started = performance.now();
const log = (s: string) =>
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${s}\n`);

// ---------------------------------------------------------------------------------------------------
// Children

interface Child {
  proc: ChildProcess;
  port: number;
  dbVersion: string;
  call<T extends ToParent['type']>(
    msg: ToChild,
    want: T,
    timeoutMs?: number,
  ): Promise<Extract<ToParent, { type: T }>>;
  stop(): Promise<void>;
}

/** The children run compiled bundles, as `npm start` does (scripts/build-server.mjs). */
async function startChild(script: string, env: Record<string, string>): Promise<Child> {
  const bundle = await buildServer(
    path.join(root, 'bench', script),
    path.join(root, 'bench/dist', script.replace(/\.ts$/, '.mjs')),
  );
  const tsx = process.env.BENCH_TSX === '1';
  const proc = fork(tsx ? path.join(root, 'bench', script) : bundle, [], {
    cwd: root,
    execArgv: [...(tsx ? ['--import', 'tsx'] : ['--enable-source-maps'])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(m: ToParent) => void> = [];
  proc.on('message', (m: ToParent) => {
    if (m.type === 'error') log(`child ${script} error: ${m.message}`);
    const w = waiters.shift();
    w?.(m);
  });
  const next = (timeoutMs: number) =>
    new Promise<ToParent>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${script}: no answer in ${timeoutMs} ms`)), timeoutMs);
      waiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  return next(120_000).then((ready) => {
    if (ready.type !== 'ready') throw new Error(`${script} failed to start`);
    const child: Child = {
      proc,
      port: ready.port,
      dbVersion: ready.dbVersion,
      async call(msg, want, timeoutMs = 180_000) {
        const p = next(timeoutMs);
        proc.send(msg);
        const m = await p;
        if (m.type !== want)
          throw new Error(`${script}: expected ${want}, got ${JSON.stringify(m).slice(0, 500)}`);
        return m as never;
      },
      async stop() {
        if (proc.exitCode !== null) return;
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.send({ type: 'exit' } satisfies ToChild);
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      },
    };
    return child;
  });
}

// ---------------------------------------------------------------------------------------------------
// Request makers

/** Fresh till codes: each (device, step) once; the server accepts the previous, current and next step. */
function codePool(devices: SeedResult['devices']) {
  const used = devices.map(() => new Set<number>());
  let i = 0;
  return () => {
    const now = Date.now();
    const cur = tillStep(now);
    for (let k = 0; k < devices.length; k++) {
      const j = (i + k) % devices.length;
      // Next and current steps first: they stay acceptable for 30 s or more, while a previous-step
      // code can turn 'verify.code_expired' while queued behind a backlog.
      for (const step of [cur + 1, cur, cur - 1]) {
        if (used[j]!.has(step)) continue;
        used[j]!.add(step);
        i = j + 1;
        const d = devices[j]!;
        return tillCode(d.deviceId, d.secretHex, step * 30_000 + 1);
      }
    }
    return null;
  };
}

function verifications(seed: SeedResult) {
  const codes = codePool(seed.devices);
  let s = 0;
  return (): Req | null => {
    const code = codes();
    if (!code) return null;
    const token = seed.staffTokens[s++ % seed.staffTokens.length]!;
    return {
      method: 'POST',
      path: `${API}/verifications`,
      token,
      body: { code },
      ok: (status, body) => status === 200 && body.includes('"valid":true'),
    };
  };
}

function confirmations(ids: number[], token: string) {
  let i = 0;
  return (): Req | null => {
    const id = ids[i++];
    if (id === undefined) return null;
    return {
      method: 'POST',
      path: `${API}/attendance/confirm`,
      token,
      body: { ids: [id] },
      ok: (status, body) => status === 200 && body.includes('"alreadyConfirmed":false'),
    };
  };
}

const directoryReq = (token: string): Req => ({ method: 'GET', path: `${API}/alliance/merchants`, token });
const activitiesReq = (token: string): Req => ({ method: 'GET', path: `${API}/activities`, token });

// ---------------------------------------------------------------------------------------------------
// Results

interface Row {
  db: string;
  what: string;
  r?: Result;
  note?: string;
  /** CPU time of the API (or baseline) process per request, ms. */
  cpuMs?: number;
  /** CPU time of the PostgreSQL server processes per request, ms. */
  dbCpuMs?: number | undefined;
  /** 1-minute load average when the measurement ended (other work on the machine shows here). */
  load: number;
}
const rows: Row[] = [];
const add = (db: string, what: string, r?: Result, note?: string, cpuMs?: number, dbCpuMs?: number) => {
  const load = os.loadavg()[0]!;
  rows.push({ db, what, r, note, cpuMs, dbCpuMs, load });
  const f = r
    ? `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.good}/${r.n} good`
    : '';
  log(
    `${db} · ${what}: ${f} ${note ?? ''} cpu/req ${cpuMs?.toFixed(2) ?? '—'} ms, db cpu/req ${dbCpuMs?.toFixed(2) ?? '—'} ms, load ${load.toFixed(1)}`,
  );
  for (const s of r?.samples ?? []) log(`   bad: ${s}`);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Phases

/** BENCH_ONLY=pg-credits,pg-till,… runs only those phases (and writes no docs): for working on one. */
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const runs = (phase: string) => !only || only.has(phase);

/** CPU (user + system) of every PostgreSQL server process on this machine so far, µs (Linux /proc). */
function postgresCpuMicros(): number {
  const tick = 1e6 / 100; // USER_HZ
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = stat.slice(close + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * tick; // utime, stime
    } catch {
      // The process ended while we read.
    }
  }
  return total;
}

/** CPU (user + system) the child has used so far, µs. */
async function cpuOf(c: Child) {
  return (await c.call({ type: 'cpu' }, 'cpu')).micros;
}

/** Runs a measurement and adds it with the child's CPU time per request. */
async function measured(db: string, what: string, c: Child, run: () => Promise<Result>) {
  const prof = process.env.BENCH_PROF;
  if (prof) await c.call({ type: 'prof', action: 'start' }, 'prof');
  try {
    return await measuredRun(db, what, c, run);
  } finally {
    if (prof) {
      fs.mkdirSync(prof, { recursive: true });
      const file = path.join(prof, `${db}-${what.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.cpuprofile`);
      await c.call({ type: 'prof', action: 'stop', file }, 'prof');
    }
  }
}

async function measuredRun(db: string, what: string, c: Child, run: () => Promise<Result>) {
  const c0 = await cpuOf(c);
  const p0 = db === 'PostgreSQL' ? postgresCpuMicros() : 0;
  const r = await run();
  const cpu = (await cpuOf(c)) - c0;
  const dbCpu = db === 'PostgreSQL' ? (postgresCpuMicros() - p0) / 1000 / Math.max(1, r.n) : undefined;
  add(db, what, r, undefined, cpu / 1000 / Math.max(1, r.n), dbCpu);
  return r;
}

async function bareKoa() {
  const c = await startChild('bare.ts', {});
  try {
    const req = (): Req => ({ method: 'GET', path: '/' });
    await closedLoop('warm-up', c.port, {
      connections: 50,
      durationMs: 1000,
      maxRequests: 50_000,
      next: req,
    });
    const r = await measured('—', 'bare Koa GET / (50 connections)', c, () =>
      closedLoop('bare Koa', c.port, { connections: 50, durationMs: 5000, maxRequests: 500_000, next: req }),
    );
    return r.rps;
  } finally {
    await c.stop();
  }
}

async function credits(db: string, c: Child, seed: SeedResult, httpIds: number[], directIds: number[]) {
  const concurrency = 16;
  const http = await measured(
    db,
    `credits over HTTP: POST /attendance/confirm, 1 id each (${concurrency} connections)`,
    c,
    () =>
      closedLoop('confirm over HTTP', c.port, {
        connections: concurrency,
        durationMs: 60_000,
        maxRequests: httpIds.length,
        next: confirmations(httpIds, seed.officerToken),
      }),
  );
  const c0 = await cpuOf(c);
  const p0 = db === 'PostgreSQL' ? postgresCpuMicros() : 0;
  const d = await c.call({ type: 'direct-confirm', ids: directIds, concurrency }, 'direct-done');
  const cpu = (await cpuOf(c)) - c0;
  const dbCpu = db === 'PostgreSQL' ? (postgresCpuMicros() - p0) / 1000 / d.n : undefined;
  const directRps = d.n / (d.ms / 1000);
  add(
    db,
    `credits direct: attendance.confirmAttendance() in the API process (${concurrency} at once)`,
    undefined,
    `${directRps.toFixed(0)} req/s (${d.n} in ${(d.ms / 1000).toFixed(2)} s, ${d.errors} errors)`,
    cpu / 1000 / d.n,
    dbCpu,
  );
  return { http: http.rps, direct: directRps };
}

async function reads(db: string, c: Child, seed: SeedResult, durationMs: number) {
  const out: Record<string, number> = {};
  for (const [name, make] of [
    ['GET /alliance/merchants', directoryReq],
    ['GET /activities', activitiesReq],
  ] as const) {
    await closedLoop('warm-up', c.port, {
      connections: 50,
      durationMs: 500,
      maxRequests: 5000,
      next: () => make(seed.readerToken),
    });
    const r = await measured(db, `${name} as a volunteer (50 connections)`, c, () =>
      closedLoop(name, c.port, {
        connections: 50,
        durationMs,
        maxRequests: 500_000,
        next: () => make(seed.readerToken),
      }),
    );
    out[name] = r.rps;
  }
  return out;
}

async function postgres() {
  const name = `tb_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let c: Child | undefined;
  try {
    c = await startChild('server.ts', { BENCH_DATABASE_URL: url.toString() });
    const req: SeedRequest = { toConfirm: 2400, merchants: 8, staff: 300, certified: 2200, upcoming: 20 };
    log(`PostgreSQL: seeding ${JSON.stringify(req)}`);
    const { result: seed } = await c.call({ type: 'seed', request: req }, 'seeded');
    log(`PostgreSQL: seeded in ${(seed.seedMs / 1000).toFixed(1)} s`);
    const half = seed.confirmIds.length / 2;
    const cr = runs('pg-credits')
      ? await credits('PostgreSQL', c, seed, seed.confirmIds.slice(0, half), seed.confirmIds.slice(half))
      : { http: Number.NaN, direct: Number.NaN };

    const verify = verifications(seed);
    await closedLoop('warm-up', c.port, { connections: 8, durationMs: 1000, maxRequests: 200, next: verify });
    const none = { rps: Number.NaN, p50: Number.NaN, p99: Number.NaN, good: 0, n: 0, bad: 0 } as Result;
    const fixed = !runs('pg-till')
      ? none
      : await measured('PostgreSQL', 'till checks POST /verifications at a fixed 500 req/s for 10 s', c, () =>
          fixedRate('till 500/s', c!.port, { rate: 500, durationMs: 10_000, maxInFlight: 256, next: verify }),
        );
    const sat = !runs('pg-till')
      ? none
      : await measured('PostgreSQL', 'till checks at saturation (32 connections, 5 s)', c, () =>
          closedLoop('till saturation', c!.port, {
            connections: 32,
            durationMs: 5000,
            maxRequests: 5000,
            next: verify,
          }),
        );
    const rd = runs('pg-reads') ? await reads('PostgreSQL', c, seed, 5000) : {};
    return { version: c.dbVersion, credits: cr, till: { fixed, sat }, reads: rd, seedMs: seed.seedMs };
  } finally {
    await c?.stop();
    const a = new pg.Client({ connectionString: ADMIN_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  }
}

async function pglite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-pglite-'));
  let c: Child | undefined;
  try {
    c = await startChild('server.ts', { BENCH_DATA_DIR: dir });
    const req: SeedRequest = { toConfirm: 1400, merchants: 8, staff: 40, certified: 300, upcoming: 20 };
    log(`PGlite: seeding ${JSON.stringify(req)}`);
    const { result: seed } = await c.call({ type: 'seed', request: req }, 'seeded');
    log(`PGlite: seeded in ${(seed.seedMs / 1000).toFixed(1)} s`);
    const ids = seed.confirmIds;
    const cr = runs('lite-credits')
      ? await credits('PGlite', c, seed, ids.slice(0, 600), ids.slice(600, 1200))
      : { http: Number.NaN, direct: Number.NaN };
    const rd = runs('lite-reads') ? await reads('PGlite', c, seed, 4000) : {};

    // Mixed: 45 % directory, 35 % activity list, 15 % till checks, 5 % confirmations.
    const verify = verifications(seed);
    const confirm = confirmations(ids.slice(1200), seed.officerToken);
    let k = 0;
    const mixed = (): Req | null => {
      const m = k++ % 20;
      if (m < 9) return directoryReq(seed.readerToken);
      if (m < 16) return activitiesReq(seed.readerToken);
      if (m < 19) return verify() ?? directoryReq(seed.readerToken);
      return confirm() ?? activitiesReq(seed.readerToken);
    };
    const mx = !runs('lite-mixed')
      ? ({ p99: Number.NaN, good: 0, n: 0, bad: 0 } as Result)
      : await measured(
          'PGlite',
          'mixed at a fixed 100 req/s for 10 s (45 % directory, 35 % activities, 15 % till, 5 % credits)',
          c,
          () =>
            fixedRate('mixed 100/s', c!.port, {
              rate: 100,
              durationMs: 10_000,
              maxInFlight: 128,
              next: mixed,
            }),
        );
    return { version: c.dbVersion, credits: cr, reads: rd, mixed: mx, seedMs: seed.seedMs };
  } finally {
    await c?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm start` on a PGlite directory: time from spawn to the "is ready" line. */
async function startup(dir: string) {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    SKIP_H5_BUILD: 'true',
    DATA_DIR: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise<{ ms: number; reported: number | null; load: number }>((resolve, reject) => {
      let out = '';
      const t = setTimeout(
        () => reject(new Error(`npm start not ready in 60 s:\n${out.slice(-2000)}`)),
        60_000,
      );
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /is ready in (\d+) ms/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve({ ms: performance.now() - t0, reported: Number(m[1]), load: os.loadavg()[0]! });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`npm start exited (${code}):\n${out.slice(-2000)}`));
      });
    });
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise<void>((r) => {
      if (child.exitCode !== null) r();
      else child.once('exit', () => r());
    });
    // Our own process group (npm → sh → node), by its id.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    const k = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(k);
  }
}

// ---------------------------------------------------------------------------------------------------

function machine() {
  const pglitePkg = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  return {
    cpus: `${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    pglite: pglitePkg.version,
  };
}

const restarts: Array<{ ms: number; reported: number | null; load: number }> = [];
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const pctOf = (a: number, b: number) => `${fmt((100 * a) / b)} %`;

async function main() {
  const date = new Date().toISOString();
  const m = machine();
  log(`machine: ${JSON.stringify(m)}`);
  const bare = runs('bare') ? await bareKoa() : Number.NaN;
  const pgRes = !only || [...only].some((p) => p.startsWith('pg-')) ? await postgres() : null;
  const liteRes = !only || [...only].some((p) => p.startsWith('lite-')) ? await pglite() : null;
  const starts: Array<{ ms: number; reported: number | null; load: number }> = [];
  if (only || !pgRes || !liteRes) {
    for (const r of rows)
      process.stdout.write(
        `${r.db} | ${r.what} | ${r.r ? `${fmt(r.r.rps)} req/s p50 ${fmt(r.r.p50, 1)} p99 ${fmt(r.r.p99, 1)}` : r.note} | API ${fmt(r.cpuMs ?? Number.NaN, 2)} ms/req | DB ${fmt(r.dbCpuMs ?? Number.NaN, 2)} ms/req\n`,
      );
    return;
  }
  for (let i = 0; i < 2; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-start-'));
    try {
      const s = await startup(dir);
      starts.push(s);
      log(
        `npm start on a fresh data directory: ready line after ${fmt(s.ms)} ms (it reports ${s.reported} ms)`,
      );
      if (i === 0) {
        const again = await startup(dir);
        restarts.push(again);
        log(
          `npm start again on that directory: ready line after ${fmt(again.ms)} ms (it reports ${again.reported} ms)`,
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const pgVersion = pgRes.version.split(' on ')[0] ?? pgRes.version;
  const liteVersion = liteRes.version.split(' on ')[0] ?? liteRes.version;
  const crPg = pgRes.credits.http / pgRes.credits.direct;
  const crLite = liteRes.credits.http / liteRes.credits.direct;
  const worstStart = Math.max(...starts.map((s) => s.ms));
  const readPg = Math.min(...Object.values(pgRes.reads)) / bare;
  const readLite = Math.min(...Object.values(liteRes.reads)) / bare;
  const targets = [
    [
      'credits over HTTP ≥ 80 % of direct (PostgreSQL)',
      pctOf(pgRes.credits.http, pgRes.credits.direct),
      crPg >= 0.8,
    ],
    [
      'credits over HTTP ≥ 80 % of direct (PGlite)',
      pctOf(liteRes.credits.http, liteRes.credits.direct),
      crLite >= 0.8,
    ],
    [
      'till checks p99 < 50 ms at 500 req/s (PostgreSQL)',
      `p99 ${fmt(pgRes.till.fixed.p99, 1)} ms, ${pgRes.till.fixed.good}/${pgRes.till.fixed.n} valid, achieved ${fmt(pgRes.till.fixed.rps)} req/s`,
      pgRes.till.fixed.p99 < 50 && pgRes.till.fixed.bad === 0 && pgRes.till.fixed.rps >= 475,
    ],
    ['reads ≥ 30 % of bare Koa (PostgreSQL, slower of the two)', `${fmt(100 * readPg)} %`, readPg >= 0.3],
    ['reads ≥ 30 % of bare Koa (PGlite, slower of the two)', `${fmt(100 * readLite)} %`, readLite >= 0.3],
    [
      'PGlite p99 < 100 ms at 100 mixed req/s',
      `p99 ${fmt(liteRes.mixed.p99, 1)} ms, ${liteRes.mixed.good}/${liteRes.mixed.n} good`,
      liteRes.mixed.p99 < 100 && liteRes.mixed.bad === 0,
    ],
    [
      '`npm start` ready < 8 s on a fresh data directory',
      `${fmt(worstStart)} ms (worst of ${starts.length})`,
      worstStart < 8000,
    ],
  ] as const;

  const table = [
    '| database | measurement | req/s | p50 ms | p99 ms | max ms | good / sent | API CPU ms/req | PostgreSQL CPU ms/req | load |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const tail = `${r.cpuMs === undefined ? '' : fmt(r.cpuMs, 2)} | ${r.dbCpuMs === undefined ? '' : fmt(r.dbCpuMs, 2)} | ${fmt(r.load, 1)} |`;
      return r.r
        ? `| ${r.db} | ${r.what} | ${fmt(r.r.rps)} | ${fmt(r.r.p50, 1)} | ${fmt(r.r.p99, 1)} | ${fmt(r.r.max, 1)} | ${r.r.good} / ${r.r.n} | ${tail}`
        : `| ${r.db} | ${r.what} | ${r.note ?? ''} | | | | | ${tail}`;
    }),
    ...restarts.map(
      (s) =>
        `| PGlite | \`npm start\` again on the data directory of run 1 (migrated and seeded; the process reports ${s.reported} ms) | ${fmt(s.ms)} ms | | | | | | | ${fmt(s.load, 1)} |`,
    ),
    ...starts.map(
      (s, i) =>
        `| PGlite | \`npm start\` readiness, fresh data directory, run ${i + 1} (spawn → "is ready" line; the process itself reports ${s.reported} ms) | ${fmt(s.ms)} ms | | | | | | | ${fmt(s.load, 1)} |`,
    ),
  ];
  const ratios = [
    `| ratio | PostgreSQL | PGlite |`,
    `| --- | ---: | ---: |`,
    `| credits: HTTP / direct | ${pctOf(pgRes.credits.http, pgRes.credits.direct)} | ${pctOf(liteRes.credits.http, liteRes.credits.direct)} |`,
    `| GET /alliance/merchants / bare Koa | ${pctOf(pgRes.reads['GET /alliance/merchants']!, bare)} | ${pctOf(liteRes.reads['GET /alliance/merchants']!, bare)} |`,
    `| GET /activities / bare Koa | ${pctOf(pgRes.reads['GET /activities']!, bare)} | ${pctOf(liteRes.reads['GET /activities']!, bare)} |`,
  ];
  const targetTable = [
    '| target | measured | met |',
    '| --- | --- | :---: |',
    ...targets.map(([t, v, ok]) => `| ${t} | ${v} | ${ok ? 'yes' : '**no**'} |`),
  ];

  // A "## History" section written by hand (earlier runs, what changed) is kept across runs.
  const docFile = path.join(root, 'docs/benchmarks.md');
  const previous = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '';
  const at = previous.indexOf('\n## History\n');
  const history = at >= 0 ? previous.slice(at) : '';
  const doc = `# Benchmarks

Produced by \`npm run bench\` (\`bench/run.ts\`) on ${date}. Figures, not assertions: rerun on the
target machine before relying on them. Total run time ${fmt((performance.now() - started) / 1000)} s.

## Machine and tools

- CPU: ${m.cpus}; memory ${m.memory}; ${m.os}
- Node ${m.node}; ${pgVersion} (PostgreSQL server, \`pg\` pool of 10); PGlite ${m.pglite} (${liteVersion})
- Load: \`bench/load.ts\`, a small generator on node's \`http.Agent\` (keep-alive) in the parent
  process, over 127.0.0.1. Closed loop (N connections) for saturation; open loop at a fixed rate,
  latency measured from when each request was due. The API and the bare Koa baseline each run in
  their own child process; on this machine the generator shares the CPUs with them, so absolute
  req/s are a floor and the ratios are the comparable figures.
- "API CPU ms/req" is the user + system CPU time of the API (or baseline) process divided by the
  requests of that measurement (database work in the PostgreSQL server is not in it; PGlite's is).
  "load" is the 1-minute load average at the end of the measurement: on a 2-core machine anything
  above ≈ 3 means other work (builds, test runs) competed for the CPUs during that measurement.
- Seeding through the services (bench/server.ts): ${JSON.stringify({ postgres: pgRes.seedMs, pglite: liteRes.seedMs }, (_, v) => (typeof v === 'number' ? `${fmt(v / 1000, 1)} s` : v))}.
  Attendance ready to confirm = volunteers checked in at the start and out at the end of a finished
  2-hour activity (2 points each); till holders = volunteers certified by a 3-hour manual attendance,
  each with one device; staff spread over 8 active merchants (the route allows 60 checks a minute
  per staff account, so PostgreSQL uses 300 of them, PGlite 40).

## Results

${table.join('\n')}

${ratios.join('\n')}

## Targets

${targetTable.join('\n')}

Notes:

- "credits direct" calls \`services.attendance.confirmAttendance(officer, [id])\` — the transaction
  behind \`POST /attendance/confirm\` (lock, assess, \`postLedgerLine\`) — in the API's own process,
  with the same concurrency as the HTTP run; the difference is the HTTP stack: session check
  (ES256 + a user lookup, both reused for up to 5 s by the auth service's bounded caches), routing,
  zod, JSON, and the audit after-hook's insert (an officer's change).
- Till checks use fresh codes from \`tillCode\` (each (device, step) accepted once; the server takes
  the previous, current and next step), so every good answer is \`valid: true\`, a real
  \`till_code_uses\` insert, a \`verifications\` row, the suspicion query, the holder's notification
  and the rate-limit upsert.
- Reads go through the whole API (session check, routing, zod, JSON). The community-level results
  of \`GET /alliance/merchants\` and \`GET /activities\` are kept for 1.5 s in the process
  (server/src/http/cache.ts; emptied by any write through the same process); a volunteer's own
  \`enrolled\` flags are cached the same way under their own user id (never shared). The read rows
  read the same few URLs over and over, so they mostly measure the cache and the HTTP stack.
${history}`;
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs/benchmarks.md'), doc);
  process.stdout.write(`\n${table.join('\n')}\n\n${ratios.join('\n')}\n\n${targetTable.join('\n')}\n\n`);
  log('wrote docs/benchmarks.md');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
