/**
 * Reads that may be a moment old go to the read handle (DATABASE_READ_URL); a user who just wrote
 * reads from the leader for READ_YOUR_WRITES_MS. The "replica" here is a second database holding a
 * copy with one name changed, so the answer shows which one was read.
 */
import test from 'ava';
import { eq } from 'drizzle-orm';
import { createDatabase, type Database } from '../../../server/src/db/client';
import { auditLog } from '../../../server/src/modules/audit/audit.table';
import { communities, districts } from '../../../server/src/modules/communities/communities.table';
import { merchants } from '../../../server/src/modules/merchants/merchants.table';
import { createTestContext, type TestContext } from '../../helpers/context';
import { shop } from '../modules/merchants/support';

let ctx: TestContext;
let replica: Database;
test.before(async () => {
  replica = await createDatabase({});
  await replica.migrate();
  ctx = await createTestContext(
    { READ_YOUR_WRITES_MS: '3000' },
    {
      wrapDatabase: (d) => ({ ...d, read: replica.db }),
    },
  );
});
test.after.always(async () => {
  await ctx?.close();
  await replica?.close();
});

async function directoryNames(token: { Authorization: string }) {
  const r = await ctx.request().get('/api/v1/alliance/merchants').set(token);
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return (r.body.merchants as Array<{ name: string }>).map((m) => m.name);
}

test.serial(
  'the directory is read from the replica, and from the leader right after the reader wrote',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const volunteer = await ctx.addUser('volunteer', c.id);
    await shop(ctx, officer, { name: '主库商家' });
    // The replica: the same rows, the merchant's name changed.
    await replica.db
      .insert(districts)
      .overridingSystemValue()
      .values(await ctx.db.select().from(districts));
    await replica.db
      .insert(communities)
      .overridingSystemValue()
      .values(await ctx.db.select().from(communities));
    const rows = await ctx.db.select().from(merchants);
    await replica.db
      .insert(merchants)
      .overridingSystemValue()
      .values(rows.map((m) => ({ ...m, name: '副本商家' })));

    t.deepEqual(await directoryNames(volunteer.auth), ['副本商家']);

    // A write by the volunteer: their reads go to the leader (past the cache) for the window.
    const w = await ctx.request().put('/api/v1/me/profile').set(volunteer.auth).send({ displayName: '小王' });
    t.is(w.status, 200, JSON.stringify(w.body));
    t.deepEqual(await directoryNames(volunteer.auth), ['主库商家']);
    // Someone else still reads the replica.
    const other = await ctx.addUser('volunteer', c.id);
    t.deepEqual(await directoryNames(other.auth), ['副本商家']);

    // Past the window, the replica again.
    ctx.clock.advance(3500);
    t.deepEqual(await directoryNames(volunteer.auth), ['副本商家']);
  },
);

test.serial('without a read address both handles are one database and nothing is marked', async (t) => {
  const d = await createDatabase({});
  t.teardown(() => d.close());
  t.is(d.read, d.db);
});

/** The first number under a key named `key`, anywhere in `value`. */
function numberAt(value: unknown, key: string): number | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === key && typeof v === 'number') return v;
    const inner = numberAt(v, key);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

test.serial(
  'dashboards read the replica; an audited export reads the replica and records on the leader',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    await ctx.addUser('volunteer', c.id);
    await ctx.addUser('volunteer', c.id);
    // The replica has the community but none of its people.
    await replica.db
      .insert(districts)
      .overridingSystemValue()
      .values(await ctx.db.select().from(districts).where(eq(districts.id, c.districtId)))
      .onConflictDoNothing();
    await replica.db
      .insert(communities)
      .overridingSystemValue()
      .values(await ctx.db.select().from(communities).where(eq(communities.id, c.id)));

    const fromReplica = await ctx.request().get('/api/v1/dashboard').set(officer.auth);
    t.is(fromReplica.status, 200, JSON.stringify(fromReplica.body));
    t.is(numberAt(fromReplica.body, 'registered'), 0);

    const audited = async () =>
      (await ctx.db.select().from(auditLog).where(eq(auditLog.actorId, officer.id))).length;
    const before = await audited();
    const csv = await ctx
      .request()
      .get('/api/v1/exports/ledger?from=2026-11-01&to=2026-11-30')
      .set(officer.auth);
    t.is(csv.status, 200, csv.text);
    t.is(await audited(), before + 1, 'the export is recorded in the leader’s audit log');
    t.is((await replica.db.select().from(auditLog)).length, 0);

    // After the officer's own write, the dashboard comes from the leader.
    const w = await ctx.request().put('/api/v1/me/profile').set(officer.auth).send({ displayName: '社工' });
    t.is(w.status, 200);
    const fromLeader = await ctx.request().get('/api/v1/dashboard').set(officer.auth);
    t.is(numberAt(fromLeader.body, 'registered'), 2);
  },
);
