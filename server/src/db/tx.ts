import { sqlState } from '../http/errors';
import type { Db, Tx } from './client';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/** Runs `fn` in one transaction, retrying the whole of it on serialization failures and deadlocks. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      const state = sqlState(err);
      if (!state || !RETRYABLE.has(state) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}
