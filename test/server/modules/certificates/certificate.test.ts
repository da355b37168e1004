import test from 'ava';
import { sql } from 'drizzle-orm';
import { constraintName, sqlState } from '../../../../server/src/http/errors';
import { createTestContext, MIN, type TestContext, type TestUser } from '../../../helpers/context';
import {
  account,
  adjust,
  attendanceRow,
  attended,
  certificatesOf,
  confirm,
  ledgerRows,
  rows,
  statement,
} from '../attendance/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** Credits `pointsPerHour` × 1 h to the volunteers through a confirmed one-hour activity; returns the attendance ids. */
async function credit(officer: TestUser, volunteers: TestUser[], pointsPerHour: number) {
  const { ids } = await attended(ctx, officer, volunteers, { minutes: 60, pointsPerHour });
  ctx.clock.advance(7 * MIN); // confirmed a little after the end
  const r = await confirm(ctx, officer, ids);
  if (r.status !== 200) throw new Error(`confirm failed: ${r.status} ${JSON.stringify(r.body)}`);
  return ids;
}

async function myCertificate(v: TestUser) {
  return ctx.request().get('/api/v1/me/certificate').set(v.auth);
}

async function certificateSeq(communityId: number) {
  const [r] = await rows<{ certificate_seq: number }>(
    ctx,
    sql`SELECT certificate_seq FROM communities WHERE id = ${communityId}`,
  );
  return r!.certificate_seq;
}

test.serial('no certificate below the threshold; issued in the transaction that reaches it', async (t) => {
  const c = await ctx.addCommunity('幸福社区');
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id, { displayName: '小李' });

  const none = await myCertificate(v);
  t.is(none.status, 404);
  t.is(none.body.error.code, 'certificates.not_issued');

  await credit(officer, [v], 2.99);
  const below = await myCertificate(v);
  t.is(below.status, 404);
  t.is(below.body.error.code, 'certificates.not_issued');
  t.like((await statement(ctx, v)).certificate, { threshold: 3, remaining: 0.01, issued: false });
  t.deepEqual(await certificatesOf(ctx, v.id), []);
  t.is(await certificateSeq(c.id), 0);

  const [crossing] = await credit(officer, [v], 0.01);
  const confirmedAt = ctx.clock.now();
  const r = await myCertificate(v);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.like(r.body, {
    serial: `${c.code}-2026-000001`,
    level: 1,
    status: 'active',
    holder: { displayName: '小李' },
    community: { id: c.id, name: '幸福社区' },
    issuedAt: confirmedAt.toISOString(),
    issuedOn: '2026-11-25',
  });
  // the line that crossed and the certificate come from the same moment of the same transaction
  const lines = await ledgerRows(ctx, v.id);
  t.deepEqual(
    lines.map((l) => l.balance_after),
    [299, 300],
  );
  const [row] = await rows<{ created_at: Date | string }>(
    ctx,
    sql`SELECT created_at FROM ledger_entries WHERE source_key = ${`attendance:${crossing}`}`,
  );
  t.is(new Date(row!.created_at).toISOString(), confirmedAt.toISOString());
  t.like((await statement(ctx, v)).certificate, { remaining: 0, issued: true, status: 'active' });
  t.is(await certificateSeq(c.id), 1);
});

test.serial('if the certificate cannot be issued, the credit that crossed is not kept either', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const squatter = await ctx.addUser('volunteer', c.id);
  // a row already holding the serial this community will hand out next
  await ctx.db.execute(
    sql`INSERT INTO certificates (serial, user_id, community_id, level)
        VALUES (${`${c.code}-2026-000001`}, ${squatter.id}, ${c.id}, 1)`,
  );
  const { ids } = await attended(ctx, officer, [v], { minutes: 60, pointsPerHour: 3 });
  const r = await confirm(ctx, officer, ids);
  t.not(r.status, 200);
  t.is((await attendanceRow(ctx, ids[0]!))?.status, 'checked_out');
  t.deepEqual(await ledgerRows(ctx, v.id), []);
  t.like(await account(ctx, v.id), { balance: 0, lifetime_earned: 0 });
  t.deepEqual(await certificatesOf(ctx, v.id), []);
  t.is(await certificateSeq(c.id), 0);
});

