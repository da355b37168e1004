/**
 * kill -9 in the middle of thousands of credits. The real server process confirms attendance in
 * batches over HTTP; it is killed after a share of them was acknowledged, restarted on the same data,
 * and everything not acknowledged (and some that were) is sent again. Every acknowledged credit must
 * have survived, none may be doubled, every balance must be the sum of its lines.
 * PGlite always; PostgreSQL as well when TEST_DATABASE_URL is set (npm run test:pg).
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../server/src/db/client';
import { createTokenService } from '../../../server/src/modules/auth/tokens';
import { ledgerProblems } from '../../../server/src/ops/checksum';
import {
  call,
  createPgDatabase,
  type Keys,
  makeKeys,
  openDatabase,
  pool,
  seedAttendance,
  startServer,
  tmpDir,
} from './harness';

/** Volunteers (one attendance each) per run: PostgreSQL 2,000; PGlite, slower and single-process, 1,000. */
const VOLUNTEERS_PG = Number(process.env.CRASH_VOLUNTEERS ?? 2000);
const VOLUNTEERS_PGLITE = Number(process.env.CRASH_VOLUNTEERS ?? 1000);
const BATCH = 20;
const CONCURRENCY = 8;
/** Kill once this share of the batches was acknowledged. */
const KILL_AFTER = 0.4;

function officerToken(keys: Keys, officerId: number, communityId: number) {
  const tokens = createTokenService({
    keys: keys.pair,
    clock: { now: () => new Date() },
    sessionTtlSeconds: 3600,
  });
  return tokens.signSession({ userId: officerId, role: 'officer', communityId }).token;
}

type Row = Record<string, unknown>;
const q = async (db: Db, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: Row[] }).rows;

