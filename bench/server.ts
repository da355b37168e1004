/**
 * The API under test, in a child process of bench/run.ts: the real app (createApp) on PostgreSQL
 * (BENCH_DATABASE_URL) or PGlite (BENCH_DATA_DIR), listening on 127.0.0.1. The parent seeds it and
 * drives transactions without HTTP through IPC, so seeding goes through the same services and the
 * direct measurement runs in the same process as the HTTP one.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@timebank/config';
import { activityCreateBody, merchantApplicationBody, PLEDGE_VERSION } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import type { Context } from 'koa';
import { createApp } from '../server/src/app';
import type { Clock } from '../server/src/clock';
import { createDatabase } from '../server/src/db/client';
import { runWithCommitHook } from '../server/src/db/tx';
import type { AuthUser, RouteSpec } from '../server/src/http/route';
import { createHttpServer } from '../server/src/http/server';
import { createLogger } from '../server/src/logger';
import { type AuditNote, runWithAuditNote } from '../server/src/modules/audit/audit.note';
import { generateKeyPair } from '../server/src/modules/auth/tokens';
import { communities, districts } from '../server/src/modules/communities/communities.table';
import { merchantMembers } from '../server/src/modules/merchants/merchants.table';
import { insertUser } from '../server/src/modules/users/users.repository';
import { tuneRuntime } from '../server/src/runtime';
import type { SeedRequest, SeedResult, ToChild, ToParent } from './protocol';

const HOUR = 3600_000;

/** The system clock, shifted while seeding so activities can be walked through in the past. */
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

function send(msg: ToParent) {
  process.send?.(msg);
}

