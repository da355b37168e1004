/**
 * The background jobs run in one process only: the holder of a session-level advisory lock. With
 * TEST_DATABASE_URL, two "processes" (each its own Database: its own pool and lock connection) on one
 * PostgreSQL; on PGlite, the only process always runs them.
 */
import test from 'ava';
import pg from 'pg';
import pino from 'pino';
import { createDatabase, type Database } from '../../../server/src/db/client';
import { type Election, electJobRunner } from '../../../server/src/db/election';
import { createPgDatabase } from '../crash/harness';

const pgUrl = process.env.TEST_DATABASE_URL;
const logger = pino({ level: 'silent' });
const RETRY_MS = 100;
const LOCK = 7_351_990 + (process.pid % 1000);

/** A process's election, with a count of job runs started and stopped. */
function candidate(database: Database) {
  const counts = { started: 0, stopped: 0 };
  const election = electJobRunner({
    database,
    retryMs: RETRY_MS,
    logger,
    lockId: LOCK,
    start: () => {
      counts.started++;
      return {
        async stop() {
          counts.stopped++;
        },
      };
    },
  });
  return { election, counts };
}

async function until(what: string, ok: () => boolean, ms = 5000) {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('on PGlite the one process runs the jobs at once', async (t) => {
  const database = await createDatabase({});
  t.teardown(() => database.close());
  const { election, counts } = candidate(database);
  await election.ready;
  t.true(election.leading);
  t.is(counts.started, 1);
  await election.stop();
  t.false(election.leading);
  t.is(counts.stopped, 1);
});

const pgTest = pgUrl ? test.serial : test.skip;

async function twoProcesses(t: { teardown(fn: () => unknown): void }) {
  const url = await createPgDatabase(t, pgUrl!);
  const a = await createDatabase({ url, poolSize: 2 });
  const b = await createDatabase({ url, poolSize: 2 });
  t.teardown(() => a.close());
  t.teardown(() => b.close());
  return { url, a, b };
}

const stopAll = (...es: Election[]) => Promise.all(es.map((e) => e.stop()));

pgTest('of two processes only one runs the jobs; stopping it hands them to the other', async (t) => {
  const { a, b } = await twoProcesses(t);
  const A = candidate(a);
  await A.election.ready;
  const B = candidate(b);
  await B.election.ready;
  t.teardown(() => stopAll(A.election, B.election));
  t.true(A.election.leading);
  t.false(B.election.leading);
  // Several retries later, still one.
  await new Promise((r) => setTimeout(r, RETRY_MS * 4));
  t.true(A.election.leading);
  t.false(B.election.leading);
  t.is(B.counts.started, 0);

  await A.election.stop();
  t.is(A.counts.stopped, 1);
  await until('B takes over', () => B.election.leading);
  t.is(B.counts.started, 1);
});

pgTest('a holder whose connection dies stops its jobs, and exactly one candidate takes over', async (t) => {
  const { url, a, b } = await twoProcesses(t);
  const A = candidate(a);
  await A.election.ready;
  const B = candidate(b);
  await B.election.ready;
  t.teardown(() => stopAll(A.election, B.election));
  t.true(A.election.leading);

  // The holder's session ends as in a crash or a failover: PostgreSQL frees its lock.
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  t.teardown(() => admin.end());
  const { rows } = await admin.query(
    `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted`,
    [LOCK],
  );
  t.is(rows.length, 1);
  await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);

  await until('A stops its jobs', () => A.counts.stopped === 1, 20_000);
  // The lock is free: whichever candidate asks first takes it (A, back on a new connection, races B
  // for it). What must hold is that the jobs run again, in exactly one process.
  await until('one of them takes over', () => A.election.leading !== B.election.leading, 20_000);
  await new Promise((r) => setTimeout(r, RETRY_MS * 4));
  t.true(A.election.leading !== B.election.leading, 'exactly one leads');
  t.is(A.counts.started - A.counts.stopped + B.counts.started - B.counts.stopped, 1);
});
