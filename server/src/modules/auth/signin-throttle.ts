import type { Config } from '@timebank/config';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { signinThrottle } from './auth.table';

/** One throttled key and how many attempts it may make before the delays begin. */
export interface ThrottleKey {
  key: string;
  free: number;
}

/**
 * Progressive delays for password sign-ins, shared by every API process (a table, not memory). Each
 * attempt is counted before the password is checked — a burst of parallel guesses cannot slip through
 * between a check and its count — and a correct password takes its attempt back. A key that has made
 * `free` attempts must then wait 1, 2, 4 … s (at most `maxDelaySeconds`) before the next; the counts
 * are forgotten after `windowSeconds` without an attempt. Nothing locks: once the wait is over, the
 * next attempt is heard.
 */
export function createSigninThrottle(deps: { db: Db; clock: Clock; config: Pick<Config, 'signin'> }) {
  const { db, clock } = deps;
  const { windowSeconds, maxDelaySeconds } = deps.config.signin;

  /** Seconds to wait after `n` attempts (SQL), given the key's free attempts. */
  const delayAfter = (n: SQL, free: number) =>
    sql`CASE WHEN ${n} >= ${free}::int THEN least(${maxDelaySeconds}::int, power(2, least(${n} - ${free}::int, 20))::int) ELSE 0 END`;

  /**
   * Counts an attempt for `k` unless it is still waiting; the wait in seconds when it is. Within its
   * free attempts a key never waits (another process's clock a little ahead does not refuse it).
   */
  async function claim(k: ThrottleKey, now: Date): Promise<number> {
    const at = sql`${now.toISOString()}::timestamptz`;
    const quiet = sql`t.last_at <= ${at} - make_interval(secs => ${windowSeconds}::int)`;
    const next = sql`(CASE WHEN ${quiet} THEN 1 ELSE t.attempts + 1 END)`;
    const result = await db.execute(sql`
      INSERT INTO signin_throttle AS t (key, attempts, last_at, next_at)
      VALUES (${k.key}, 1, ${at}, ${at} + make_interval(secs => ${delayAfter(sql`1`, k.free)}))
      ON CONFLICT (key) DO UPDATE SET
        attempts = ${next},
        last_at = ${at},
        next_at = ${at} + make_interval(secs => ${delayAfter(next, k.free)})
      WHERE t.attempts < ${k.free}::int OR t.next_at <= ${at} OR ${quiet}
      RETURNING t.attempts`);
    if (rowsOf(result).length > 0) return 0;
    const [row] = await db
      .select({ nextAt: signinThrottle.nextAt })
      .from(signinThrottle)
      .where(eq(signinThrottle.key, k.key));
    return row ? Math.max(1, Math.ceil((row.nextAt.getTime() - now.getTime()) / 1000)) : 1;
  }

  /** Gives back one counted attempt (a correct password). */
  async function release(key: string) {
    await db
      .update(signinThrottle)
      .set({ attempts: sql`greatest(${signinThrottle.attempts} - 1, 0)` })
      .where(eq(signinThrottle.key, key));
  }

  return {
    /**
     * Counts an attempt against each key in order; the first that must still wait stops it (the keys
     * before it get their attempt back). 0: go ahead; otherwise the seconds to wait.
     */
    async attempt(keys: ThrottleKey[]): Promise<number> {
      const now = clock.now();
      for (let i = 0; i < keys.length; i++) {
        const wait = await claim(keys[i]!, now);
        if (wait > 0) {
          for (const done of keys.slice(0, i)) await release(done.key);
          return wait;
        }
      }
      if (Math.random() < 0.01) {
        // Keys quiet for a day: by the app's clock, like the rest (tests move it).
        const before = new Date(now.getTime() - Math.max(windowSeconds, 86_400) * 1000);
        await db.execute(
          sql`DELETE FROM signin_throttle WHERE last_at < ${before.toISOString()}::timestamptz`,
        );
      }
      return 0;
    },

    /** A correct password: the pair starts afresh, the address gets its attempt back. */
    async succeeded(pairKey: string, addressKey: string) {
      await db.delete(signinThrottle).where(eq(signinThrottle.key, pairKey));
      await release(addressKey);
    },
  };
}

function rowsOf(result: unknown): unknown[] {
  const r = result as { rows?: unknown[] } | unknown[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

export type SigninThrottle = ReturnType<typeof createSigninThrottle>;
