import test from 'ava';
import { sql } from 'drizzle-orm';
import { type CommitHook, inTransaction, runWithCommitHook } from '../../../server/src/db/tx';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
  await ctx.database.db.execute(sql`CREATE TABLE tx_probe (v text NOT NULL)`);
});
test.after.always(() => ctx?.close());

const rows = async () =>
  (
    (await ctx.database.db.execute(sql`SELECT v FROM tx_probe ORDER BY v`)) as unknown as {
      rows: Array<{ v: string }>;
    }
  ).rows.map((r) => r.v);

function recordingHook(tag: string) {
  const events: string[] = [];
  const hook: CommitHook = {
    async beforeCommit(tx) {
      events.push('before');
      await tx.execute(sql`INSERT INTO tx_probe (v) VALUES (${`${tag}:hook`})`);
    },
    committed: () => events.push('committed'),
    rolledBack: () => events.push('rolledBack'),
  };
  return { hook, events };
}

test.serial(
  'the hook writes inside the outermost transaction, once, and commits with the change',
  async (t) => {
    const { hook, events } = recordingHook('a');
    await runWithCommitHook(hook, () =>
      inTransaction(ctx.database.db, async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe (v) VALUES ('a:change')`);
        // A transaction opened inside (a savepoint) leaves the hook to the outer one.
        await inTransaction(tx as never, async (inner) => {
          await inner.execute(sql`INSERT INTO tx_probe (v) VALUES ('a:inner')`);
        });
      }),
    );
    t.deepEqual(events, ['before', 'committed']);
    t.deepEqual(await rows(), ['a:change', 'a:hook', 'a:inner']);
  },
);

test.serial('a failing transaction takes the hook’s row with it and says so', async (t) => {
  const { hook, events } = recordingHook('b');
  await t.throwsAsync(
    runWithCommitHook(hook, () =>
      inTransaction(ctx.database.db, async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe (v) VALUES ('b:change')`);
        throw new Error('refused');
      }),
    ),
    { message: 'refused' },
  );
  t.deepEqual(events, ['rolledBack']);
  t.false((await rows()).some((v) => v.startsWith('b:')));
});

test.serial('a hook that fails rolls back the change too (no change without its record)', async (t) => {
  const events: string[] = [];
  const hook: CommitHook = {
    async beforeCommit() {
      events.push('before');
      throw new Error('audit failed');
    },
    committed: () => events.push('committed'),
    rolledBack: () => events.push('rolledBack'),
  };
  await t.throwsAsync(
    runWithCommitHook(hook, () =>
      inTransaction(ctx.database.db, async (tx) => {
        await tx.execute(sql`INSERT INTO tx_probe (v) VALUES ('c:change')`);
      }),
    ),
  );
  t.deepEqual(events, ['before', 'rolledBack']);
  t.false((await rows()).some((v) => v.startsWith('c:')));
});

test.serial('without a hook, transactions are as before', async (t) => {
  await inTransaction(ctx.database.db, async (tx) => {
    await tx.execute(sql`INSERT INTO tx_probe (v) VALUES ('d:change')`);
  });
  t.true((await rows()).includes('d:change'));
});
