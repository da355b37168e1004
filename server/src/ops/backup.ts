/**
 * Backup and restore for both databases, each archive with a manifest beside it (`<file>.manifest.json`)
 * holding the archive's SHA-256 and the ledger checksum at the moment of the backup. A restore refuses
 * an archive that does not match its manifest (tampered with, or cut short), and fails when the
 * restored ledger does not reproduce the checksum.
 *
 * PostgreSQL: pg_dump custom format from one exported snapshot (the checksum is computed in the same
 * snapshot, so it describes exactly what was dumped, with the API running); pg_restore into an empty
 * database. PGlite: its own tar.gz of the data directory (dumpDataDir / loadDataDir), with the server
 * stopped — the directory lock says whether it is.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Executor } from '../db/client';
import { acquireDirectoryLock } from '../db/lock';
import { type LedgerChecksum, ledgerChecksum, OpsError, sameLedger } from './checksum';

export const MANIFEST_FORMAT = 'timebank-backup/1';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  kind: 'postgres' | 'pglite';
  createdAt: string;
  /** The archive's file name (the manifest sits beside it). */
  file: string;
  bytes: number;
  sha256: string;
  /** Applied migrations at the time of the backup. */
  migrations: number;
  /** pg_dump's or PGlite's version, and the server's. */
  tool: string;
  serverVersion: string;
  ledger: LedgerChecksum;
}

export { OpsError };

export const manifestPath = (file: string) => `${file}.manifest.json`;

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function migrationCount(db: Executor): Promise<number> {
  try {
    const r = (await db.execute(
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    )) as unknown as {
      rows: Array<{ n: number }>;
    };
    return r.rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

async function writeManifest(file: string, m: Omit<BackupManifest, 'format' | 'file' | 'bytes' | 'sha256'>) {
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    ...m,
    file: path.basename(file),
    bytes: fs.statSync(file).size,
    sha256: await fileSha256(file),
  };
  fs.writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads the manifest and checks the archive against it. */
export async function verifyArchive(file: string, kind: BackupManifest['kind']): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw new OpsError(`No backup at ${file}.`);
  const mp = manifestPath(file);
  if (!fs.existsSync(mp))
    throw new OpsError(
      `No manifest at ${mp}: only an archive written by db:backup, with its manifest, is restored.`,
    );
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(mp, 'utf8')) as BackupManifest;
  } catch {
    throw new OpsError(`The manifest ${mp} is not readable JSON.`);
  }
  if (manifest.format !== MANIFEST_FORMAT) throw new OpsError(`${mp} is not a ${MANIFEST_FORMAT} manifest.`);
  if (manifest.kind !== kind)
    throw new OpsError(
      `${file} is a ${manifest.kind} backup; the configured database is ${kind}. ` +
        (kind === 'postgres'
          ? 'Unset DATABASE_URL to restore into PGlite.'
          : 'Set DATABASE_URL to restore into PostgreSQL.'),
    );
  const bytes = fs.statSync(file).size;
  const sha256 = await fileSha256(file);
  if (bytes !== manifest.bytes || sha256 !== manifest.sha256)
    throw new OpsError(
      `${file} does not match its manifest (${bytes} bytes, expected ${manifest.bytes}; SHA-256 ${
        sha256 === manifest.sha256 ? 'matches' : 'differs'
      }): the archive was changed or is incomplete. Nothing was restored.`,
    );
  return manifest;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.once('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new OpsError(
              `${cmd} was not found. Install the PostgreSQL client tools, or pass --pg-bin=<directory>.`,
            )
          : err,
      ),
    );
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tool = (bin: string | undefined, name: string) => (bin ? path.join(bin, name) : name);

/** "pg_dump (PostgreSQL) 15.20 (Debian …)" → 15. */
export function parseClientMajor(versionLine: string): number {
  const m = /\)\s+(\d+)(?:\.(\d+))?/.exec(versionLine) ?? /(\d+)(?:\.\d+)?/.exec(versionLine);
  if (!m) throw new OpsError(`Cannot read the version of the PostgreSQL tools from "${versionLine.trim()}".`);
  return Number(m[1]);
}

/**
 * pg_dump refuses a server newer than itself ("server version mismatch"); say so before trying, with
 * what to install. An older server is fine.
 */
export function checkDumpVersions(clientMajor: number, serverVersionNum: number): void {
  const serverMajor = Math.floor(serverVersionNum / 10000);
  if (serverMajor > clientMajor)
    throw new OpsError(
      `The PostgreSQL server is version ${serverMajor} but pg_dump is version ${clientMajor}: pg_dump cannot ` +
        `dump a newer server. Install the client tools of version ${serverMajor} or newer ` +
        `(Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}) and pass ` +
        `--pg-bin=/usr/lib/postgresql/${serverMajor}/bin, or run the backup on the database host.`,
    );
}

async function clientMajor(bin: string | undefined, name: string) {
  const r = await run(tool(bin, name), ['--version']);
  if (r.code !== 0) throw new OpsError(`${name} --version failed: ${r.stderr.trim()}`);
  return { major: parseClientMajor(r.stdout), line: r.stdout.trim() };
}

