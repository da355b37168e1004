/**
 * Small in-process caches. Time comes from the injected clock, so tests move it; there are no module
 * globals: each app (createApp) makes its own.
 *
 * Several API instances may run behind one address; each has its own caches. What one instance writes
 * it invalidates at once (see `createReadCache`), and tells the others through the cache bus
 * (http/cache-bus.ts: PostgreSQL LISTEN/NOTIFY), which drop the same entries a few ms later; the
 * TTLs remain as the bound when a message is lost.
 */
import type { Clock } from '../clock';
import { currentScope } from '../scope';

export interface TtlCache<K, V> {
  get(key: K): V | undefined;
  /** Keeps `value` until `ttlMs` from now, or `expiresAtMs` if that is sooner. */
  set(key: K, value: V, expiresAtMs?: number): void;
  delete(key: K): void;
  clear(): void;
  readonly size: number;
}

/**
 * A bounded map whose entries expire: when full, the oldest entry not used since it was last passed
 * over goes first (the "clock" approximation of least recently used: a hit only marks the entry, so
 * the hot path changes nothing in the map). An entry made "in the future" (a clock set back, as tests
 * do) counts as expired.
 */
export function createTtlCache<K, V>(opts: { clock: Clock; ttlMs: number; max: number }): TtlCache<K, V> {
  const map = new Map<K, { value: V; at: number; until: number; used: boolean }>();
  return {
    get(key) {
      const e = map.get(key);
      if (!e) return undefined;
      const now = opts.clock.now().getTime();
      if (now >= e.until || now < e.at) {
        map.delete(key);
        return undefined;
      }
      e.used = true;
      return e.value;
    },
    set(key, value, expiresAtMs) {
      const now = opts.clock.now().getTime();
      const until = Math.min(now + opts.ttlMs, expiresAtMs ?? Number.POSITIVE_INFINITY);
      if (until <= now) return;
      map.delete(key);
      map.set(key, { value, at: now, until, used: false });
      // Oldest first; one used since it was last passed over (and the entry just set) goes to the end
      // instead. Two passes at most: the first clears every mark.
      for (let turns = 2 * map.size; map.size > opts.max && turns > 0; turns--) {
        const [k, e] = map.entries().next().value!;
        map.delete(k);
        if ((e.used || k === key) && opts.max > 0) {
          e.used = false;
          map.set(k, e);
        }
      }
    },
    delete(key) {
      map.delete(key);
    },
    clear() {
      map.clear();
    },
    get size() {
      return map.size;
    },
  };
}

/**
 * A microcache for community-level list reads (the alliance directory, the activity list): a second or
 * two, keyed by community and the normalised query. Any write this process makes (`invalidate`, called
 * after every non-GET API request) empties it, and a read that started before a write does not store
 * its (possibly older) answer. Other instances see the change within `ttlMs`.
 */
export function createReadCache(opts: { clock: Clock; ttlMs?: number; max?: number }) {
  const cache = createTtlCache<string, unknown>({
    clock: opts.clock,
    ttlMs: opts.ttlMs ?? 1500,
    max: opts.max ?? 500,
  });
  let generation = 0;
  const pending = new Map<string, { generation: number; promise: Promise<unknown> }>();
  return {
    /** The cached value for `key`, or `load()`'s (one load at a time per key). */
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      // A user who just wrote reads from the leader, past what others cached from a replica.
      if (currentScope()?.reads === 'leader') return load();
      const hit = cache.get(key);
      if (hit !== undefined) return hit as T;
      const inflight = pending.get(key);
      if (inflight && inflight.generation === generation) return inflight.promise as Promise<T>;
      const started = generation;
      const promise = load();
      pending.set(key, { generation: started, promise });
      try {
        const value = await promise;
        if (generation === started) cache.set(key, value);
        return value;
      } finally {
        if (pending.get(key)?.promise === promise) pending.delete(key);
      }
    },
    /** Forget everything: called after each write made through this process. */
    invalidate() {
      generation++;
      cache.clear();
      pending.clear();
    },
    get size() {
      return cache.size;
    },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
