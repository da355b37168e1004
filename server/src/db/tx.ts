import { sqlState } from '../http/errors';
import { currentScope, runInScope } from '../scope';
import type { Db, Tx } from './client';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Work to do inside the transaction a request's service opens, just before it commits: the route
 * builder writes the request's audit row there, so the change and its record commit together (and one
 * round trip and one commit fewer than a separate insert afterwards).
 */
export interface CommitHook {
  beforeCommit(tx: Tx): Promise<void>;
  /** The transaction committed (after `beforeCommit`). */
  committed(): void;
  /** It rolled back: whatever `beforeCommit` wrote is gone. */
  rolledBack(): void;
}

/** Runs `fn` so that the outermost transactions it opens through `inTransaction` call `hook`. */
export function runWithCommitHook<T>(hook: CommitHook, fn: () => T): T {
  return runInScope({ hook }, fn);
}

/** Runs `fn` in one transaction, retrying the whole of it on serialization failures and deadlocks. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  // A transaction opened inside another one (a savepoint) leaves the hook to the outer one.
  const scope = currentScope();
  const hook = scope?.inTransaction ? undefined : scope?.hook;
  for (let i = 1; ; i++) {
    try {
      const result = await runInScope({ inTransaction: true }, () =>
        db.transaction(async (tx) => {
          const r = await fn(tx);
          if (hook) await hook.beforeCommit(tx);
          return r;
        }),
      );
      hook?.committed();
      return result;
    } catch (err) {
      hook?.rolledBack();
      const state = sqlState(err);
      if (!state || !RETRYABLE.has(state) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}
