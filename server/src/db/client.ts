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

/** A connection of its own, kept until released: for session-level state (advisory locks). */
export interface DedicatedConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Called once when the connection is lost (the server ended it, the network went). */
  onLost(fn: (err: unknown) => void): void;
  release(): Promise<void>;
}

export interface Database {
  /** The leader: every write, and every read that writes or must see the latest commit. */
  db: Db;
  /**
   * Reads that may be a moment old (DATABASE_READ_URL: the replicas behind HAProxy); the same
   * handle as `db` when no read address is set, and always on PGlite.
   */
  read: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * LISTEN on `channel` for as long as the returned function is not called. `onGap` runs after a lost
   * listening connection is back: messages sent meanwhile were missed (drop whatever they guard).
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>>;
  /** NOTIFY `channel` (delivered to every listener when the surrounding transaction, if any, commits). */
  notify(channel: string, payload: string): Promise<void>;
  /** A connection of its own (PostgreSQL); PGlite has one session only, so none. */
  dedicated?(): Promise<DedicatedConnection>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a real server; omitted for embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; omitted (with no url) for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** postgres://… of the replicas (reads that may be a moment old); default: `url`. */
  readUrl?: string | undefined;
  /** Connections to the read address (default: poolSize). */
  readPoolSize?: number;
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
  if (opts.url) {
    const poolSize = opts.poolSize ?? 10;
    return createPostgres(opts.url, poolSize, opts.readUrl, opts.readPoolSize ?? poolSize);
  }
  return createPglite(opts);
}

function makePool(url: string, max: number) {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  // Nor a checked-out one: when the server ends a backend (a failover: FATAL 57P01) while its
  // transaction is between statements, there is no query to fail, and node-postgres emits 'error' on
  // the client, which the pool listens to only while the client is idle. The transaction's next
  // statement fails instead, and the pool drops the client on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** One connection that LISTENs to its channel, connected again (and `onGap` called) when lost. */
async function pgListener(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onGap?: () => void,
): Promise<() => Promise<void>> {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (again: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    c.on('error', () => {
      if (client !== c || stopped) return;
      client = undefined;
      c.end().catch(() => {});
      retry = setTimeout(() => void connect(true).catch(() => {}), 500).unref();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      c.end().catch(() => {});
      if (!again) throw err;
      if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 1000).unref();
      return;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    if (again) onGap?.();
  };
  await connect(false);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
}

async function createPostgres(
  url: string,
  poolSize: number,
  readUrl: string | undefined,
  readPoolSize: number,
): Promise<Database> {
  const pool = makePool(url, poolSize);
  const readPool = readUrl && readUrl !== url ? makePool(readUrl, readPoolSize) : undefined;
  const db = drizzleNodePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  const read = readPool ? (drizzleNodePg(readPool, { schema, casing: 'snake_case' }) as unknown as Db) : db;
  const listeners = new Set<() => Promise<void>>();
  const dedicated = new Set<pg.Client>();
  return {
    db,
    read,
    kind: 'postgres',
    async listen(channel, onMessage, onGap) {
      const stop = await pgListener(url, channel, onMessage, onGap);
      const once = async () => {
        listeners.delete(once);
        await stop();
      };
      listeners.add(once);
      return once;
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async dedicated() {
      const c = new pg.Client({ connectionString: url });
      const lost: Array<(err: unknown) => void> = [];
      let done = false;
      const fire = (err: unknown) => {
        if (done) return;
        done = true;
        for (const fn of lost) fn(err);
      };
      c.on('error', fire);
      c.on('end', () => fire(new Error('Connection terminated')));
      await c.connect();
      dedicated.add(c);
      return {
        query: (text, values) =>
          c.query(text, values as unknown[]) as Promise<{ rows: Record<string, unknown>[] }>,
        onLost: (fn) => void lost.push(fn),
        async release() {
          done = true;
          dedicated.delete(c);
          await c.end().catch(() => {});
        },
      };
    },
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
      for (const stop of [...listeners]) await stop();
      for (const c of [...dedicated]) await c.end().catch(() => {});
      await Promise.all([pool.end(), readPool?.end()]);
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
    read: db,
    kind: 'pglite',
    async listen(channel, onMessage) {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
      return pglite.listen(channel, onMessage);
    },
    async notify(channel, payload) {
      await pglite.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
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
