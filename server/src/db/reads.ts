import type { Clock } from '../clock';
import { createTtlCache } from '../http/cache';
import { currentScope } from '../scope';
import type { Db } from './client';

/**
 * Where a read goes: the leader (`database.db`) or the replicas (`database.read`, DATABASE_READ_URL).
 *
 * The route layer marks each GET request: `reads: 'replica'` for most, `reads: 'leader'` for a user
 * who wrote within the read-your-writes window (READ_YOUR_WRITES_MS, 5 s by default). Everything
 * else — writes, reads inside a transaction, reads that write (the household view log, audited
 * exports' records, rate limits in the UNLOGGED table), background jobs — uses the leader, because
 * only the services that opt in (`reads.db()`: the directory, activity lists, dashboards, exports'
 * data, the board) ever see the replica handle, and only while the request is marked `replica`.
 *
 * The window is kept per process, in a bounded map of user id → last write. Other API processes
 * learn of a user's write through the cache bus (LISTEN/NOTIFY, a few ms after the commit), so a
 * user whose next request lands elsewhere reads from the leader there too. A replica that lags more
 * than the window is not covered (Patroni's synchronous_mode confirms the WAL is flushed on the
 * standby, not applied): what a user reads of others' writes may be that old.
 */
export function createReadRouting(opts: {
  leader: Db;
  replica: Db;
  clock: Clock;
  windowMs: number;
  max?: number;
}) {
  const same = opts.leader === opts.replica;
  const lastWrite = createTtlCache<number, number>({
    clock: opts.clock,
    ttlMs: Math.max(1, opts.windowMs),
    max: opts.max ?? 50_000,
  });
  const pick = (): Db => {
    if (same) return opts.leader;
    const scope = currentScope();
    return scope?.reads === 'replica' && !scope.inTransaction ? opts.replica : opts.leader;
  };
  // A Db whose every use goes where `pick` says at that moment: handed to the read-only services
  // (dashboards, exports) and to the list reads of others, which keep using it as a plain Db.
  const handle: Db = same
    ? opts.leader
    : (new Proxy({} as Db, {
        get(_, key) {
          const target = pick();
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as Db);
  return {
    /** Whether there is a separate read address at all. */
    replicated: !same,
    /** The handle for a read that may be a moment old (the replica or the leader, as marked). */
    db: pick,
    /** The same as a Db to keep: each query goes where `db()` says when it is made. */
    handle,
    /** The user wrote just now: their reads go to the leader for the window. */
    wrote(userId: number) {
      if (opts.windowMs > 0) lastWrite.set(userId, opts.clock.now().getTime());
    },
    /** Whether the user wrote within the window (here, or elsewhere as the cache bus told). */
    recent(userId: number): boolean {
      return lastWrite.get(userId) !== undefined;
    },
  };
}

export type ReadRouting = ReturnType<typeof createReadRouting>;
