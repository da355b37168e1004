/**
 * npm run bench:invalidation — how long a merchant removed through one API instance stays in another
 * instance's directory (the LISTEN/NOTIFY cache bus, http/cache-bus.ts). Two app instances in this
 * process, each with its own pool and caches, on the database of DATABASE_URL (a fresh database is
 * created on that server and dropped after) or, without it, one PGlite in memory. The clock is frozen
 * for the caches, so no entry expires by itself: only the message can make the removal visible.
 *
 * Each round: instance B's directory is warmed (cached), an officer removes a merchant through A,
 * and B's directory is read every 1 ms until the merchant is gone. Prints the time from A's answer
 * to the first answer of B without it: median, p95 and max over ROUNDS (default 20). Exit code 1 when
 * the max is over 100 ms.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@timebank/config';
import pg from 'pg';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../server/src/app';
import { createDatabase, type Database } from '../server/src/db/client';
import { generateKeyPair } from '../server/src/modules/auth/tokens';
import { communities, districts } from '../server/src/modules/communities/communities.table';
import { insertUser } from '../server/src/modules/users/users.repository';
import { applicationBody } from '../test/helpers/alliance';

const ROUNDS = Math.min(200, Math.max(1, Number(process.env.ROUNDS ?? 20)));
const TARGET_MS = 100;
const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function openDatabases(): Promise<{ a: Database; b: Database; drop: () => Promise<void> }> {
  if (!adminUrl) {
    const a = await createDatabase({});
    await a.migrate();
    return { a, b: a, drop: () => a.close() };
  }
  const name = `tb_bench_inval_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const a = await createDatabase({ url: u.toString(), poolSize: 4 });
  await a.migrate();
  const b = await createDatabase({ url: u.toString(), poolSize: 4 });
  return {
    a,
    b,
    async drop() {
      await a.close();
      await b.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main() {
  const { a: dbA, b: dbB, drop } = await openDatabases();
  try {
    // Each round's application from its own address (the applications' rate limit is per address).
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WECHAT_FAKE: 'false',
      TRUST_PROXY: 'true',
    });
    const keys = generateKeyPair();
    const frozen = new Date();
    const clock = { now: () => frozen };
    const make = (database: Database) =>
      createApp({
        config,
        database,
        logger: pino({ level: 'silent' }),
        clock,
        keys,
        wechatBaseUrl: 'http://127.0.0.1:9/unused',
        checkResponses: false,
      });
    const A = make(dbA);
    const B = make(dbB);
    await A.startCacheBus();
    await B.startCacheBus();
    const reqA = supertest(A.app.callback());
    const reqB = supertest(B.app.callback());

    const db = dbA.db;
    const [d] = await db.insert(districts).values({ name: '测量区' }).returning();
    const [c] = await db
      .insert(communities)
      .values({
        districtId: d!.id,
        name: '测量社区',
        code: `BI${randomBytes(3).toString('hex').toUpperCase()}`,
        certificateThreshold: 300,
        defaultPointsPerHour: 100,
      })
      .returning();
    const officerRow = await insertUser(db, {
      communityId: c!.id,
      role: 'officer',
      displayName: '社工',
      username: `bench-officer-${randomBytes(4).toString('hex')}`,
    });
    const volunteerRow = await insertUser(db, {
      communityId: c!.id,
      role: 'volunteer',
      displayName: '志愿者',
      wechatOpenid: `bench-${randomBytes(4).toString('hex')}`,
    });
    const bearer = (u: typeof officerRow) =>
      `Bearer ${A.tokens.signSession({ userId: u.id, role: u.role, communityId: u.communityId }).token}`;
    const officer = bearer(officerRow);
    const volunteer = bearer(volunteerRow);

    const listed = async () => {
      const r = await reqB.get('/api/v1/alliance/merchants').set('authorization', volunteer);
      if (r.status !== 200) throw new Error(`directory: ${r.status}`);
      return new Set((r.body.merchants as Array<{ id: number }>).map((m) => m.id));
    };

    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const applied = await reqA
        .post('/api/v1/merchants/applications')
        .set('x-forwarded-for', `127.0.1.${i + 1}`)
        .send(applicationBody(c!.id));
      if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
      const id = applied.body.merchant.id as number;
      const approved = await reqA
        .post(`/api/v1/merchants/${id}/transitions`)
        .set('authorization', officer)
        .send({ action: 'approve', reason: '测量' });
      if (approved.status !== 200) throw new Error(`approve: ${approved.status}`);
      // Let B hear of the approval, then cache a directory that lists the merchant.
      await new Promise((r) => setTimeout(r, 30));
      if (!(await listed()).has(id)) throw new Error('B does not list the new merchant');
      const removed = await reqA
        .post(`/api/v1/merchants/${id}/transitions`)
        .set('authorization', officer)
        .send({ action: 'remove', reason: '测量' });
      if (removed.status !== 200) throw new Error(`remove: ${removed.status}`);
      const t0 = performance.now();
      while ((await listed()).has(id)) {
        if (performance.now() - t0 > 5000) throw new Error('still listed after 5 s');
        await new Promise((r) => setTimeout(r, 1));
      }
      times.push(performance.now() - t0);
    }
    await A.bus.stop();
    await B.bus.stop();
    times.sort((x, y) => x - y);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    const max = times[times.length - 1]!;
    process.stdout.write(
      `cache invalidation across instances (${adminUrl ? 'PostgreSQL, two pools' : 'PGlite, one database'}), ${ROUNDS} rounds: ` +
        `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${max.toFixed(1)} ms (target < ${TARGET_MS} ms)\n`,
    );
    if (max > TARGET_MS) process.exitCode = 1;
  } finally {
    await drop();
  }
}

await main();
