/**
 * npm run check:distribution — how far the schema is from Citus, distributing by community_id.
 *
 * Reads the live schema of a migrated database (pg_catalog): PGlite in memory by default, or the
 * database of DATABASE_URL. Citus requires, for a table distributed by a column, that column in
 * every primary key, unique constraint and unique index, and in every foreign key between two
 * distributed tables (they must be co-located: the same column on both sides). Reference tables
 * (copied to every node) may be pointed at by anything; they may not point at distributed tables.
 *
 * Each table is classed:
 *   - distributed: it has community_id;
 *   - child without community_id: no community_id, but a foreign key (directly or through other
 *     tables) to a distributed one: it must get community_id (denormalised from its parent) first;
 *   - reference: the small, read-everywhere tables (REFERENCE below: communities, districts);
 *   - local: no community at all (sign-in and rate-limit counters, …): kept on the coordinator.
 * and every key that would block distribution is listed with the reason. Then the code is searched
 * for what would become a cross-shard operation (CROSS_COMMUNITY below). Counts at the end; the
 * plan is in docs/scale.md ("Path to sharding"). Exit code 0: this is a report, not a gate
 * (`--max-blockers N` makes it one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../server/src/db/client';

const root = path.resolve(import.meta.dirname, '..');
const DIST = 'community_id';
/** Small tables every community reads and joins: copied to every node. */
const REFERENCE = new Set(['communities', 'districts']);

interface Constraint {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'x' | 'i';
  cols: string[];
  ftable: string | null;
  fcols: string[];
}

/** Code that would touch several communities (shards) in one statement or one transaction. */
const CROSS_COMMUNITY: Array<{ name: string; pattern: RegExp; files?: RegExp; meaning: string }> = [
  {
    name: 'multi-community read',
    pattern: /inArray\(\s*\w+\.communityId/,
    meaning:
      'one query over several communities (district and city views): a multi-shard query under Citus; fine for reads, never inside a write',
  },
  {
    name: 'cross-community acceptance (通存通兑)',
    pattern: /acceptance_scope|areaOf\(/,
    files: /modules\/till\//,
    meaning:
      "a check at one community's shop of another community's holder: the verification and discount (shop's community) and the holder's device and certificate (holder's community) in one transaction — a distributed (2PC) transaction",
  },
  {
    name: 'district-wide write',
    pattern: /update\(districts\)|districtId\b.*\.update\(/,
    meaning: "a change of a district's row: a reference-table write, replicated to every node",
  },
  {
    name: 'join on an id alone',
    pattern: /Join\(\s*\w+,\s*eq\(\s*\w+\.id,\s*\w+\.\w+Id\s*\)\s*\)/,
    meaning:
      'two community tables joined by id only: co-located once community_id is in the join too (until then a re-partition join)',
  },
];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.ts$/.test(e.name) && !/\.table\.ts$/.test(e.name) ? [p] : [];
  });
}

