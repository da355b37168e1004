// A migrated PGlite data directory, kept as a tarball, that a new embedded database starts from.
//
// A fresh PGlite directory otherwise runs initdb (in WebAssembly: most of a first start's "database
// open") and then every migration. The template is made once (`npm start`'s and `npm test`'s pre-step,
// scripts/pglite-template.mjs) and named by what it depends on — PGlite's version and the migration
// files — so a new migration or PGlite release makes a new one and the old is never used. Without a
// template for the current key, databases start the usual way (initdb, then migrate).
//
// Plain JavaScript (types in pglite-template.d.mts): the pre-step runs it with node, the server imports it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** PGlite's version, from the installed package. */
function pgliteVersion() {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === '@electric-sql/pglite') return String(pkg.version);
    }
  }
  throw new Error('@electric-sql/pglite: package.json not found');
}

/** A short hash of PGlite's version and the migrations (journal and each file, in order). */
export function templateKey(migrationsFolder) {
  const h = createHash('sha256');
  h.update(`pglite ${pgliteVersion()}\n`);
  const journal = fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'));
  h.update(journal);
  for (const e of JSON.parse(journal.toString('utf8')).entries) {
    h.update(`\n${e.tag}\n`);
    h.update(fs.readFileSync(path.join(migrationsFolder, `${e.tag}.sql`)));
  }
  return h.digest('hex').slice(0, 16);
}

/** server/dist/pglite-template, beside the migrations' folder (server/drizzle). */
export function templateDir(migrationsFolder) {
  return path.join(path.dirname(migrationsFolder), 'dist', 'pglite-template');
}

/** Where the template for the current migrations and PGlite would be. */
export function templatePath(migrationsFolder, dir = templateDir(migrationsFolder)) {
  return path.join(dir, `${templateKey(migrationsFolder)}.tar.gz`);
}

/** The template for the current key as a Blob for PGlite's `loadDataDir`, or undefined. */
export function loadTemplate(migrationsFolder, dir) {
  let file;
  try {
    file = templatePath(migrationsFolder, dir);
    if (!fs.existsSync(file)) return undefined;
    return new Blob([fs.readFileSync(file)]);
  } catch {
    // An unreadable template only costs the usual start.
    return undefined;
  }
}

/**
 * Makes the template for the current key unless it exists: a new in-memory PGlite, every migration,
 * then its data directory as a gzipped tarball, written under a temporary name and renamed (a reader
 * never sees half a file). Older templates in the folder are removed. Resolves with its path and
 * whether it was made now.
 */
export async function ensureTemplate(migrationsFolder, dir = templateDir(migrationsFolder)) {
  const file = templatePath(migrationsFolder, dir);
  if (fs.existsSync(file)) return { file, made: false };
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const pg = await PGlite.create();
  let tarball;
  try {
    await migrate(drizzle(pg, { casing: 'snake_case' }), { migrationsFolder });
    // Written back as it would be after a clean shutdown.
    await pg.query('CHECKPOINT');
    tarball = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await pg.close();
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, tarball);
  fs.renameSync(tmp, file);
  for (const old of fs.readdirSync(dir)) {
    const p = path.join(dir, old);
    if (p !== file && old.endsWith('.tar.gz')) fs.rmSync(p, { force: true });
  }
  return { file, made: true };
}
