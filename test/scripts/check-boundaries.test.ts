/**
 * The module-boundaries check of `npm run lint` (scripts/check-boundaries.ts): the real tree passes,
 * and a copy of the modules' table definitions with planted writes to another module's tables fails,
 * one finding per planted write (drizzle's insert/update/delete, a table handed to a move, raw SQL by
 * name and through drizzle), while a module's writes to its own tables pass.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { findViolations } from '../../scripts/check-boundaries';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULES = path.join(ROOT, 'server/src/modules');

test('every module of the real tree writes only its own tables', async (t) => {
  t.deepEqual(await findViolations(MODULES), []);
});

test('planted writes to another module’s tables are each found, with file and line; own writes are not', async (t) => {
  // Inside the repository (the table files' imports resolve from its node_modules), out of the source.
  fs.mkdirSync(path.join(ROOT, 'server/dist'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'server/dist/planted-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(MODULES, dir, {
    recursive: true,
    filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.table.ts'),
  });
  fs.writeFileSync(
    path.join(dir, 'households', 'planted.ts'),
    [
      "import { sql } from 'drizzle-orm';",
      "import { activities as acts } from '../activities/activities.table';",
      "import { helpRequests } from './households.table';",
      '// biome-ignore lint: a planted violation',
      'export async function planted(tx: any) {',
      '  await tx.insert(acts).values({});',
      '  await tx.update(helpRequests).set({});',
      '  await applyMove(tx, { table: acts });',
      '  await tx.execute(sql`UPDATE notifications SET read_at = now()`);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with drizzle's interpolation
      '  await tx.execute(sql`DELETE FROM ${acts} WHERE false`);',
      '  await tx.execute(sql`INSERT INTO help_requests DEFAULT VALUES`);',
      '}',
      'declare function applyMove(tx: any, o: any): Promise<void>;',
    ].join('\n'),
  );
  const found = await findViolations(dir);
  t.deepEqual(
    found.map((v) => [path.relative(dir, v.file), v.line, v.module, v.table, v.owner, v.how]),
    [
      ['households/planted.ts', 6, 'households', 'acts', 'activities', 'insert'],
      ['households/planted.ts', 8, 'households', 'acts', 'activities', 'move'],
      ['households/planted.ts', 10, 'households', 'acts', 'activities', 'delete from'],
      ['households/planted.ts', 9, 'households', 'notifications', 'notifications', 'update'],
    ],
  );
  // The command fails on it, naming the place.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-boundaries.ts', '--root', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  t.is(run.status, 1);
  t.regex(
    run.stdout,
    /households\/planted\.ts:6: module households writes acts \(insert\), a table of module activities/,
  );
});
