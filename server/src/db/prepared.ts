import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Executor } from './client';

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

/**
 * The same for a statement run inside a transaction (or on the pool): `query` is turned into text
 * once, and each call runs it under `name` on whichever connection `ex` holds, so PostgreSQL parses
 * and plans it once per connection.
 */
export function preparedStatement<Row>(name: string, query: SQL) {
  const q = dialect.sqlToQuery(query);
  return {
    async rows(ex: Executor, values: Record<string, unknown>): Promise<Row[]> {
      const r = (await ex._.session.prepareQuery(q, undefined, name, false).execute(values)) as {
        rows: Row[];
      };
      return r.rows;
    },
  };
}