export async function backupPostgres(url: string, file: string, opts: { pgBin?: string } = {}) {
  const dump = await clientMajor(opts.pgBin, 'pg_dump');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    const v = await client.query<{ n: string; v: string }>(
      `SELECT current_setting('server_version_num') AS n, current_setting('server_version') AS v`,
    );
    checkDumpVersions(dump.major, Number(v.rows[0]!.n));
    // One snapshot for the checksum and the dump: they describe the same moment.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s');
    const db = drizzleNodePg(client) as unknown as Executor;
    const ledger = await ledgerChecksum(db);
    const migrations = await migrationCount(db);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const r = await run(tool(opts.pgBin, 'pg_dump'), [
      '--format=custom',
      `--snapshot=${snap.rows[0]!.s}`,
      `--file=${partial}`,
      `--dbname=${url}`,
    ]);
    await client.query('COMMIT');
    if (r.code !== 0) throw new OpsError(`pg_dump failed: ${r.stderr.trim()}`);
    fs.renameSync(partial, file);
    return await writeManifest(file, {
      kind: 'postgres',
      createdAt: new Date().toISOString(),
      migrations,
      tool: dump.line,
      serverVersion: v.rows[0]!.v,
      ledger,
    });
  } finally {
    fs.rmSync(partial, { force: true });
    await client.end().catch(() => {});
  }
}

export async function restorePostgres(url: string, file: string, opts: { pgBin?: string } = {}) {
  const manifest = await verifyArchive(file, 'postgres');
  await clientMajor(opts.pgBin, 'pg_restore');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'drizzle')`,
    );
    if (existing.rows[0]!.n > 0)
      throw new OpsError(
        'The target database is not empty. Restore into a new database (createdb, then point DATABASE_URL at it); nothing was changed.',
      );
    const r = await run(tool(opts.pgBin, 'pg_restore'), [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      `--dbname=${url}`,
      file,
    ]);
    if (r.code !== 0) throw new OpsError(`pg_restore failed, nothing was restored: ${r.stderr.trim()}`);
    const ledger = await ledgerChecksum(drizzleNodePg(client) as unknown as Executor);
    if (!sameLedger(ledger, manifest.ledger))
      throw new OpsError(
        `The restored ledger does not match the backup's checksum (restored ${ledger.lines} lines, ` +
          `${ledger.sha256}; backup ${manifest.ledger.lines} lines, ${manifest.ledger.sha256}). Do not use this database.`,
      );
    return { manifest, ledger };
  } finally {
    await client.end().catch(() => {});
  }
}

const pgdata = (dataDir: string) => path.join(dataDir, 'pgdata');

/** PGlite, with the server stopped: the directory lock refuses while a live process holds it. */
export async function backupPglite(dataDir: string, file: string) {
  if (!fs.existsSync(pgdata(dataDir))) throw new OpsError(`No PGlite database in ${path.resolve(dataDir)}.`);
  const lock = acquireDirectoryLock(dataDir);
  let client: PGlite | undefined;
  const partial = `${file}.partial`;
  try {
    client = await PGlite.create(pgdata(dataDir));
    const db = drizzlePglite(client) as unknown as Executor;
    const ledger = await ledgerChecksum(db);
    const migrations = await migrationCount(db);
    const v = await client.query<{ v: string }>('SELECT version() AS v');
    const archive = await client.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
    fs.renameSync(partial, file);
    return await writeManifest(file, {
      kind: 'pglite',
      createdAt: new Date().toISOString(),
      migrations,
      tool: 'PGlite dumpDataDir (tar.gz)',
      serverVersion: v.rows[0]?.v ?? '',
      ledger,
    });
  } finally {
    fs.rmSync(partial, { force: true });
    if (client && !client.closed) await client.close();
    lock.release();
  }
}

/** Into a data directory without a database (a new one); removed again if the check fails. */
export async function restorePglite(dataDir: string, file: string) {
  const manifest = await verifyArchive(file, 'pglite');
  const target = pgdata(dataDir);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0)
    throw new OpsError(
      `${path.resolve(dataDir)} already holds a database. Restore into a new DATA_DIR, then swap the directories with the server stopped; nothing was changed.`,
    );
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = acquireDirectoryLock(dataDir);
  let client: PGlite | undefined;
  let ok = false;
  try {
    const buf = fs.readFileSync(file);
    // PGlite reads a broken gzip stream outside the promise it returns: check the whole stream first.
    try {
      zlib.gunzipSync(buf);
    } catch (err) {
      throw new OpsError(
        `${file} is not a complete gzip archive (${(err as Error).message}); nothing was restored.`,
      );
    }
    const blob = new Blob([buf], { type: 'application/x-gzip' });
    try {
      client = await PGlite.create(target, { loadDataDir: blob });
    } catch (err) {
      throw new OpsError(`PGlite could not load ${file}: ${(err as Error).message}`);
    }
    const ledger = await ledgerChecksum(drizzlePglite(client) as unknown as Executor);
    if (!sameLedger(ledger, manifest.ledger))
      throw new OpsError(
        `The restored ledger does not match the backup's checksum (restored ${ledger.lines} lines, ` +
          `${ledger.sha256}; backup ${manifest.ledger.lines} lines, ${manifest.ledger.sha256}).`,
      );
    ok = true;
    return { manifest, ledger };
  } finally {
    if (client && !client.closed) await client.close().catch(() => {});
    if (!ok) fs.rmSync(target, { recursive: true, force: true });
    lock.release();
  }
}

/** The checksum of the configured database (PGlite: refused while the server holds the directory). */
export async function checksumOf(opts: {
  url?: string | undefined;
  dataDir: string;
}): Promise<LedgerChecksum> {
  if (opts.url) {
    const client = new pg.Client({ connectionString: opts.url });
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await ledgerChecksum(drizzleNodePg(client) as unknown as Executor);
      await client.query('COMMIT');
      return result;
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (!fs.existsSync(pgdata(opts.dataDir)))
    throw new OpsError(`No PGlite database in ${path.resolve(opts.dataDir)}.`);
  const lock = acquireDirectoryLock(opts.dataDir);
  let client: PGlite | undefined;
  try {
    client = await PGlite.create(pgdata(opts.dataDir));
    return await ledgerChecksum(drizzlePglite(client) as unknown as Executor);
  } finally {
    if (client && !client.closed) await client.close();
    lock.release();
  }
}
