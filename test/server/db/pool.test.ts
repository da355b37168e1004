/**
 * The PostgreSQL pool when the server goes away under it (a failover: the leader's postmaster killed,
 * every backend sending FATAL 57P01 and closing). A connection checked out by a transaction that is
 * between two statements has no query to fail, so node-postgres emits 'error' on the client itself:
 * without a listener there the whole API process died (found by npm run drill:failover).
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDatabase } from '../../../server/src/db/client';

const url = process.env.TEST_DATABASE_URL;
const pgTest = url ? test : test.skip;

pgTest('a connection terminated inside a transaction fails that transaction, not the process', async (t) => {
  const database = await createDatabase({ url: url!, poolSize: 2 });
  t.teardown(() => database.close());
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  t.teardown(() => admin.end());

  const err = await t.throwsAsync(
    database.db.transaction(async (tx) => {
      const r = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as {
        rows: Array<{ pid: number }>;
      };
      // Between two statements: the server ends this backend, as at a failover.
      await admin.query('SELECT pg_terminate_backend($1)', [r.rows[0]!.pid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.execute(sql`SELECT 1`);
    }),
  );
  t.truthy(err);
  // The broken connection is not handed out again: the next queries get a new one.
  await database.ping();
  await database.ping();
  t.pass();
});
