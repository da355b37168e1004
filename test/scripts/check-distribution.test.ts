/**
 * npm run check:distribution on the migrated schema: every table classed, the keys that would block
 * distribution by community_id listed, and the counts printed. Runs on PGlite (DATABASE_URL unset).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

test('the distribution check classes the tables and lists what blocks distribution', async (t) => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/check-distribution.ts'], {
    cwd: ROOT,
    env,
    timeout: 120_000,
  });
  const summary =
    /^Summary: (\d+) tables \((\d+) distributed, (\d+) children without community_id, (\d+) reference, (\d+) local\); blockers (\d+): (\d+) primary keys, (\d+) unique keys\/indexes, (\d+) exclusion constraints, (\d+) foreign keys; cross-community code sites (\d+)/m.exec(
      stdout,
    );
  t.truthy(summary, stdout.slice(-2000));
  const [, tables, dist, children, ref, local, blockers, pks, uniques, excl, fks] = summary!.map(Number);
  t.is(dist! + children! + ref! + local!, tables!);
  t.is(pks! + uniques! + excl! + fks!, blockers!);
  // Known facts of the schema: the classes of a few tables and a few keys.
  t.regex(stdout, /reference tables: 2 — communities, districts/);
  t.regex(stdout, /distributed \(have community_id\): \d+ — [^\n]*\bmerchants\b/);
  t.regex(stdout, /children without community_id[^\n]*\bmerchant_members \(→ merchants\)/);
  t.regex(stdout, /local[^\n]*rate_limits \(UNLOGGED\)/);
  // 0020 gave enrolments its community.
  t.regex(stdout, /distributed \(have community_id\): \d+ — [^\n]*\benrolments\b/);
  t.regex(stdout, /users: users_pkey \(id\) — without community_id/);
  t.regex(stdout, /users: users_username_unique \(username\) — without community_id/);
  t.regex(stdout, /enrolments: enrolments_activity_id_activities_id_fk \(activity_id\) → activities \(id\)/);
  // A foreign key to a reference table is no blocker.
  t.notRegex(stdout, /→ communities/);
  t.regex(stdout, /cross-community acceptance \(通存通兑\): [1-9]/);
});
