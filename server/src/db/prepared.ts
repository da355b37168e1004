import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client';

const dialect = new PgDialect();

/**
 * A hand-written statement (a data-modifying CTE, say) prepared under `name`, with its values as
 * `sql.placeholder(…)`: PostgreSQL parses and plans it once per connection instead of once per call
 * (the query builder's `.prepare()` does the same for its own queries). PGlite runs it as usual.
 */
export function prepareSql<Row>(db: Db, name: string, query: SQL) {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return {
    async rows(values: Record<string, unknown>): Promise<Row[]> {
      const r = (await prepared.execute(values)) as { rows: Row[] };
      return r.rows;
    },
  };
}