async function main() {
  const maxArg = process.argv.indexOf('--max-blockers');
  const maxBlockers = maxArg > 0 ? Number(process.argv[maxArg + 1]) : undefined;
  const url = process.env.DATABASE_URL;
  const database = await createDatabase(url ? { url, poolSize: 1 } : {});
  try {
    if (!url) await database.migrate();
    const rows = <T>(r: unknown) => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
    const tables = rows<{ name: string; unlogged: boolean; cid: boolean }>(
      await database.db.execute(sql`
        SELECT c.relname AS name, c.relpersistence = 'u' AS unlogged,
          EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ${DIST}
                  AND NOT a.attisdropped) AS cid
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`),
    );
    const constraints = rows<Constraint>(
      await database.db.execute(sql`
        SELECT c.relname AS "table", con.conname AS name, con.contype AS kind,
          ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
          fc.relname AS ftable,
          ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS fcols
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f', 'x')
        UNION ALL
        SELECT t.relname, i.relname, 'i',
          ARRAY(SELECT COALESCE(a.attname::text, '(expression)') FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, o)
                LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n ORDER BY k.o),
          NULL, ARRAY[]::text[]
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND ix.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
        ORDER BY 1, 3, 2`),
    );

    // Classes: distributed (community_id), children reaching a distributed table through foreign keys.
    const byName = new Map(tables.map((t) => [t.name, t]));
    const parents = new Map<string, string[]>();
    for (const c of constraints)
      if (c.kind === 'f' && c.ftable) parents.set(c.table, [...(parents.get(c.table) ?? []), c.ftable]);
    const distributed = new Set(tables.filter((t) => t.cid && !REFERENCE.has(t.name)).map((t) => t.name));
    const reachesDistributed = (t: string, seen = new Set<string>()): string | undefined => {
      for (const p of parents.get(t) ?? []) {
        if (seen.has(p) || p === t) continue;
        seen.add(p);
        if (distributed.has(p)) return p;
        if (REFERENCE.has(p)) continue;
        const via = reachesDistributed(p, seen);
        if (via) return via;
      }
      return undefined;
    };
    const children = new Map<string, string>();
    for (const t of tables) {
      if (distributed.has(t.name) || REFERENCE.has(t.name)) continue;
      const via = reachesDistributed(t.name);
      if (via) children.set(t.name, via);
    }
    const local = tables.filter(
      (t) => !distributed.has(t.name) && !children.has(t.name) && !REFERENCE.has(t.name),
    );
    const willDistribute = (t: string) => distributed.has(t) || children.has(t);

    const blockers: Array<{ kind: string; table: string; what: string; why: string }> = [];
    for (const c of constraints) {
      if (!willDistribute(c.table)) {
        if (c.kind === 'f' && c.ftable && willDistribute(c.ftable))
          blockers.push({
            kind: 'foreign key',
            table: c.table,
            what: `${c.name} (${c.cols.join(', ')}) → ${c.ftable}`,
            why: 'a reference or local table cannot point at a distributed one',
          });
        continue;
      }
      const hasDist = c.cols.includes(DIST);
      const kindName =
        c.kind === 'p'
          ? 'primary key'
          : c.kind === 'f'
            ? 'foreign key'
            : c.kind === 'x'
              ? 'exclusion'
              : 'unique key';
      if (c.kind === 'f') {
        if (!c.ftable || !willDistribute(c.ftable)) continue; // to a reference table: fine
        const i = c.cols.indexOf(DIST);
        if (i >= 0 && c.fcols[i] === DIST) continue;
        blockers.push({
          kind: kindName,
          table: c.table,
          what: `${c.name} (${c.cols.join(', ')}) → ${c.ftable} (${c.fcols.join(', ')})`,
          why: `between distributed tables without ${DIST} on both sides`,
        });
      } else if (!hasDist) {
        blockers.push({
          kind: c.kind === 'i' ? 'unique index' : kindName,
          table: c.table,
          what: `${c.name} (${c.cols.join(', ')})`,
          why: byName.get(c.table)?.cid ? `without ${DIST}` : `the table has no ${DIST} yet`,
        });
      }
    }

    const out: string[] = [];
    const line = (s = '') => out.push(s);
    line(
      `Distribution by ${DIST} (Citus) — schema of ${url ? 'DATABASE_URL' : 'a migrated PGlite database'}`,
    );
    line();
    line(`Tables: ${tables.length}`);
    line(`  distributed (have ${DIST}): ${distributed.size} — ${[...distributed].join(', ')}`);
    line(
      `  children without ${DIST} (reach a distributed table through foreign keys): ${children.size} — ${[
        ...children,
      ]
        .map(([t, via]) => `${t} (→ ${via})`)
        .join(', ')}`,
    );
    line(`  reference tables: ${REFERENCE.size} — ${[...REFERENCE].join(', ')}`);
    line(
      `  local (no community at all; stay on the coordinator): ${local.length} — ${local
        .map((t) => (t.unlogged ? `${t.name} (UNLOGGED)` : t.name))
        .join(', ')}`,
    );
    line();
    const kinds: Array<[string, string]> = [
      ['primary key', 'primary keys'],
      ['unique key', 'unique keys'],
      ['unique index', 'unique indexes'],
      ['exclusion', 'exclusion constraints'],
      ['foreign key', 'foreign keys'],
    ];
    for (const [k, plural] of kinds) {
      const list = blockers.filter((b) => b.kind === k);
      if (!list.length) continue;
      line(`Blocking ${plural}: ${list.length}`);
      for (const b of list) line(`  ${b.table}: ${b.what} — ${b.why}`);
      line();
    }

    const files = walk(path.join(root, 'server/src'));
    const cross = CROSS_COMMUNITY.map((p) => ({ ...p, hits: [] as string[] }));
    for (const f of files) {
      const rel = path.relative(root, f);
      const text = fs.readFileSync(f, 'utf8').split('\n');
      for (const p of cross) {
        if (p.files && !p.files.test(rel)) continue;
        text.forEach((l, i) => {
          if (p.pattern.test(l)) p.hits.push(`${rel}:${i + 1}`);
        });
      }
    }
    line('Cross-community operations in the code (server/src):');
    for (const p of cross) {
      line(`  ${p.name}: ${p.hits.length} — ${p.meaning}`);
      for (const h of p.hits) line(`    ${h}`);
    }
    line();
    const count = (k: string) => blockers.filter((b) => b.kind === k).length;
    line(
      `Summary: ${tables.length} tables (${distributed.size} distributed, ${children.size} children without ${DIST}, ` +
        `${REFERENCE.size} reference, ${local.length} local); blockers ${blockers.length}: ` +
        `${count('primary key')} primary keys, ${count('unique key') + count('unique index')} unique keys/indexes, ` +
        `${count('exclusion')} exclusion constraints, ${count('foreign key')} foreign keys; ` +
        `cross-community code sites ${cross.reduce((n, p) => n + p.hits.length, 0)} ` +
        `(${cross.map((p) => `${p.name} ${p.hits.length}`).join(', ')})`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
    if (maxBlockers !== undefined && blockers.length > maxBlockers) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

await main();