async function scenario(t: ExecutionContext, databaseUrl?: string) {
  const VOLUNTEERS = databaseUrl ? VOLUNTEERS_PG : VOLUNTEERS_PGLITE;
  const started = Date.now();
  const keys = makeKeys();
  const dataDir = tmpDir();
  t.teardown(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const lockFile = path.join(dataDir, 'timebank.lock');

  const setup = await openDatabase({ dataDir, databaseUrl });
  const fx = await seedAttendance(setup.db, VOLUNTEERS);
  await setup.close();
  const token = officerToken(keys, fx.officerId, fx.communityId);
  const seededAt = Date.now();

  // Round 1: confirmations in batches, several in flight; kill -9 once enough were acknowledged.
  const first = await startServer(t, { keys, dataDir, databaseUrl });
  const batches: number[][] = [];
  for (let i = 0; i < fx.attendanceIds.length; i += BATCH) batches.push(fx.attendanceIds.slice(i, i + BATCH));
  const acked = new Set<number>();
  const unexpected: string[] = [];
  let killing: Promise<void> | undefined;
  await pool(batches, CONCURRENCY, async (ids, i) => {
    if (killing) return;
    try {
      const r = await call(first.origin, 'POST', '/attendance/confirm', token, { ids });
      if (r.status === 200) {
        acked.add(i);
        if (!killing && acked.size >= Math.floor(batches.length * KILL_AFTER)) killing = first.kill();
      } else unexpected.push(`${r.status} ${JSON.stringify(r.body)}`);
    } catch {
      // The connection died with the process: not acknowledged.
    }
  });
  await killing;
  t.deepEqual(unexpected, [], 'no error answers before the kill');
  t.is(first.child.signalCode, 'SIGKILL');
  t.true(acked.size >= Math.floor(batches.length * KILL_AFTER));
  t.true(acked.size < batches.length, 'killed before the end');
  const killedAt = Date.now();
  if (!databaseUrl) {
    // The lock names the process by pid and start time (db/lock.ts).
    t.regex(
      fs.readFileSync(lockFile, 'utf8'),
      new RegExp(`^${first.child.pid} \\d+$`),
      'kill -9 leaves its lock behind',
    );
  }

  // Round 2: restart on the same data (a stale PGlite lock is taken over).
  const second = await startServer(t, { keys, dataDir, databaseUrl });
  if (!databaseUrl) t.regex(fs.readFileSync(lockFile, 'utf8'), new RegExp(`^${second.child.pid} \\d+$`));
  /** A client retries a request whose answer it never got: fine, confirming is idempotent. */
  const lostAnswers: string[] = [];
  const resend = async (send: () => ReturnType<typeof call>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (second.child.exitCode !== null || second.child.signalCode !== null)
          throw new Error(`the restarted server died: ${second.output()}`);
        lostAnswers.push((err as Error).message);
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  };
  const listed = await resend(() =>
    call(second.origin, 'GET', `/activities/${fx.activityId}/attendance`, token),
  );
  t.is(listed.status, 200);
  const byId = new Map<number, { status: string; creditedPoints: number | null }>(
    (listed.body.items as Array<{ id: number; status: string; creditedPoints: number | null }>).map((a) => [
      a.id,
      a,
    ]),
  );
  const lost = [...acked].flatMap((i) => batches[i]!).filter((id) => byId.get(id)?.status !== 'confirmed');
  t.deepEqual(lost, [], 'every acknowledged confirmation survived kill -9');
  const confirmedBefore = [...byId.values()].filter((a) => a.status === 'confirmed').length;
  t.true(confirmedBefore >= acked.size * BATCH);
  t.true(
    confirmedBefore <= (acked.size + CONCURRENCY) * BATCH,
    'at most the batches in flight were committed unanswered',
  );

  // Everything not acknowledged, and every third acknowledged batch, again (two at once for some).
  const retry = batches.map((_, i) => i).filter((i) => !acked.has(i) || i % 3 === 0);
  // Every seventh twice in a row, so both copies are in flight together.
  const sends = retry.flatMap((i) => (i % 7 === 0 ? [i, i] : [i]));
  const replies = new Map<number, { alreadyConfirmed: boolean }>();
  const retryErrors: string[] = [];
  await pool(sends, CONCURRENCY, async (i) => {
    const r = await resend(() =>
      call(second.origin, 'POST', '/attendance/confirm', token, { ids: batches[i] }),
    );
    if (r.status !== 200) retryErrors.push(`${r.status} ${JSON.stringify(r.body)}`);
    else for (const c of r.body.confirmed) if (!replies.has(c.id)) replies.set(c.id, c);
  });
  t.deepEqual(retryErrors, []);
  for (const i of retry)
    if (acked.has(i)) for (const id of batches[i]!) t.true(replies.get(id)?.alreadyConfirmed);
  const retriedAt = Date.now();

  // The ledger, read straight from the database (PGlite: after a clean stop, it is single-process).
  if (!databaseUrl) {
    t.is(await second.stop(), 0);
    t.false(fs.existsSync(lockFile), 'a clean stop frees the directory');
  }
  const check = await openDatabase({ dataDir, databaseUrl });
  t.teardown(() => check.close().catch(() => {}));
  const db = check.db;
  const [lines] = await q(
    db,
    sql`SELECT count(*)::int AS n, count(DISTINCT source_key)::int AS keys, coalesce(sum(amount), 0)::int AS total
          FROM ledger_entries WHERE activity_id = ${fx.activityId}`,
  );
  t.is(lines!.n, VOLUNTEERS, 'one line per credited attendance');
  t.is(lines!.keys, VOLUNTEERS);
  t.is(lines!.total, VOLUNTEERS * 200);
  const perAttendance = await q(
    db,
    sql`SELECT a.id, count(l.id)::int AS n FROM attendances a
          LEFT JOIN ledger_entries l ON l.source_key = 'attendance:' || a.id::text
         WHERE a.activity_id = ${fx.activityId} GROUP BY a.id HAVING count(l.id) <> 1`,
  );
  t.deepEqual(perAttendance, [], 'every attendance credited exactly once');
  const [accountsRow] = await q(
    db,
    sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE balance = 200 AND lifetime_minutes = 120)::int AS right
          FROM accounts WHERE community_id = ${fx.communityId}`,
  );
  t.is(accountsRow!.n, VOLUNTEERS);
  t.is(accountsRow!.right, VOLUNTEERS, 'every balance is exactly one credit');
  const [certs] = await q(
    db,
    sql`SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS holders FROM certificates WHERE community_id = ${fx.communityId}`,
  );
  t.is(certs!.n, VOLUNTEERS, 'the credit reaching the threshold issued one certificate each');
  t.is(certs!.holders, VOLUNTEERS);
  const [confirmed] = await q(
    db,
    sql`SELECT count(*)::int AS n FROM attendances WHERE activity_id = ${fx.activityId} AND status = 'confirmed'`,
  );
  t.is(confirmed!.n, VOLUNTEERS);
  t.deepEqual(await ledgerProblems(db), []);
  await check.close();
  t.log(
    `${databaseUrl ? 'PostgreSQL' : 'PGlite'}: ${VOLUNTEERS} attendances in ${batches.length} batches; ` +
      `seed ${seededAt - started} ms, round 1 ${killedAt - seededAt} ms (${acked.size} batches acknowledged, ` +
      `${confirmedBefore} confirmed at the kill), restart + ${sends.length} sends of ${retry.length} batches ` +
      `${retriedAt - killedAt} ms` +
      (lostAnswers.length ? `; answers lost on a live server and resent: ${lostAnswers.join(' | ')}` : ''),
  );
}

test.serial(
  'PGlite: kill -9 during thousands of credits loses no acknowledged credit and doubles none',
  async (t) => {
    t.timeout(180_000);
    await scenario(t);
  },
);

const pgUrl = process.env.TEST_DATABASE_URL;
(pgUrl ? test : test.skip)(
  'PostgreSQL: kill -9 during thousands of credits loses no acknowledged credit and doubles none',
  async (t) => {
    t.timeout(180_000);
    await scenario(t, await createPgDatabase(t, pgUrl!));
  },
);
