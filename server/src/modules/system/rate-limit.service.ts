import { sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { rateLimits } from './system.table';

/**
 * Fixed-window counters in the database, so limits hold across several API processes.
 */
export function createRateLimiter(deps: { db: Db; clock: Clock }) {
  const windowStart = (windowSeconds: number) => {
    const ms = windowSeconds * 1000;
    return new Date(Math.floor(deps.clock.now().getTime() / ms) * ms);
  };
  const retryAfter = (windowSeconds: number) =>
    Math.max(
      1,
      Math.ceil(
        (windowStart(windowSeconds).getTime() + windowSeconds * 1000 - deps.clock.now().getTime()) / 1000,
      ),
    );

  // Prepared once: every limited request runs it (PostgreSQL parses and plans it once per connection).
  const hit = deps.db
    .insert(rateLimits)
    .values({ key: sql.placeholder('key'), windowStart: sql.placeholder('start'), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count })
    .prepare('rate_limit_hit');

  return {
    /** Counts one hit; true while the count stays within `limit`. */
    async consume(key: string, limit: number, windowSeconds: number) {
      const start = windowStart(windowSeconds);
      const rows = await hit.execute({ key, start });
      const count = rows[0]?.count ?? 1;
      if (Math.random() < 0.01) {
        // Windows older than a day, by the app's clock like the windows themselves: by the database's
        // now(), a clock set elsewhere (tests, a server whose time differs) emptied the current ones.
        const before = new Date(deps.clock.now().getTime() - 24 * 3600_000);
        await deps.db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${before}`);
      }
      return { allowed: count <= limit, count, retryAfterSeconds: retryAfter(windowSeconds) };
    },

    /** The current count, without counting. */
    async count(key: string, windowSeconds: number) {
      const rows = await deps.db
        .select({ count: rateLimits.count })
        .from(rateLimits)
        .where(sql`${rateLimits.key} = ${key} AND ${rateLimits.windowStart} = ${windowStart(windowSeconds)}`);
      return { count: rows[0]?.count ?? 0, retryAfterSeconds: retryAfter(windowSeconds) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
