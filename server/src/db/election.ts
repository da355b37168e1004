import type { Logger } from 'pino';
import type { Database, DedicatedConnection } from './client';

/** The advisory lock whose holder runs the background jobs (reminders, the WeChat dispatcher). */
export const JOBS_LOCK_ID = 7_351_002;

export interface Running {
  stop(): Promise<void>;
}

/**
 * Runs `start()` only in the one process that holds a session-level PostgreSQL advisory lock, taken
 * on a connection of its own. The others try again every `retryMs`; when the holder stops (its lock
 * released) or dies (its connection closes, and PostgreSQL releases the lock with the session),
 * one of them takes over within `retryMs`. The holder checks its connection every `retryMs` and
 * stops its jobs as soon as it is lost, before anyone else can take the lock over.
 *
 * Jobs stay safe if two ever overlap (a partition the holder does not notice yet): every reminder
 * and every message is claimed in the database, so nothing is sent twice; the lock only keeps all
 * processes but one from polling for nothing.
 *
 * PGlite is one process with one session: it is always the holder.
 */
export function electJobRunner(deps: {
  database: Database;
  start: () => Running;
  retryMs: number;
  logger: Logger;
  lockId?: number;
}) {
  const lockId = deps.lockId ?? JOBS_LOCK_ID;
  let running: Running | undefined;
  let conn: DedicatedConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let changed: (() => void) | undefined;

  const lead = () => {
    running = deps.start();
    deps.logger.info({ lockId }, 'elected: this process runs the background jobs');
    changed?.();
  };

  const stand = async () => {
    const r = running;
    running = undefined;
    if (r) {
      deps.logger.warn({ lockId }, 'lost the jobs lock: background jobs stopped here');
      await r.stop().catch((err) => deps.logger.error({ err }, 'stopping background jobs failed'));
      changed?.();
    }
  };

  const drop = (c: DedicatedConnection) => {
    if (conn !== c) return;
    conn = undefined;
    void stand();
    c.release().catch(() => {});
  };

  async function tick() {
    timer = undefined;
    if (stopped) return;
    try {
      if (!conn) {
        const c = await deps.database.dedicated!();
        if (stopped) {
          await c.release();
          return;
        }
        conn = c;
        c.onLost(() => drop(c));
      }
      const c = conn;
      if (running) {
        // Still ours while the session lives.
        await c.query('SELECT 1');
      } else {
        const { rows } = await c.query('SELECT pg_try_advisory_lock($1) AS ok', [lockId]);
        if (rows[0]?.ok === true && !stopped && conn === c) lead();
      }
    } catch (err) {
      deps.logger.debug({ err }, 'jobs lock: database not reachable, trying again');
      if (conn) drop(conn);
    }
    if (!stopped) {
      timer = setTimeout(() => {
        current = tick();
      }, deps.retryMs).unref();
    }
  }

  let current: Promise<void> = deps.database.dedicated ? tick() : Promise.resolve(lead());
  const ready = current;

  return {
    /** The first attempt made (this process may or may not hold the lock). */
    ready,
    get leading() {
      return running !== undefined;
    },
    /** Test hook: called whenever this process starts or stops running the jobs. */
    set onChange(fn: (() => void) | undefined) {
      changed = fn;
    },
    /** Stops the jobs (waiting for a run under way) and releases the lock. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => {});
      const r = running;
      running = undefined;
      await r?.stop();
      const c = conn;
      conn = undefined;
      if (c) {
        await c.query('SELECT pg_advisory_unlock($1)', [lockId]).catch(() => {});
        await c.release();
      }
    },
  };
}

export type Election = ReturnType<typeof electJobRunner>;
