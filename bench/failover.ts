/**
 * npm run drill:failover — the leader-failure drill on the local cluster of `npm run cluster:up`
 * (docs/deploy.md). Under a fixed-rate load of credits through nginx (POST /attendance/confirm, one
 * attendance each, as the community officer), it kills -9 the Patroni leader's postmaster and then
 * measures and proves:
 *   - how long writes fail: from the kill to the first credit acknowledged after the last failure;
 *   - how many requests failed (the client's view: non-2xx answers and broken connections);
 *   - that no acknowledged credit is lost and none is doubled: every attendance the client saw
 *     confirmed has exactly one ledger line on the new leader, and no attendance has two;
 *   - that, once the old leader has rejoined as a replica, `npm run db:checksum` gives the same
 *     ledger checksum on all three nodes.
 * The retried failures (confirming is idempotent) must end with every attendance credited once.
 *
 * Loopback only, bounded: DRILL_RATE req/s (default 50) for DRILL_SECONDS (default 60), the kill at
 * DRILL_KILL_AT seconds (default 15). Exit code 1 when a target is missed (writes back within 30 s,
 * zero acknowledged losses, no doubles, equal checksums).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@timebank/config';
import { activityCreateBody } from '@timebank/shared';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../server/src/app';
import type { Clock } from '../server/src/clock';
import { createDatabase } from '../server/src/db/client';
import type { AuthUser } from '../server/src/http/route';
import { keyPairFromPem } from '../server/src/modules/auth/tokens';
import { communities, districts } from '../server/src/modules/communities/communities.table';
import { insertUser } from '../server/src/modules/users/users.repository';
import { fixedRate, type Req } from './load';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

// The ports of scripts/cluster/env.sh.
const HOST = '127.0.0.1';
const CLUSTER_DIR = path.resolve(process.env.CLUSTER_DIR ?? path.join(root, 'data/cluster'));
const NODES = [
  { name: 'pg1', pgPort: 55431, restPort: 8009 },
  { name: 'pg2', pgPort: 55432, restPort: 8010 },
  { name: 'pg3', pgPort: 55433, restPort: 8011 },
];
const WRITE_PORT = 55400;
const NGINX_PORT = 8088;
const API_PORTS = [3101, 3102];
const DB = 'timebank';

const RATE = Number(process.env.DRILL_RATE ?? 50);
const SECONDS = Number(process.env.DRILL_SECONDS ?? 60);
const KILL_AT = Number(process.env.DRILL_KILL_AT ?? 15);
const TARGET_RECOVERY_S = 30;
if (!(RATE > 0 && RATE <= 200 && SECONDS > 0 && SECONDS <= 300 && KILL_AT > 0 && KILL_AT < SECONDS))
  throw new Error('DRILL_RATE ≤ 200, DRILL_SECONDS ≤ 300 and 0 < DRILL_KILL_AT < DRILL_SECONDS');

const HOUR = 3600_000;
const url = (port: number) => `postgres://postgres@${HOST}:${port}/${DB}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Member {
  name: string;
  role: string;
  state: string;
  port: number;
  timeline?: number;
  lag?: number | string;
}

async function clusterState(): Promise<Member[]> {
  for (const n of NODES) {
    try {
      const res = await fetch(`http://${HOST}:${n.restPort}/cluster`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return ((await res.json()) as { members: Member[] }).members;
    } catch {
      // this node's REST API is down: ask the next
    }
  }
  throw new Error('no Patroni REST API answers: is the cluster up (npm run cluster:up)?');
}

const show = (ms: Member[]) =>
  ms
    .map(
      (m) =>
        `${m.name} ${m.role} ${m.state} tl ${m.timeline ?? '?'}${m.lag !== undefined ? ` lag ${m.lag}` : ''}`,
    )
    .join(' · ');

/** Runs fn over items, at most `concurrency` at once. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/**
 * Attendances waiting for confirmation, made through the services (as bench/server.ts does) on the
 * cluster's leader through HAProxy: a community, its officer, a finished two-hour activity and `n`
 * volunteers checked in at its start and out at its end (the clock shifted back while they are).
 * The officer's token is signed with the cluster's key, so the API processes accept it.
 */
