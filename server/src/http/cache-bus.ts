/**
 * Cache invalidation across API processes, through PostgreSQL LISTEN/NOTIFY.
 *
 * Each process keeps small caches (http/cache.ts): the directory and activity lists, a user's role
 * and disabled flag, whether a session is live. What a process changes it forgets at once; the bus
 * tells every other process on the same database, which forgets the same entries a few ms later
 * (docs/deploy.md has the figure). The TTLs remain the bound when a message is lost: a listening
 * connection that drops is opened again, and everything is forgotten then (`onGap`).
 *
 * Messages a request makes are queued in its scope and sent once the request is over, after its
 * transaction committed: a process that hears one and reads again sees the change. Outside a
 * request (jobs, tests) they are sent at once. One NOTIFY per request, a JSON array.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { currentScope, runInScope } from '../scope';

export type CacheMessage =
  /** A write through the API (by `user`, when signed in): list caches are stale. */
  | { t: 'write'; user?: number }
  /** A user's role, community, disabled flag or sessions changed. */
  | { t: 'user'; id: number }
  /** One session was revoked. */
  | { t: 'session'; id: string }
  /** Messages may have been missed (the listening connection was lost): forget everything. */
  | { t: 'all' };

type Handler = (m: CacheMessage) => void;

export const CACHE_CHANNEL = 'timebank_cache';
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000;

export function createCacheBus(deps: { database: Database; logger: Logger; channel?: string }) {
  const channel = deps.channel ?? CACHE_CHANNEL;
  const from = randomBytes(6).toString('base64url');
  const handlers = new Set<Handler>();
  let unlisten: (() => Promise<void>) | undefined;
  let onReceived: ((m: CacheMessage) => void) | undefined;

  const deliver = (m: CacheMessage) => {
    for (const h of handlers) {
      try {
        h(m);
      } catch (err) {
        deps.logger.error({ err }, 'cache bus handler failed');
      }
    }
    onReceived?.(m);
  };

  function send(messages: CacheMessage[]) {
    if (!unlisten || !messages.length) return;
    const chunks: CacheMessage[][] = [[]];
    let size = 0;
    for (const m of messages) {
      const n = JSON.stringify(m).length + 1;
      if (size + n > MAX_PAYLOAD && chunks[chunks.length - 1]!.length) {
        chunks.push([]);
        size = 0;
      }
      chunks[chunks.length - 1]!.push(m);
      size += n;
    }
    for (const m of chunks) {
      deps.database
        .notify(channel, JSON.stringify({ f: from, m }))
        .catch((err) => deps.logger.warn({ err }, 'cache bus: notify failed'));
    }
  }

  return {
    /** This process's id in the messages it sends. */
    id: from,
    /** Called for every message from another process. */
    on(handler: Handler) {
      handlers.add(handler);
    },
    /** Tell the other processes (after the current request, if inside one). */
    publish(m: CacheMessage) {
      const outbox = currentScope()?.outbox;
      if (outbox) outbox.push(m);
      else send([m]);
    },
    /** Runs `fn` (a request) collecting its messages, then sends them with `last`. */
    async around<T>(fn: () => Promise<T>, last: () => CacheMessage | undefined): Promise<T> {
      if (!unlisten) return fn();
      const outbox: CacheMessage[] = [];
      try {
        return await runInScope({ outbox }, fn);
      } finally {
        const m = last();
        if (m) outbox.push(m);
        send(outbox);
      }
    },
    /** Starts listening; messages are sent only once this process listens too. */
    async start() {
      if (unlisten) return;
      unlisten = await deps.database.listen(
        channel,
        (payload) => {
          let parsed: { f?: unknown; m?: unknown };
          try {
            parsed = JSON.parse(payload);
          } catch {
            return;
          }
          if (parsed.f === from || !Array.isArray(parsed.m)) return;
          for (const m of parsed.m as CacheMessage[]) deliver(m);
        },
        // Messages may have been missed while the connection was down: everything is stale.
        () => deliver({ t: 'all' }),
      );
    },
    /** Test and drill hook: every message received from another process. */
    set received(fn: ((m: CacheMessage) => void) | undefined) {
      onReceived = fn;
    },
    get listening() {
      return unlisten !== undefined;
    },
    async stop() {
      const u = unlisten;
      unlisten = undefined;
      await u?.();
    },
  };
}

export type CacheBus = ReturnType<typeof createCacheBus>;
