/**
 * The backup drill: real credits (confirmations, a correction, certificates), checksum, backup,
 * restore into a new database, the same checksum. A changed or cut-short archive is refused before
 * anything is restored; a ledger changed behind the database's back shows in the checksum.
 * PGlite always; PostgreSQL (pg_dump / pg_restore) as well with TEST_DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database } from '../../../server/src/db/client';
import { DirectoryLockedError } from '../../../server/src/db/lock';
import {
  type BackupManifest,
  backupPglite,
  backupPostgres,
  checkDumpVersions,
  manifestPath,
  OpsError,
  parseClientMajor,
  restorePglite,
  restorePostgres,
} from '../../../server/src/ops/backup';
import { ledgerChecksum, ledgerProblems, sameLedger } from '../../../server/src/ops/checksum';
import {
  createPgDatabase,
  localApp,
  makeKeys,
  openDatabase,
  ROOT,
  seedAttendance,
  tmpDir,
} from '../crash/harness';

const pgUrl = process.env.TEST_DATABASE_URL;

function scratch(t: ExecutionContext, prefix: string) {
  const dir = tmpDir(prefix);
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Forty credits through the real service, one correction, certificates at 2 points. */
async function credit(database: Database) {
  const fx = await seedAttendance(database.db, 40);
  const app = localApp(database, makeKeys());
  const officer = { id: fx.officerId, role: 'officer' as const, communityId: fx.communityId };
  await app.services.attendance.confirmAttendance(officer, fx.attendanceIds);
  await app.services.attendance.adjustAttendance(officer, fx.attendanceIds[0]!, {
    minutes: 60,
    reason: '提前离开',
  });
  const sum = await ledgerChecksum(database.db);
  return { fx, sum };
}

/** A copy of the archive cut to half, with (or without) a manifest rewritten to match it. */
function truncatedCopy(file: string, dir: string, name: string, rewriteManifest: boolean) {
  const copy = path.join(dir, name);
  const buf = fs.readFileSync(file);
  fs.writeFileSync(copy, buf.subarray(0, Math.floor(buf.length / 2)));
  const manifest = JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
  if (rewriteManifest) {
    manifest.bytes = fs.statSync(copy).size;
    manifest.sha256 = createHash('sha256').update(fs.readFileSync(copy)).digest('hex');
  }
  fs.writeFileSync(manifestPath(copy), JSON.stringify(manifest));
  return copy;
}

/** Changes one line behind the append-only trigger, as a superuser could. */
async function tamper(database: Database) {
  await database.db.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update`);
  await database.db.execute(
    sql`UPDATE ledger_entries SET amount = amount + 1 WHERE id = (SELECT max(id) FROM ledger_entries)`,
  );
  await database.db.execute(sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update`);
}

function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/ops/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('pg_dump older than the server is refused with what to install; the same or newer is fine', (t) => {
  t.is(parseClientMajor('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)'), 15);
  t.is(parseClientMajor('pg_restore (PostgreSQL) 17.2'), 17);
  const err = t.throws(() => checkDumpVersions(15, 160004), { instanceOf: OpsError });
  t.regex(err!.message, /server is version 16 but pg_dump is version 15/);
  t.regex(err!.message, /postgresql-client-16/);
  t.notThrows(() => checkDumpVersions(15, 150020));
  t.notThrows(() => checkDumpVersions(17, 150020));
});

test.serial('PGlite drill: checksum, backup, restore into a new directory, same checksum', async (t) => {
  t.timeout(150_000);
  const work = scratch(t, 'tb-drill-');
  const src = path.join(work, 'src');
  const source = await openDatabase({ dataDir: src });
  const { sum } = await credit(source);
  await source.close();
  t.is(sum.lines, 41, '40 credits and one correction');
  t.deepEqual(sum.problems, []);

  // While a live process holds the directory, no backup.
  fs.writeFileSync(path.join(src, 'timebank.lock'), String(process.ppid));
  const file = path.join(work, 'backups', 'timebank.tar.gz');
  await t.throwsAsync(backupPglite(src, file), { instanceOf: DirectoryLockedError });
  t.false(fs.existsSync(file));
  fs.rmSync(path.join(src, 'timebank.lock'));

  const manifest = await backupPglite(src, file);
  t.true(sameLedger(manifest.ledger, sum));
  t.is(manifest.kind, 'pglite');
  t.true(manifest.migrations > 0);
  t.false(fs.existsSync(path.join(src, 'timebank.lock')), 'the backup let go of the directory');

  const dst = path.join(work, 'dst');
  const restored = await restorePglite(dst, file);
  t.true(sameLedger(restored.ledger, sum));
  await t.throwsAsync(restorePglite(dst, file), {
    instanceOf: OpsError,
    message: /already holds a database/,
  });

  const reopened = await openDatabase({ dataDir: dst });
  t.teardown(() => reopened.close().catch(() => {}));
  const again = await ledgerChecksum(reopened.db);
  t.true(sameLedger(again, sum), 'the restored directory serves the same ledger');
  t.deepEqual(again.problems, []);

  // A ledger changed afterwards no longer matches, and its invariants say where.
  await tamper(reopened);
  const changed = await ledgerChecksum(reopened.db);
  t.false(sameLedger(changed, sum));
  t.true(changed.problems.some((p) => p.startsWith('balance is not the sum of its lines')));
  t.true(changed.problems.some((p) => p.startsWith('balance_after out of sequence')));
  await reopened.close();

  // A cut-short archive: refused against its manifest, nothing restored.
  const empty = path.join(work, 'empty');
  const cut = truncatedCopy(file, work, 'cut.tar.gz', false);
  await t.throwsAsync(restorePglite(empty, cut), {
    instanceOf: OpsError,
    message: /does not match its manifest/,
  });
  t.false(fs.existsSync(path.join(empty, 'pgdata')));
  // Even with a manifest forged to match, the restore fails and leaves no half-restored database.
  const forged = truncatedCopy(file, work, 'forged.tar.gz', true);
  await t.throwsAsync(restorePglite(empty, forged), { instanceOf: OpsError });
  t.false(fs.existsSync(path.join(empty, 'pgdata')) && fs.readdirSync(path.join(empty, 'pgdata')).length > 0);
  t.false(fs.existsSync(path.join(empty, 'timebank.lock')));
});

