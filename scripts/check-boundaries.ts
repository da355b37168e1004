/**
 * `npm run lint:boundaries` (part of `npm run lint`): each module owns its tables. A file under
 * server/src/modules/<m>/ may write (insert, update, delete — through drizzle or in raw SQL) only the
 * tables defined in its own module's `*.table.ts`; another module's tables are changed through that
 * module's service, inside the caller's transaction. Reads across modules are not checked here.
 *
 * Prints every write to another module's table with file and line, and exits 1 when there is one.
 * `--root <dir>` checks another tree of the same shape (the test plants a violation in a copy).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is, Table } from 'drizzle-orm';

export interface Violation {
  file: string;
  line: number;
  module: string;
  table: string;
  owner: string;
  how: string;
}

const TABLE_FILE = /\.table\.ts$/;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Table variable → owning module, and SQL table name → owning module, from the `*.table.ts` files. */
export async function tableOwners(modulesDir: string) {
  const byVar = new Map<string, string>();
  const bySql = new Map<string, string>();
  for (const mod of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, mod);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).filter((n) => TABLE_FILE.test(n))) {
      const exports = (await import(path.resolve(dir, f))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (!is(value, Table)) continue;
        byVar.set(`${mod}/${name}`, mod);
        bySql.set(getTableName(value), mod);
      }
    }
  }
  return { byVar, bySql };
}

const IMPORT = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'\.\.\/([a-z-]+)\/[\w.-]+\.table'/g;
const DRIZZLE_WRITE = /\.(insert|update|delete)\(\s*([A-Za-z_$][\w$]*)\s*\)/g;
/** A table handed to a helper that writes it (`applyMove(tx, { table: activities, … })`). */
const TABLE_ARG = /\btable:\s*([A-Za-z_$][\w$]*)\b/g;
const SQL_WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_][a-z0-9_]*)"?/gi;
/** Raw SQL naming the table through drizzle (`INSERT INTO ${notifications}`). */
const SQL_WRITE_VAR = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\$\{\s*([A-Za-z_$][\w$]*)\s*\}/gi;

function lineOf(src: string, index: number) {
  return src.slice(0, index).split('\n').length;
}

/** The writes of files under `modulesDir` to tables another module owns. */
export async function findViolations(modulesDir: string): Promise<Violation[]> {
  const { bySql } = await tableOwners(modulesDir);
  const out: Violation[] = [];
  for (const file of listTs(modulesDir)) {
    const mod = path.relative(modulesDir, file).split(path.sep)[0]!;
    if (TABLE_FILE.test(file)) continue;
    const src = fs.readFileSync(file, 'utf8');
    // Local names bound to another module's tables.
    const foreign = new Map<string, string>();
    for (const m of src.matchAll(IMPORT)) {
      const owner = m[2]!;
      if (owner === mod) continue;
      for (const part of m[1]!.split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (name) foreign.set((alias ?? name).trim(), owner);
      }
    }
    for (const m of src.matchAll(DRIZZLE_WRITE)) {
      const owner = foreign.get(m[2]!);
      if (owner) out.push({ file, line: lineOf(src, m.index), module: mod, table: m[2]!, owner, how: m[1]! });
    }
    for (const m of src.matchAll(TABLE_ARG)) {
      const owner = foreign.get(m[1]!);
      if (owner)
        out.push({ file, line: lineOf(src, m.index), module: mod, table: m[1]!, owner, how: 'move' });
    }
    for (const m of src.matchAll(SQL_WRITE_VAR)) {
      const owner = foreign.get(m[2]!);
      if (owner)
        out.push({
          file,
          line: lineOf(src, m.index),
          module: mod,
          table: m[2]!,
          owner,
          how: m[1]!.toLowerCase(),
        });
    }
    for (const m of src.matchAll(SQL_WRITE)) {
      const table = m[2]!.toLowerCase();
      const owner = bySql.get(table);
      // `UPDATE` also starts `ON CONFLICT … DO UPDATE SET`: only a table name after it counts.
      if (owner && owner !== mod)
        out.push({ file, line: lineOf(src, m.index), module: mod, table, owner, how: m[1]!.toLowerCase() });
    }
  }
  return out;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const i = process.argv.indexOf('--root');
  const root = i > 0 ? process.argv[i + 1]! : path.join(import.meta.dirname, '..', 'server/src/modules');
  const found = await findViolations(root);
  for (const v of found) {
    console.log(
      `${path.relative(process.cwd(), v.file)}:${v.line}: module ${v.module} writes ${v.table} (${v.how}), a table of module ${v.owner}`,
    );
  }
  if (found.length) {
    console.log(`${found.length} write(s) to another module's tables: call that module's service instead.`);
    process.exit(1);
  }
  console.log('module boundaries: every module writes only its own tables');
}
