/**
 * A fresh app per test file: embedded PGlite in memory with the real migrations (the default), or,
 * with TEST_DATABASE_URL, a new database on that PostgreSQL server, created here and dropped at the end.
 * WeChat is a real HTTP fake on loopback; time is a manual clock.
 */
import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '@timebank/config';
import type { Role } from '@timebank/shared';
import pg from 'pg';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../server/src/app';
import { manualClock } from '../../server/src/clock';
import { createDatabase, type Database } from '../../server/src/db/client';
import { startFakeWechatServer } from '../../server/src/dev/fake-wechat';
import { hashPassword } from '../../server/src/modules/auth/passwords';
import { generateKeyPair } from '../../server/src/modules/auth/tokens';
import { communities, districts } from '../../server/src/modules/communities/communities.table';
import { insertUser } from '../../server/src/modules/users/users.repository';

export const T0 = new Date('2026-11-25T02:00:00.000Z'); // 10:00 in Asia/Shanghai

async function createPostgresDatabase(adminUrl: string) {
  const name = `tb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // TEST_READ_REPLICA=readonly: the read handle is a second pool on the same database whose
  // sessions are read-only, as a hot standby's are: any write sent through it fails (25006).
  const readUrl = new URL(url);
  if (process.env.TEST_READ_REPLICA === 'readonly')
    readUrl.searchParams.set('options', '-c default_transaction_read_only=on');
  const database = await createDatabase({
    url: url.toString(),
    poolSize: 10,
    readUrl: readUrl.toString(),
    readPoolSize: 4,
  });
  return {
    database,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface TestUser {
  id: number;
  role: Role;
  communityId: number;
  token: string;
  auth: { Authorization: string };
}

export async function createTestContext(
  env: Record<string, string> = {},
  opts: {
    webDir?: string;
    /** Changes the migrated database before the app is built (e.g. gives it a separate read handle). */
    wrapDatabase?: (database: Database) => Database | Promise<Database>;
  } = {},
) {
  const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WECHAT_FAKE: 'false', ...env });
  const wechat = await startFakeWechatServer(config.wechat);
  const pgUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let drop: () => Promise<void>;
  if (pgUrl) {
    const created = await createPostgresDatabase(pgUrl);
    database = created.database;
    drop = created.drop;
  } else {
    database = await createDatabase({});
    drop = () => database.close();
  }
  await database.migrate();
  if (opts.wrapDatabase) database = await opts.wrapDatabase(database);
  const clock = manualClock(T0);
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const keys = generateKeyPair();
  const built = createApp({
    config,
    database,
    logger,
    clock,
    keys,
    wechatBaseUrl: wechat.baseUrl,
    webDir: opts.webDir,
  });
  const callback = built.app.callback();
  const db = database.db;
  let seq = 0;

  async function addCommunity(
    name = `社区${++seq}`,
    opts: { thresholdPoints?: number; districtId?: number } = {},
  ) {
    const districtId =
      opts.districtId ??
      (
        await db
          .insert(districts)
          .values({ name: `区${seq}` })
          .returning()
      )[0]!.id;
    const [c] = await db
      .insert(communities)
      .values({
        districtId,
        name,
        code: `C${++seq}${randomBytes(2).toString('hex').toUpperCase()}`,
        certificateThreshold: Math.round((opts.thresholdPoints ?? 3) * 100),
        defaultPointsPerHour: 100,
      })
      .returning();
    return c!;
  }

  async function addUser(
    role: Role,
    communityId: number,
    extra: { username?: string; password?: string; displayName?: string; openid?: string } = {},
  ): Promise<TestUser> {
    const n = ++seq;
    const u = await insertUser(db, {
      communityId,
      role,
      displayName: extra.displayName ?? `${role}-${n}`,
      username:
        extra.username ?? (role === 'volunteer' ? null : `${role}-${n}-${randomBytes(3).toString('hex')}`),
      passwordHash: extra.password ? await hashPassword(extra.password) : null,
      wechatOpenid:
        extra.openid ?? (role === 'volunteer' ? `openid-${n}-${randomBytes(4).toString('hex')}` : null),
    });
    const { token } = built.tokens.signSession({ userId: u.id, role: u.role, communityId: u.communityId });
    return {
      id: u.id,
      role: u.role,
      communityId: u.communityId,
      token,
      auth: { Authorization: `Bearer ${token}` },
    };
  }

  return {
    config,
    /** The app's signing keys: a second app built with them accepts this one's tokens. */
    keys,
    database,
    db,
    clock,
    logs,
    wechat,
    app: built,
    services: built.services,
    tokens: built.tokens,
    /** A supertest request against app.callback(); no port is opened for the app. */
    request: () => supertest(callback),
    addCommunity,
    addUser,
    async close() {
      await wechat.close();
      await drop();
    },
  };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** An activity body starting `startsInMinutes` from the clock, lasting `minutes`. */
export function activityBody(
  now: Date,
  overrides: Record<string, unknown> = {},
  startsInMinutes = 60,
  minutes = 120,
) {
  const startsAt = new Date(now.getTime() + startsInMinutes * 60_000);
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  return {
    title: '为独居老人洗澡',
    category: 'elder_bathing',
    description: '两人一组',
    place: { name: '社区日间照料中心', lat: 30.8236, lng: 104.1589 },
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    capacity: 5,
    pointsPerHour: 1,
    ...overrides,
  };
}

/** Creates and publishes an activity as the officer; returns its id. */
export async function publishedActivity(
  ctx: TestContext,
  officer: TestUser,
  overrides: Record<string, unknown> = {},
  startsInMinutes = 60,
  minutes = 120,
): Promise<number> {
  const created = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(ctx.clock.now(), overrides, startsInMinutes, minutes));
  if (created.status !== 201)
    throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.activity.id as number;
  const pub = await ctx.request().post(`/api/v1/activities/${id}/publish`).set(officer.auth);
  if (pub.status !== 200) throw new Error(`publish failed: ${pub.status} ${JSON.stringify(pub.body)}`);
  return id;
}

/** The officer's current code for the activity. */
export async function currentCode(ctx: TestContext, officer: TestUser, activityId: number): Promise<string> {
  const r = await ctx.request().get(`/api/v1/activities/${activityId}/checkin-code`).set(officer.auth);
  if (r.status !== 200) throw new Error(`code failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.code as string;
}

export const MIN = 60_000;