/** Runs `fn` over items with at most `concurrency` in flight. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

async function main() {
  tuneRuntime(); // as main.ts does
  const url = process.env.BENCH_DATABASE_URL;
  const dataDir = process.env.BENCH_DATA_DIR;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', WECHAT_FAKE: 'false' });
  const database = await createDatabase(url ? { url } : { dataDir });
  await database.migrate();
  // The production logger at the production level (a line per request, written asynchronously), into
  // a file (BENCH_LOG_FILE; else one in the temp directory, removed at exit) instead of the terminal.
  const logFile = process.env.BENCH_LOG_FILE ?? path.join(os.tmpdir(), `tb-bench-api-${process.pid}.log`);
  const { logger, flush } = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'info', dest: logFile });
  process.on('exit', () => {
    flush();
    if (!process.env.BENCH_LOG_FILE) fs.rmSync(logFile, { force: true });
  });
  const built = createApp({
    config,
    database,
    logger,
    clock,
    keys: generateKeyPair(),
    wechatBaseUrl: 'http://127.0.0.1:9/unused',
    // As in production: the test-time check of every answer against its schema is off.
    checkResponses: false,
  });
  const { services, tokens } = built;
  const db = database.db;
  // The server main.ts runs (its timeouts and JSON refusals).
  const server = createHttpServer({ keepAliveTimeoutMs: 60_000 });
  server.on('request', built.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const versionRow = await db.execute(sql`select version() as v`);
  const rows = (versionRow as unknown as { rows: Array<{ v: string }> }).rows;
  send({ type: 'ready', port, dbVersion: rows[0]?.v ?? 'unknown' });

  let seq = 0;
  const volunteer = async (communityId: number) => {
    const u = await insertUser(db, {
      communityId,
      role: 'volunteer',
      displayName: `志愿者${++seq}`,
      wechatOpenid: `bench-${process.pid}-${seq}-${randomBytes(3).toString('hex')}`,
    });
    return { id: u.id, role: u.role, communityId: u.communityId } as AuthUser;
  };
  const token = (u: AuthUser) =>
    tokens.signSession({ userId: u.id, role: u.role, communityId: u.communityId }).token;

  /** A published activity in the past (the clock is moved back while it is created). */
  async function pastActivity(officer: AuthUser, startsAgoMs: number, minutes: number, title: string) {
    offsetMs = -startsAgoMs - HOUR;
    const startsAt = new Date(Date.now() - startsAgoMs);
    const input = activityCreateBody.parse({
      title,
      category: 'elder_bathing',
      description: 'bench',
      place: { name: '社区日间照料中心', lat: 30.8236, lng: 104.1589 },
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
      capacity: 10000,
      pointsPerHour: 1,
    });
    const { activity } = await services.activities.createActivity(officer, input);
    await services.activities.publishActivity(officer, activity.id);
    offsetMs = 0;
    return { id: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
  }

  async function seed(req: SeedRequest): Promise<SeedResult> {
    const t0 = performance.now();
    const [d] = await db.insert(districts).values({ name: '新都区' }).returning();
    const [c] = await db
      .insert(communities)
      .values({
        districtId: d!.id,
        name: '紫瑞街社区',
        code: `B${randomBytes(2).toString('hex').toUpperCase()}`,
        certificateThreshold: 300,
        defaultPointsPerHour: 100,
      })
      .returning();
    const communityId = c!.id;
    const o = await insertUser(db, {
      communityId,
      role: 'officer',
      displayName: '刘书记',
      username: `bench-officer-${process.pid}`,
    });
    const officer: AuthUser = { id: o.id, role: o.role, communityId };

    // Attendance ready to confirm: checked in at the start and out at the end of a 2-hour activity.
    const act = await pastActivity(officer, 3 * HOUR, 120, '小区公共区域大扫除');
    const confirmUsers = await pool(Array.from({ length: req.toConfirm }), 16, () => volunteer(communityId));
    const checkinBody = (code: string) => ({ code, activityId: act.id, lat: 30.8236, lng: 104.1589 });
    offsetMs = act.startsAt.getTime() - Date.now();
    let code = (await services.activities.issueCheckinCode(officer, act.id)).code;
    await pool(confirmUsers, 16, async (u, i) => {
      if (i % 200 === 0) code = (await services.activities.issueCheckinCode(officer, act.id)).code;
      await services.attendance.checkIn(u, checkinBody(code));
    });
    offsetMs = act.endsAt.getTime() + 60_000 - Date.now();
    code = (await services.activities.issueCheckinCode(officer, act.id)).code;
    const confirmIds = await pool(confirmUsers, 16, async (u, i) => {
      if (i % 200 === 0) code = (await services.activities.issueCheckinCode(officer, act.id)).code;
      return (await services.attendance.checkOut(u, checkinBody(code))).id as number;
    });
    offsetMs = 0;

    // Merchants of the alliance (applied and approved through the service) and their till staff.
    const merchantIds: number[] = [];
    const ownerTokens: string[] = [];
    for (let i = 0; i < req.merchants; i++) {
      const r = await services.merchants.apply(
        merchantApplicationBody.parse({
          communityId,
          owner: {
            username: `bench-shop${i}-${process.pid}`,
            password: 'correct horse 1',
            displayName: `店主${i}`,
          },
          name: `爱心小店${i}`,
          category: i % 2 ? 'food' : 'retail',
          tags: ['independent'],
          address: '紫瑞街 1 号',
          lat: 30.8236 + i * 0.0005,
          lng: 104.1589,
          openingHours: '每天 8:00–21:00',
          contactPhone: '028-83991234',
          licenceNo: `91510114MA6C8${String(i).padStart(4, '0')}Y`,
          photos: ['https://example.invalid/shop.jpg'],
          discount: { percentOff: 20, conditions: '不与其他优惠同享' },
          pledge: { accepted: true, version: PLEDGE_VERSION },
        }),
      );
      await services.merchants.transition(officer, r.merchant.id, 'approve', '证照齐全，信誉良好');
      merchantIds.push(r.merchant.id);
      ownerTokens.push(r.token);
    }
    // Staff accounts straight through the repository: inviteStaff hashes a password (scrypt) each.
    const staffTokens = await pool(Array.from({ length: req.staff }), 8, async (_, i) => {
      const u = await insertUser(db, {
        communityId,
        role: 'merchant_staff',
        displayName: `店员${i}`,
        username: `bench-staff${i}-${process.pid}`,
      });
      await db
        .insert(merchantMembers)
        .values({ userId: u.id, merchantId: merchantIds[i % merchantIds.length]! });
      return token({ id: u.id, role: u.role, communityId });
    });

    // Certified volunteers (3 points by manual attendance reach the threshold) with a till device each.
    const certAct = await pastActivity(officer, 6 * HOUR, 180, '为老人助浴');
    const devices = await pool(Array.from({ length: req.certified }), 12, async () => {
      const v = await volunteer(communityId);
      await services.attendance.addManualAttendance(officer, {
        activityId: certAct.id,
        userId: v.id,
        minutes: 180,
        reason: '基准测试',
        evidenceNote: '签到表',
      });
      const dev = await services.till.openOnDevice(v, 'bench');
      return { deviceId: dev.deviceId, secretHex: dev.secretHex };
    });

    // Upcoming activities for the activity list.
    for (let i = 0; i < req.upcoming; i++) {
      const startsAt = new Date(Date.now() + (i + 1) * 24 * HOUR);
      const input = activityCreateBody.parse({
        title: `周末活动${i}`,
        category: 'other',
        description: 'bench',
        place: { name: '紫瑞公园', lat: 30.8236, lng: 104.1589 },
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        capacity: 30,
        pointsPerHour: 1,
      });
      const { activity } = await services.activities.createActivity(officer, input);
      await services.activities.publishActivity(officer, activity.id);
    }
    const reader = await volunteer(communityId);
    return {
      officerToken: token(officer),
      readerToken: token(reader),
      confirmIds,
      staffTokens,
      ownerTokens,
      devices,
      seedMs: performance.now() - t0,
    };
  }

  let officerForDirect: AuthUser | undefined;

  /**
   * The same transaction as POST /attendance/confirm, without HTTP: the service, with the audit row
   * written before its commit exactly as the route builder has it written (runWithCommitHook +
   * recordInTransaction), so "direct" and "over HTTP" differ by the HTTP stack only.
   */
  async function confirmWithAudit(officer: AuthUser, id: number) {
    const note: AuditNote = {};
    const done = {
      spec: { method: 'post', path: '/attendance/confirm' } as RouteSpec,
      user: officer,
      params: undefined,
      query: undefined,
      body: { ids: [id] },
      ctx: { state: {} } as unknown as Context,
      note,
    };
    let recorded = false;
    await runWithCommitHook(
      {
        async beforeCommit(tx) {
          recorded ||= await services.audit.recordInTransaction(done, tx);
        },
        committed() {},
        rolledBack() {
          recorded = false;
        },
      },
      () => runWithAuditNote(note, () => services.attendance.confirmAttendance(officer, [id])),
    );
    if (!recorded) throw new Error('the audit row was not written in the transaction');
  }
  let profiler: inspector.Session | undefined;
  process.on('message', async (msg: ToChild) => {
    try {
      if (msg.type === 'seed') {
        const result = await seed(msg.request);
        const claims = tokens.verifySession(result.officerToken);
        if (typeof claims !== 'string')
          officerForDirect = { id: claims.userId, role: claims.role, communityId: claims.communityId };
        send({ type: 'seeded', result });
      } else if (msg.type === 'direct-confirm') {
        // The same transaction as POST /attendance/confirm, called on the service without HTTP.
        const officer = officerForDirect!;
        let errors = 0;
        const t0 = performance.now();
        await pool(msg.ids, msg.concurrency, async (id) => {
          try {
            await confirmWithAudit(officer, id);
          } catch {
            errors++;
          }
        });
        send({ type: 'direct-done', ms: performance.now() - t0, n: msg.ids.length, errors });
      } else if (msg.type === 'prof') {
        if (msg.action === 'start') {
          profiler = new inspector.Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
        } else if (profiler) {
          const { profile } = await profiler.post('Profiler.stop');
          fs.writeFileSync(msg.file!, JSON.stringify(profile));
          profiler.disconnect();
          profiler = undefined;
        }
        send({ type: 'prof' });
      } else if (msg.type === 'cpu') {
        const u = process.cpuUsage();
        send({ type: 'cpu', micros: u.user + u.system });
      } else if (msg.type === 'exit') {
        server.closeAllConnections();
        server.close();
        await database.close();
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

main().catch((err) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