async function seed(n: number) {
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  const etc = path.join(CLUSTER_DIR, 'etc');
  const keys = keyPairFromPem(
    fs.readFileSync(path.join(etc, 'jwt-private.pem'), 'utf8'),
    fs.readFileSync(path.join(etc, 'jwt-public.pem'), 'utf8'),
  );
  const database = await createDatabase({ url: url(WRITE_PORT), poolSize: 8 });
  try {
    const { services, tokens } = createApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WECHAT_FAKE: 'false' }),
      database,
      logger: pino({ level: 'silent' }),
      clock,
      keys,
      wechatBaseUrl: `http://${HOST}:9/unused`,
    });
    const db = database.db;
    const [d] = await db.insert(districts).values({ name: '新都区' }).returning();
    const [c] = await db
      .insert(communities)
      .values({
        districtId: d!.id,
        name: '紫瑞街社区（演练）',
        code: `D${randomBytes(2).toString('hex').toUpperCase()}`,
        certificateThreshold: 300,
        defaultPointsPerHour: 100,
      })
      .returning();
    const communityId = c!.id;
    const o = await insertUser(db, {
      communityId,
      role: 'officer',
      displayName: '演练书记',
      username: `drill-officer-${process.pid}-${Date.now()}`,
    });
    const officer: AuthUser = { id: o.id, role: o.role, communityId };

    const startsAt = new Date(Date.now() - 3 * HOUR);
    const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
    offsetMs = -4 * HOUR;
    const { activity } = await services.activities.createActivity(
      officer,
      activityCreateBody.parse({
        title: '故障切换演练',
        category: 'other',
        description: 'failover drill',
        place: { name: '社区日间照料中心', lat: 30.8236, lng: 104.1589 },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        capacity: 10000,
        pointsPerHour: 1,
      }),
    );
    await services.activities.publishActivity(officer, activity.id);
    const body = (code: string) => ({ code, activityId: activity.id, lat: 30.8236, lng: 104.1589 });

    const volunteers = await pool(Array.from({ length: n }), 8, async (_, i) => {
      const u = await insertUser(db, {
        communityId,
        role: 'volunteer',
        displayName: `志愿者${i}`,
        wechatOpenid: `drill-${process.pid}-${i}-${randomBytes(3).toString('hex')}`,
      });
      return { id: u.id, role: u.role, communityId } as AuthUser;
    });
    offsetMs = startsAt.getTime() - Date.now();
    let code = (await services.activities.issueCheckinCode(officer, activity.id)).code;
    await pool(volunteers, 8, async (u, i) => {
      if (i % 200 === 0) code = (await services.activities.issueCheckinCode(officer, activity.id)).code;
      await services.attendance.checkIn(u, body(code));
    });
    offsetMs = endsAt.getTime() + 60_000 - Date.now();
    code = (await services.activities.issueCheckinCode(officer, activity.id)).code;
    const ids = await pool(volunteers, 8, async (u, i) => {
      if (i % 200 === 0) code = (await services.activities.issueCheckinCode(officer, activity.id)).code;
      return (await services.attendance.checkOut(u, body(code))).id as number;
    });
    offsetMs = 0;
    const token = tokens.signSession({ userId: officer.id, role: officer.role, communityId }).token;
    return { ids, token, communityId };
  } finally {
    await database.close();
  }
}

interface Sent {
  id: number;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  body?: string;
}

const confirmReq = (s: Sent, token: string): Req => ({
  method: 'POST',
  path: '/api/v1/attendance/confirm',
  token,
  body: { ids: [s.id] },
  ok(status, body) {
    s.answeredAt = performance.now();
    s.status = status;
    s.body = body;
    return status >= 200 && status < 300 && body.includes(`"id":${s.id}`);
  },
});
const acked = (s: Sent) =>
  s.status !== undefined && s.status >= 200 && s.status < 300 && !!s.body?.includes(`"id":${s.id}`);

async function query<T>(port: number, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url(port), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end().catch(() => {});
  }
}

