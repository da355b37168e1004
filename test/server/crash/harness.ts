/**
 * Real server processes for the reliability tests: `node --import=tsx server/src/main.ts` on a free
 * port (PORT=0), on a PGlite data directory or a PostgreSQL database of its own, with shared JWT keys
 * so tokens signed here (and check-in codes signed by one process) are good at every process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@timebank/config';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../../../server/src/app';
import type { Clock } from '../../../server/src/clock';
import { createDatabase, type Database, type Db } from '../../../server/src/db/client';
import { activities } from '../../../server/src/modules/activities/activities.table';
import { attendances } from '../../../server/src/modules/attendance/attendance.table';
import { generateKeyPair, type KeyPair } from '../../../server/src/modules/auth/tokens';
import { communities, districts } from '../../../server/src/modules/communities/communities.table';
import { accounts } from '../../../server/src/modules/ledger/ledger.table';
import { users } from '../../../server/src/modules/users/users.table';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Keys {
  pair: KeyPair;
  privatePem: string;
  publicPem: string;
}

/** Anything that runs clean-ups later: an ava ExecutionContext, or a list run by test.after.always. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export function makeKeys(): Keys {
  const pair = generateKeyPair();
  return {
    pair,
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export function tmpDir(prefix = 'tb-crash-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), resolved with the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
/** Belt and braces beside t.teardown: nothing outlives the test worker. */
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

function gone(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startServer(
  t: Teardown,
  opts: { keys: Keys; dataDir: string; databaseUrl?: string; env?: Record<string, string> },
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: opts.dataDir,
    WEB_DIR: path.join(opts.dataDir, 'no-web'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    WECHAT_FAKE: 'true',
    JWT_PRIVATE_KEY: opts.keys.privatePem,
    JWT_PUBLIC_KEY: opts.keys.publicPem,
    ...opts.env,
  };
  delete env.WECHAT_API_BASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await gone(child);
    }
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server not ready after 120 s: ${out}`)), 120_000);
    const poll = setInterval(() => {
      const m = /API\s+(http:\/\/[\w.:]+)\/api\/v1/.exec(out);
      if (m) done(undefined, m[1]);
    }, 50);
    const onExit = (code: number | null) => done(new Error(`server exited (${code}) early: ${out}`));
    child.once('exit', onExit);
    function done(err?: Error, value?: string) {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
  });
  return {
    origin,
    child,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await gone(child);
    },
    async stop() {
      child.kill('SIGTERM');
      return gone(child);
    },
  };
}

/** A new database on the PostgreSQL server of TEST_DATABASE_URL; dropped by t.teardown. */
export async function createPgDatabase(t: Teardown, adminUrl: string): Promise<string> {
  const name = `tb_test_crash_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  t.teardown(async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The app in this process, on the same database and keys: for fixtures through the real services. */
export function localApp(database: Database, keys: Keys, clock: Clock = { now: () => new Date() }) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WECHAT_FAKE: 'false' });
  return createApp({
    config,
    database,
    logger: pino({ level: 'silent' }),
    clock,
    keys: keys.pair,
    wechatBaseUrl: 'http://127.0.0.1:9/unused',
  });
}

export async function openDatabase(opts: { dataDir?: string; databaseUrl?: string }): Promise<Database> {
  const database = await createDatabase(
    opts.databaseUrl ? { url: opts.databaseUrl, poolSize: 4 } : { dataDir: opts.dataDir },
  );
  await database.migrate();
  return database;
}

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, like supertest's body
  body: any;
}

/** One JSON request; a network failure (the process died) rejects. */
export async function call(
  origin: string,
  method: string,
  pathname: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let r: Response;
  try {
    r = await fetch(`${origin}/api/v1${pathname}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `${method} ${pathname}: ${cause?.code ?? ''} ${cause?.message ?? (err as Error).message}`,
    );
  }
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: r.status, body: parsed };
}

/** Runs `fn` over items with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

const HOUR = 3600_000;

/** A community (certificate at 2 points), an officer, a finished 2-hour activity, volunteers checked in and out. */
export async function seedAttendance(db: Db, volunteers: number) {
  const tag = Math.random().toString(36).slice(2, 8);
  const [d] = await db.insert(districts).values({ name: '新都区' }).returning();
  const [c] = await db
    .insert(communities)
    .values({
      districtId: d!.id,
      name: '紫瑞街社区',
      code: `K${tag.toUpperCase()}`,
      certificateThreshold: 200,
      defaultPointsPerHour: 100,
    })
    .returning();
  const communityId = c!.id;
  const [officer] = await db
    .insert(users)
    .values({ communityId, role: 'officer', displayName: '刘书记', username: `crash-officer-${tag}` })
    .returning();
  const startsAt = new Date(Date.now() - 3 * HOUR);
  const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
  const [act] = await db
    .insert(activities)
    .values({
      communityId,
      title: '小区公共区域大扫除',
      category: 'elder_bathing',
      placeName: '紫瑞公园',
      lat: 30.8236,
      lng: 104.1589,
      startsAt,
      endsAt,
      capacity: volunteers,
      pointsPerHour: 100,
      status: 'published',
      createdBy: officer!.id,
    })
    .returning();
  const attendanceIds: number[] = [];
  for (let from = 0; from < volunteers; from += 500) {
    const n = Math.min(500, volunteers - from);
    const vs = await db
      .insert(users)
      .values(
        Array.from({ length: n }, (_, i) => ({
          communityId,
          role: 'volunteer' as const,
          displayName: `志愿者${from + i + 1}`,
          wechatOpenid: `crash-${tag}-${from + i}`,
        })),
      )
      .returning({ id: users.id });
    await db.insert(accounts).values(vs.map((v) => ({ userId: v.id, communityId })));
    const as = await db
      .insert(attendances)
      .values(
        vs.map((v) => ({
          communityId,
          activityId: act!.id,
          userId: v.id,
          source: 'checkin' as const,
          status: 'checked_out' as const,
          checkInAt: startsAt,
          checkInLat: 30.8236,
          checkInLng: 104.1589,
          checkInDistanceM: 0,
          checkOutAt: endsAt,
        })),
      )
      .returning({ id: attendances.id });
    attendanceIds.push(...as.map((a) => a.id));
  }
  return { communityId, officerId: officer!.id, activityId: act!.id, attendanceIds };
}
