import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommitHook } from './db/tx';
import type { AuditNote } from './modules/audit/audit.note';

/**
 * What a request hands down to the services it calls without passing it as an argument: the audit
 * note they may fill, the hook of its outermost transaction, and whether a transaction is open.
 * One storage for the three: on Node 20 each AsyncLocalStorage in use adds work to every promise the
 * process creates, whichever request it belongs to.
 */
export interface Scope {
  note?: AuditNote;
  hook?: CommitHook;
  inTransaction?: true;
  /**
   * A GET request's reads that may be a moment old: from the replicas, or from the leader for a user
   * inside their read-your-writes window (see db/reads.ts). Unset: the leader.
   */
  reads?: 'replica' | 'leader';
  /** Cache-bus messages of the request, sent when it is over (http/cache-bus.ts). */
  outbox?: import('./http/cache-bus').CacheMessage[];
}

const storage = new AsyncLocalStorage<Scope>();

/** Runs `fn` with the current scope and `extra` on top of it. */
export function runInScope<T>(extra: Scope, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...extra }, fn);
}

export function currentScope(): Scope | undefined {
  return storage.getStore();
}
