import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';

/**
 * The ledger summed per community and local day (Asia/Shanghai), for the dashboards' service series
 * (docs/scale.md). Kept by a trigger on ledger_entries (migration ledger_daily_trigger): every line
 * adds its points, minutes and itself to its day's row when its transaction commits. The ledger is
 * append-only, so the rollup only ever grows; it always equals a GROUP BY over the lines.
 */
export const ledgerDaily = pgTable(
  'ledger_daily',
  {
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** Local date of the lines' created_at, in Asia/Shanghai. */
    day: date({ mode: 'string' }).notNull(),
    /** Signed hundredths of a point. */
    amount: bigint({ mode: 'number' }).notNull(),
    minutes: bigint({ mode: 'number' }).notNull(),
    lines: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.day] }),
    check('ledger_daily_lines_positive', sql`${t.lines} > 0`),
  ],
);