test.serial('crossing the threshold again never issues a second certificate', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const later = await ctx.addUser('volunteer', c.id);

  const [first] = await credit(officer, [v], 3);
  const issued = await myCertificate(v);
  t.is(issued.status, 200);
  t.is(issued.body.serial, `${c.code}-2026-000001`);

  // more credits
  await credit(officer, [v], 2);
  // a negative correction below the threshold, then credited back across it
  const down = await adjust(ctx, officer, first!, { minutes: 0, reason: '记录有误' });
  t.is(down.status, 200);
  t.like(await account(ctx, v.id), { lifetime_earned: 200 });
  const up = await adjust(ctx, officer, first!, { minutes: 60, reason: '核实无误，恢复' });
  t.is(up.status, 200);
  t.like(await account(ctx, v.id), { lifetime_earned: 500 });
  await credit(officer, [v], 1);

  const certs = await certificatesOf(ctx, v.id);
  t.is(certs.length, 1);
  t.is(certs[0]!.serial, `${c.code}-2026-000001`);
  t.is(certs[0]!.level, 1);
  const again = await myCertificate(v);
  t.deepEqual(again.body, issued.body, 'the same certificate, issued at the same moment');
  t.is(await certificateSeq(c.id), 1, 'no serial was used up by the re-crossings');

  // the next holder of the community gets the next serial
  await credit(officer, [later], 3);
  const next = await myCertificate(later);
  t.is(next.body.serial, `${c.code}-2026-000002`);

  // and the database refuses a second row for the holder outright
  const dup = await t.throwsAsync(
    ctx.db.execute(
      sql`INSERT INTO certificates (serial, user_id, community_id, level)
          VALUES (${`${c.code}-2026-999999`}, ${v.id}, ${c.id}, 1)`,
    ),
  );
  t.is(sqlState(dup), '23505');
  t.is(constraintName(dup), 'certificates_userId_unique');
  t.is((await certificatesOf(ctx, v.id)).length, 1);
});

test.serial("a community's own threshold decides: 5 points issues at 5", async (t) => {
  const c = await ctx.addCommunity('五分社区', { thresholdPoints: 5 });
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);

  await credit(officer, [v], 3);
  t.is((await myCertificate(v)).status, 404, '3 points is not enough here');
  await credit(officer, [v], 1.99);
  const at499 = await myCertificate(v);
  t.is(at499.status, 404);
  t.is(at499.body.error.code, 'certificates.not_issued');
  t.like((await statement(ctx, v)).certificate, { threshold: 5, remaining: 0.01, issued: false });

  await credit(officer, [v], 0.01);
  const r = await myCertificate(v);
  t.is(r.status, 200);
  t.is(r.body.level, 1);
  t.is(r.body.serial, `${c.code}-2026-000001`);
  t.like((await statement(ctx, v)).certificate, { threshold: 5, remaining: 0, issued: true });
});

test.serial('the level rises to 2 at 10× the threshold and 3 at 50×', async (t) => {
  const c = await ctx.addCommunity('一分社区', { thresholdPoints: 1 });
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);

  await credit(officer, [v], 1);
  t.is((await myCertificate(v)).body.level, 1);
  await credit(officer, [v], 8.99);
  t.is((await myCertificate(v)).body.level, 1, '9.99 points');
  await credit(officer, [v], 0.01);
  const l2 = await myCertificate(v);
  t.is(l2.body.level, 2, '10 points');
  await credit(officer, [v], 39.99);
  t.is((await myCertificate(v)).body.level, 2, '49.99 points');
  await credit(officer, [v], 0.01);
  const l3 = await myCertificate(v);
  t.is(l3.body.level, 3, '50 points');
  t.is(l3.body.serial, l2.body.serial, 'a higher level is the same certificate');
  t.is(l3.body.issuedAt, l2.body.issuedAt);
  t.is((await certificatesOf(ctx, v.id)).length, 1);
  t.is(await certificateSeq(c.id), 1);
  t.is((await statement(ctx, v)).lifetimeEarned, 50);
});
