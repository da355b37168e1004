import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDirectoryLock, type DirectoryLock } from './lock';
import { loadTemplate } from './pglite-template.mjs';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction. */
export type Executor = Db | Tx;

/**
 * server/drizzle, looked up from this module's directory upwards: the module may run from
 * server/src/db (tsx) or from a bundle elsewhere in the repository (server/dist, bench/dist).
 */
export const migrationsFolder = findMigrationsFolder(path.dirname(fileURLToPath(import.meta.url)));

function findMigrationsFolder(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    for (const folder of [path.join(dir, 'drizzle'), path.join(dir, 'server', 'drizzle')]) {
      if (fs.existsSync(path.join(folder, 'meta', '_journal.json'))) return folder;
    }
    // Not found: the migrator's own error names the path it tried.
    if (path.dirname(dir) === dir) return path.resolve(from, '../../drizzle');
  }
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a real server; omitted for embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; omitted (with no url) for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** An existing PGlite instance (tests clone a migrated template). */
  pglite?: PGlite;
  /**
   * Start a new PGlite database from the migrated template (server/dist/pglite-template) when there
   * is one for the current migrations; default true. An existing data directory is opened as it is.
   */
  template?: boolean;
  /** Where templates are looked for; default server/dist/pglite-template (tests use their own). */
  templateDir?: string;
}

const MIGRATION_LOCK_ID = 7_351_001;

export async function createDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return createPostgres(opts.url, opts.poolSize ?? 10);
  return createPglite(opts);
}

async function createPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  // Nor a checked-out one: when the server ends a backend (a failover: FATAL 57P01) while its
  // transaction is between statements, there is no query to fail, and node-postgres emits 'error' on
  // the client, which the pool listens to only while the client is idle. The transaction's next
  // statement fails instead, and the pool drops the client on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzleNodePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Two processes starting together must not both migrate.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await migrateNodePg(drizzleNodePg(client, { casing: 'snake_case' }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Opens PGlite in `pgdata` (in memory without one). A new database starts from the migrated template
 * when there is one (no initdb, no migrations to run); should loading it fail, the half-written
 * directory is removed and the database made the usual way.
 */
async function openPglite(
  pgdata: string | undefined,
  useTemplate: boolean,
  templateDir: string | undefined,
): Promise<PGlite> {
  const fresh = !pgdata || !fs.existsSync(path.join(pgdata, 'PG_VERSION'));
  const template = fresh && useTemplate ? loadTemplate(migrationsFolder, templateDir) : undefined;
  if (template) {
    const existed = pgdata !== undefined && fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0;
    try {
      return pgdata
        ? await PGlite.create(pgdata, { loadDataDir: template })
        : await PGlite.create({ loadDataDir: template });
    } catch (err) {
      // Only a directory this call filled is removed.
      if (existed) throw err;
      if (pgdata) fs.rmSync(pgdata, { recursive: true, force: true });
    }
  }
  return pgdata ? PGlite.create(pgdata) : PGlite.create();
}

async function createPglite(opts: DatabaseOptions): Promise<Database> {
  let lock: DirectoryLock | undefined;
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      lock = acquireDirectoryLock(opts.dataDir);
    }
    try {
      client = await openPglite(
        opts.dataDir && path.join(opts.dataDir, 'pgdata'),
        opts.template ?? true,
        opts.templateDir,
      );
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  const pglite = client;
  const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(pglite, { casing: 'snake_case' }), { migrationsFolder });
    },
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
