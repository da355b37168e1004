import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { sql } from 'drizzle-orm';
import { createDatabase, migrationsFolder } from '../../../server/src/db/client';
import {
  ensureTemplate,
  loadTemplate,
  templateKey,
  templatePath,
} from '../../../server/src/db/pglite-template.mjs';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `tb-template-${name}-`));
const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

let templates: string;
test.before(async () => {
  templates = tmp('dir');
  await ensureTemplate(migrationsFolder, templates);
});

test('the template is made once, named by the migrations and PGlite, and replaces older ones', async (t) => {
  const dir = tmp('once');
  fs.writeFileSync(path.join(dir, '0000000000000000.tar.gz'), 'an older template');
  const first = await ensureTemplate(migrationsFolder, dir);
  t.true(first.made);
  t.is(path.basename(first.file), `${templateKey(migrationsFolder)}.tar.gz`);
  const again = await ensureTemplate(migrationsFolder, dir);
  t.deepEqual(again, { file: first.file, made: false });
  t.deepEqual(fs.readdirSync(dir), [path.basename(first.file)]);
});

test('a changed migration changes the key, and the old template is not used', (t) => {
  const copy = tmp('migrations');
  fs.cpSync(migrationsFolder, copy, { recursive: true });
  const before = templateKey(copy);
  t.is(before, templateKey(migrationsFolder));
  const journal = JSON.parse(fs.readFileSync(path.join(copy, 'meta', '_journal.json'), 'utf8'));
  const last = journal.entries.at(-1).tag as string;
  fs.appendFileSync(path.join(copy, `${last}.sql`), '\n-- changed\n');
  t.not(templateKey(copy), before);
  t.truthy(loadTemplate(migrationsFolder, templates));
  t.is(loadTemplate(copy, templates), undefined);
  t.false(fs.existsSync(templatePath(copy, templates)));
});

test('a new data directory starts from the template: migrated, writable, reopened as it was', async (t) => {
  const dataDir = tmp('data');
  const first = await createDatabase({ dataDir, templateDir: templates });
  try {
    // Every migration is there before migrate() runs, and migrate() then has nothing to do.
    const applied = rows(
      await first.db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`),
    );
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
    t.is(applied[0]!.n, journal.entries.length);
    await first.migrate();
    await first.db.execute(sql`INSERT INTO districts (name) VALUES ('模板区')`);
  } finally {
    await first.close();
  }
  t.true(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION')));
  const reopened = await createDatabase({ dataDir, templateDir: templates });
  try {
    await reopened.migrate();
    const names = rows(await reopened.db.execute(sql`SELECT name FROM districts`)).map((r) => r.name);
    t.deepEqual(names, ['模板区']);
  } finally {
    await reopened.close();
  }
});

test('a broken template costs only the usual start: the directory is made by initdb', async (t) => {
  const broken = tmp('broken');
  fs.writeFileSync(templatePath(migrationsFolder, broken), 'not a tarball');
  const dataDir = tmp('fallback');
  const database = await createDatabase({ dataDir, templateDir: broken });
  try {
    await database.migrate();
    const r = rows(await database.db.execute(sql`SELECT count(*)::int AS n FROM districts`));
    t.is(r[0]!.n, 0);
  } finally {
    await database.close();
  }
});

test('without a template, or with template: false, databases start the usual way', async (t) => {
  const none = await createDatabase({ templateDir: tmp('empty') });
  try {
    // Nothing migrated yet: initdb made an empty database.
    const r = rows(await none.db.execute(sql`SELECT to_regclass('public.districts') AS t`));
    t.is(r[0]!.t, null);
  } finally {
    await none.close();
  }
  const off = await createDatabase({ template: false, templateDir: templates });
  try {
    const r = rows(await off.db.execute(sql`SELECT to_regclass('public.districts') AS t`));
    t.is(r[0]!.t, null);
  } finally {
    await off.close();
  }
});