/** npm run db:checksum against one node (directly, not through HAProxy). */
async function checksum(port: number) {
  const { stdout } = await run('npm', ['run', '--silent', 'db:checksum'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url(port), NODE_ENV: 'development' },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as { lines: number; sum: number; sha256: string; problems: string[] };
}

async function main() {
  const before = await clusterState();
  const oldLeader = before.find((m) => m.role === 'leader');
  if (!oldLeader || before.filter((m) => m.state === 'running').length !== 3)
    throw new Error(`the cluster is not healthy: ${show(before)}`);
  log(`cluster before: ${show(before)}`);

  const total = Math.ceil(RATE * SECONDS);
  let t = performance.now();
  const seeded = await seed(total);
  log(`seeded ${seeded.ids.length} attendances to confirm in ${fmt(performance.now() - t)}`);

  // ------------------------------------------------------------------ load, and the kill
  const sent: Sent[] = [];
  let next = 0;
  const t0 = performance.now();
  let killedAt = 0;
  let killed: { node: string; pid: number } | undefined;
  const patroni: { newLeader?: { name: string; ms: number }; rejoined?: number } = {};
  const killer = (async () => {
    await sleep(KILL_AT * 1000);
    const leader = (await clusterState()).find((m) => m.role === 'leader');
    if (!leader) throw new Error('no leader to kill');
    const pidFile = path.join(CLUSTER_DIR, leader.name, 'data', 'postmaster.pid');
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    killed = { node: leader.name, pid };
    log(`+${fmt(killedAt - t0)} kill -9 ${pid} (postmaster of the leader ${leader.name})`);
    // Patroni's side, as its REST API tells it: when another node leads, when the old one follows it.
    while (performance.now() - killedAt < 120_000 && !(patroni.newLeader && patroni.rejoined)) {
      const ms = await clusterState().catch(() => [] as Member[]);
      const now = performance.now() - killedAt;
      const lead = ms.find((m) => m.role === 'leader');
      const old = ms.find((m) => m.name === leader.name);
      if (lead && lead.name !== leader.name && !patroni.newLeader) {
        patroni.newLeader = { name: lead.name, ms: now };
        log(`  +${fmt(now)} after the kill: ${lead.name} leads (timeline ${lead.timeline})`);
      }
      if (
        patroni.newLeader &&
        old &&
        old.role !== 'leader' &&
        old.state === 'running' &&
        old.timeline === lead?.timeline
      ) {
        patroni.rejoined = now;
        log(`  +${fmt(now)} after the kill: ${leader.name} follows as ${old.role}`);
      }
      await sleep(250);
    }
  })();
  const result = await fixedRate('credits during failover', NGINX_PORT, {
    rate: RATE,
    durationMs: SECONDS * 1000,
    maxInFlight: 256,
    next: () => {
      const id = seeded.ids[next++];
      if (id === undefined) return null;
      const s: Sent = { id, sentAt: performance.now() };
      sent.push(s);
      return confirmReq(s, seeded.token);
    },
  });
  await killer;
  if (!killed) throw new Error('the leader was not killed');
  log(
    `load: ${result.n} requests in ${result.seconds.toFixed(1)} s (${result.rps.toFixed(1)}/s), ` +
      `${result.good} acknowledged, ${result.bad} failed; p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms`,
  );

  // ------------------------------------------------------------------ the client's figures
  const failed = sent.filter((s) => !acked(s));
  const statusCounts = new Map<string, number>();
  for (const s of failed) {
    const k = s.status ? String(s.status) : `no answer (${(s.body ?? '').slice(0, 40)})`;
    statusCounts.set(k, (statusCounts.get(k) ?? 0) + 1);
  }
  const lastFailSent = failed.reduce((m, s) => Math.max(m, s.sentAt), 0);
  const back = sent
    .filter((s) => acked(s) && s.sentAt >= Math.max(lastFailSent, killedAt))
    .reduce((m, s) => Math.min(m, s.answeredAt!), Number.POSITIVE_INFINITY);
  const recoveryMs = back - killedAt;
  // The longest wait between two acknowledged credits after the kill (by answer time).
  const answers = sent
    .filter((s) => acked(s))
    .map((s) => s.answeredAt!)
    .sort((a, b) => a - b);
  let gap = 0;
  let prev = killedAt;
  for (const a of answers) {
    if (a < killedAt) continue;
    gap = Math.max(gap, a - prev);
    prev = a;
  }
  const firstFail = failed.reduce((m, s) => Math.min(m, s.answeredAt ?? s.sentAt), Number.POSITIVE_INFINITY);
  const lastFail = failed.reduce((m, s) => Math.max(m, s.answeredAt ?? s.sentAt), 0);
  log(
    failed.length
      ? `failures: ${failed.length} (${[...statusCounts].map(([k, v]) => `${k} × ${v}`).join(', ')}), answered from +${fmt(firstFail - killedAt)} to +${fmt(lastFail - killedAt)} after the kill`
      : 'failures: none',
  );
  if (failed[0]) log(`  e.g. ${failed[0].status} ${(failed[0].body ?? '').slice(0, 200)}`);
  log(
    `writes succeed again ${fmt(recoveryMs)} after the kill (longest gap between acknowledged credits ${fmt(gap)})`,
  );

  // ------------------------------------------------------------------ retry what failed (idempotent)
  let retried = 0;
  for (const s of failed) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = await fetch(`http://${HOST}:${NGINX_PORT}/api/v1/attendance/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
        body: JSON.stringify({ ids: [s.id] }),
      }).catch(() => undefined);
      if (r?.ok) {
        retried++;
        break;
      }
      await sleep(1000);
    }
  }
  log(`retried the ${failed.length} failed confirmations: ${retried} acknowledged`);

  // ------------------------------------------------------------------ the old leader rejoins
  t = performance.now();
  let after: Member[] = [];
  for (;;) {
    after = await clusterState().catch(() => []);
    const leader = after.find((m) => m.role === 'leader');
    const healthy =
      after.length === 3 &&
      after.every((m) => m.state === 'running' || m.state === 'streaming') &&
      leader &&
      after.every((m) => m.timeline === leader.timeline) &&
      after.some((m) => m.role === 'sync_standby') &&
      after.every((m) => m.role === 'leader' || Number(m.lag ?? 1) === 0);
    if (healthy) break;
    if (performance.now() - t > 180_000)
      throw new Error(`the old leader did not rejoin in 180 s: ${show(after)}`);
    await sleep(1000);
  }
  const newLeader = after.find((m) => m.role === 'leader')!;
  const rejoinedMs = performance.now() - killedAt;
  log(`cluster after: ${show(after)} — all three nodes in step ${fmt(rejoinedMs)} after the kill`);

  // ------------------------------------------------------------------ no loss, no doubles, on the new leader
  const ackedIds = sent.filter(acked).map((s) => s.id);
  const drillIds = sent.map((s) => s.id);
  const lines = await query<{ id: number; n: number }>(
    newLeader.port,
    `SELECT source_id::int AS id, count(*)::int AS n FROM ledger_entries
      WHERE source_type = 'attendance' AND source_id = ANY($1::int[]) GROUP BY source_id`,
    [drillIds],
  );
  const count = new Map(lines.map((r) => [r.id, r.n]));
  const lost = ackedIds.filter((id) => !count.has(id));
  const doubled = lines.filter((r) => r.n > 1);
  const uncredited = drillIds.filter((id) => !count.has(id));
  log(
    `on the new leader ${newLeader.name}: ${ackedIds.length} acknowledged credits, ${lost.length} lost, ` +
      `${doubled.length} doubled; after the retries ${drillIds.length - uncredited.length}/${drillIds.length} sent credited once`,
  );

  // ------------------------------------------------------------------ the same ledger on every node
  let sums: Array<{ name: string; lines: number; sum: number; sha256: string; problems: string[] }> = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    sums = [];
    for (const n of NODES) sums.push({ name: n.name, ...(await checksum(n.pgPort)) });
    if (sums.every((s) => s.sha256 === sums[0]!.sha256)) break;
    await sleep(2000);
  }
  for (const s of sums)
    log(
      `  db:checksum ${s.name}: ${s.lines} lines, sum ${s.sum}, sha256 ${s.sha256.slice(0, 16)}…, problems ${s.problems.length}`,
    );
  const sameEverywhere = sums.every((s) => s.sha256 === sums[0]!.sha256 && s.problems.length === 0);

  // Every API process lived through it (nginx hides one that died behind the other).
  let apisUp = 0;
  for (const port of API_PORTS) {
    const r = await fetch(`http://${HOST}:${port}/ready`, { signal: AbortSignal.timeout(3000) }).catch(
      () => undefined,
    );
    if (r?.ok) apisUp++;
  }
  log(`API processes answering /ready after the drill: ${apisUp}/${API_PORTS.length}`);

  const ok =
    apisUp === API_PORTS.length &&
    recoveryMs <= TARGET_RECOVERY_S * 1000 &&
    lost.length === 0 &&
    doubled.length === 0 &&
    uncredited.length === 0 &&
    sameEverywhere;
  const date = new Date().toISOString().slice(0, 10);
  log(`
| ${date} | figure | target |
| --- | --- | --- |
| load | ${result.n} confirmations at ${RATE}/s for ${SECONDS} s through nginx → 2 API processes → HAProxy | |
| killed | kill -9 of the leader's postmaster (${killed.node}) at +${KILL_AT} s | |
| writes succeed again | ${fmt(recoveryMs)} after the kill (longest gap between acknowledged credits ${fmt(gap)}) | ≤ ${TARGET_RECOVERY_S} s |
| client errors | ${failed.length} of ${result.n} (${[...statusCounts].map(([k, v]) => `${k} × ${v}`).join(', ') || 'none'}) | |
| acknowledged credits lost | ${lost.length} of ${ackedIds.length} | 0 |
| credits doubled | ${doubled.length} (after ${failed.length} retries: ${drillIds.length - uncredited.length}/${drillIds.length} credited once) | 0 |
| failover (Patroni) | ${newLeader.name} leads ${patroni.newLeader ? fmt(patroni.newLeader.ms) : '?'} after the kill (timeline ${newLeader.timeline}); ${killed.node} follows it as a replica at ${patroni.rejoined ? fmt(patroni.rejoined) : '?'} | |
| API processes alive after | ${apisUp}/${API_PORTS.length} | all |
| ledger checksum on every node | ${sameEverywhere ? 'equal' : 'DIFFERENT'}: ${sums.map((s) => `${s.name} ${s.sha256.slice(0, 12)}`).join(', ')} (${sums[0]?.lines} lines) | equal |
${ok ? 'every target met' : 'TARGET MISSED'}`);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
