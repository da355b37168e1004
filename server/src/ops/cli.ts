/**
 * npm run db:backup -- <file> [--pg-bin=<dir>]    archive the configured database (+ <file>.manifest.json)
 * npm run db:restore -- <file> [--pg-bin=<dir>]   restore into the configured, empty database
 * npm run db:checksum [-- --expect=<manifest>]    ledger count, sum and SHA-256; exit 1 on a broken invariant
 *
 * The database is the server's: DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite, with the server stopped).
 */
import fs from 'node:fs';
import { ConfigError, loadConfig } from '@timebank/config';
import { DirectoryLockedError } from '../db/lock';
import {
  type BackupManifest,
  backupPglite,
  backupPostgres,
  checksumOf,
  OpsError,
  restorePglite,
  restorePostgres,
} from './backup';
import { sameLedger } from './checksum';

const USAGE = `usage:
  npm run db:backup -- <file> [--pg-bin=<dir>]
  npm run db:restore -- <file> [--pg-bin=<dir>]
  npm run db:checksum [-- --expect=<file>.manifest.json]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (const a of rest) {
    const m = /^--([\w-]+)=(.*)$/.exec(a);
    if (m) flags.set(m[1]!, m[2]!);
    else args.push(a);
  }
  const config = loadConfig();
  const url = config.database.url;
  const dataDir = config.database.dataDir;
  const pgBin = flags.get('pg-bin');
  const where = url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
  const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

  if (command === 'backup' && args[0]) {
    const m = url ? await backupPostgres(url, args[0], { pgBin }) : await backupPglite(dataDir, args[0]);
    out({ backup: args[0], manifest: `${args[0]}.manifest.json`, from: where, ledger: m.ledger });
    if (m.ledger.problems.length)
      process.stderr.write(
        `warning: the ledger has broken invariants:\n  ${m.ledger.problems.join('\n  ')}\n`,
      );
    return 0;
  }
  if (command === 'restore' && args[0]) {
    const r = url ? await restorePostgres(url, args[0], { pgBin }) : await restorePglite(dataDir, args[0]);
    out({ restored: args[0], into: where, ledger: r.ledger, matchesBackup: true });
    return 0;
  }
  if (command === 'checksum') {
    const ledger = await checksumOf({ url, dataDir });
    const expectFile = flags.get('expect');
    let matches: boolean | undefined;
    if (expectFile) {
      const manifest = JSON.parse(fs.readFileSync(expectFile, 'utf8')) as BackupManifest;
      matches = sameLedger(ledger, manifest.ledger);
    }
    out({ database: where, ...ledger, ...(matches === undefined ? {} : { matchesExpected: matches }) });
    return ledger.problems.length > 0 || matches === false ? 1 : 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof OpsError || err instanceof ConfigError || err instanceof DirectoryLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