(pgUrl ? test.serial : test.skip)(
  'PostgreSQL drill: pg_dump, pg_restore into a new database, same checksum; db:checksum --expect',
  async (t) => {
    t.timeout(150_000);
    const work = scratch(t, 'tb-drill-pg-');
    const srcUrl = await createPgDatabase(t, pgUrl!);
    const source = await openDatabase({ databaseUrl: srcUrl });
    t.teardown(() => source.close().catch(() => {}));
    const { sum } = await credit(source);
    t.is(sum.lines, 41);
    t.deepEqual(sum.problems, []);

    const file = path.join(work, 'timebank.dump');
    const manifest = await backupPostgres(srcUrl, file);
    t.true(sameLedger(manifest.ledger, sum));
    t.is(manifest.kind, 'postgres');
    t.regex(manifest.tool, /pg_dump/);
    t.is(fs.readFileSync(file).subarray(0, 5).toString(), 'PGDMP', 'custom format');
    await source.close();

    const dstUrl = await createPgDatabase(t, pgUrl!);
    const restored = await restorePostgres(dstUrl, file);
    t.true(sameLedger(restored.ledger, sum));
    await t.throwsAsync(restorePostgres(dstUrl, file), { instanceOf: OpsError, message: /not empty/ });

    const target = await openDatabase({ databaseUrl: dstUrl });
    t.teardown(() => target.close().catch(() => {}));
    t.deepEqual(await ledgerProblems(target.db), []);
    // The restored database still refuses to change its ledger.
    await t.throwsAsync(target.db.execute(sql`DELETE FROM ledger_entries`));

    const ok = await cli(['checksum', `--expect=${manifestPath(file)}`], { DATABASE_URL: dstUrl });
    t.is(ok.code, 0, ok.stderr);
    t.like(JSON.parse(ok.stdout), { lines: 41, sha256: sum.sha256, matchesExpected: true });
    await tamper(target);
    const bad = await cli(['checksum', `--expect=${manifestPath(file)}`], { DATABASE_URL: dstUrl });
    t.is(bad.code, 1);
    t.like(JSON.parse(bad.stdout), { lines: 41, matchesExpected: false });
    await target.close();

    // Cut short: refused against the manifest; with a forged manifest pg_restore fails in its one
    // transaction. Either way the target stays empty.
    const emptyUrl = await createPgDatabase(t, pgUrl!);
    const cut = truncatedCopy(file, work, 'cut.dump', false);
    await t.throwsAsync(restorePostgres(emptyUrl, cut), {
      instanceOf: OpsError,
      message: /does not match its manifest/,
    });
    const forged = truncatedCopy(file, work, 'forged.dump', true);
    await t.throwsAsync(restorePostgres(emptyUrl, forged), {
      instanceOf: OpsError,
      message: /pg_restore failed/,
    });
    // An archive whose content is not what its manifest's ledger says (e.g. the wrong file renamed):
    // restored, then caught by the checksum.
    const other = path.join(work, 'other.dump');
    fs.copyFileSync(file, other);
    const wrong = JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
    wrong.ledger = { ...wrong.ledger, sha256: '0'.repeat(64) };
    fs.writeFileSync(manifestPath(other), JSON.stringify(wrong));
    await t.throwsAsync(restorePostgres(await createPgDatabase(t, pgUrl!), other), {
      instanceOf: OpsError,
      message: /does not match the backup's checksum/,
    });

    const probe = new pg.Client({ connectionString: emptyUrl });
    await probe.connect();
    const tables = await probe.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    await probe.end();
    t.is(tables.rows[0].n, 0, 'the failed restores left the target empty');
  },
);
