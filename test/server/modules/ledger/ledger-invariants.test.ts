import test from 'ava';
import { sql } from 'drizzle-orm';
import { constraintName, sqlState } from '../../../../server/src/http/errors';
import { createTestContext, type TestContext } from '../../../helpers/context';
import {
  adjust,
  attended,
  confirm,
  type LedgerRow,
  ledgerProblems,
  ledgerRows,
  manual,
  moveTo,
  newActivity,
  rows,
  stays,
} from '../attendance/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** One volunteer with one confirmed line; returns what a raw insert needs. */
async function oneLine() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  const { ids } = await attended(ctx, officer, [v], { minutes: 60 });
  const r = await confirm(ctx, officer, ids);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  const [line] = await ledgerRows(ctx, v.id);
  return { c, officer, v, attendanceId: ids[0]!, line: line! };
}

async function fullLine(id: number) {
  const [r] = await rows<Record<string, unknown>>(
    ctx,
    sql`SELECT *, id::text AS id FROM ledger_entries WHERE id = ${id}`,
  );
  return r;
}

function insertLine(
  x: { c: { id: number }; officer: { id: number }; v: { id: number } },
  amount: number,
  sourceType: 'attendance' | 'adjustment',
  sourceId: number,
  balanceAfter: number,
  sourceKey = `${sourceType}:${sourceId}`,
) {
  return sql`INSERT INTO ledger_entries
      (account_id, community_id, amount, minutes, kind, reason, source_type, source_id, source_key, caused_by, balance_after)
    VALUES (${x.v.id}, ${x.c.id}, ${amount}, 0, 'correction', '手工写入', ${sourceType}, ${sourceId}, ${sourceKey},
      ${x.officer.id}, ${balanceAfter})`;
}

const rollback = new Error('rollback');

test.serial('UPDATE on a ledger line is refused by the trigger and the row is unchanged', async (t) => {
  const x = await oneLine();
  const before = await fullLine(x.line.id);
  for (const statement of [
    sql`UPDATE ledger_entries SET amount = amount + 100, balance_after = balance_after + 100 WHERE id = ${x.line.id}`,
    sql`UPDATE ledger_entries SET reason = '改过的原因' WHERE id = ${x.line.id}`,
    sql`UPDATE ledger_entries SET created_at = created_at WHERE account_id = ${x.v.id}`,
  ]) {
    const err = await t.throwsAsync(ctx.db.execute(statement));
    t.is(sqlState(err), '23000');
    t.regex(String((err as Error & { cause?: Error }).cause?.message ?? err?.message), /append-only: UPDATE/);
  }
  t.deepEqual(await fullLine(x.line.id), before);
});

test.serial('DELETE and TRUNCATE on ledger lines are refused and the rows stay', async (t) => {
  const x = await oneLine();
  const before = await fullLine(x.line.id);
  const del = await t.throwsAsync(ctx.db.execute(sql`DELETE FROM ledger_entries WHERE id = ${x.line.id}`));
  t.is(sqlState(del), '23000');
  t.regex(String((del as Error & { cause?: Error }).cause?.message ?? del?.message), /append-only: DELETE/);
  const all = await t.throwsAsync(ctx.db.execute(sql`DELETE FROM ledger_entries`));
  t.is(sqlState(all), '23000');
  const truncate = await t.throwsAsync(ctx.db.execute(sql`TRUNCATE ledger_entries CASCADE`));
  t.is(sqlState(truncate), '23000');
  t.deepEqual(await fullLine(x.line.id), before);
  t.is((await ledgerRows(ctx, x.v.id)).length, 1);
});

test.serial('a line that moves neither points nor minutes is refused by the check', async (t) => {
  const x = await oneLine();
  const err = await t.throwsAsync(ctx.db.execute(insertLine(x, 0, 'adjustment', 900_001, 100)));
  t.is(sqlState(err), '23514');
  t.is(constraintName(err), 'ledger_line_moves');
  // the same line with an amount is accepted (inside a transaction rolled back): only the zero was wrong
  const ok = await t.throwsAsync(
    ctx.db.transaction(async (tx) => {
      await tx.execute(insertLine(x, 1, 'adjustment', 900_001, 101));
      throw rollback;
    }),
  );
  t.is(ok, rollback);
  t.deepEqual(
    (await ledgerRows(ctx, x.v.id)).map((l) => l.id),
    [x.line.id],
  );
});

test.serial('a second line with the same source key is refused by the unique key', async (t) => {
  const x = await oneLine();
  const err = await t.throwsAsync(
    ctx.db.execute(insertLine(x, x.line.amount, 'attendance', x.attendanceId, x.line.balance_after * 2)),
  );
  t.is(sqlState(err), '23505');
  t.is(constraintName(err), 'ledger_entries_sourceKey_unique');
  // and the key cannot be dodged by spelling it differently from its source
  const mismatch = await t.throwsAsync(
    ctx.db.execute(insertLine(x, 1, 'attendance', 900_002, 101, `attendance:${x.attendanceId}x`)),
  );
  t.is(sqlState(mismatch), '23514');
  t.is(constraintName(mismatch), 'ledger_source_key_matches');
  const ok = await t.throwsAsync(
    ctx.db.transaction(async (tx) => {
      await tx.execute(insertLine(x, 1, 'attendance', 900_002, 101));
      throw rollback;
    }),
  );
  t.is(ok, rollback);
  t.is((await ledgerRows(ctx, x.v.id)).length, 1);
});

test.serial(
  'after a series of operations every balance is the sum of its lines, and balance_after runs',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const colleague = await ctx.addUser('officer', c.id);
    const [a, b, d, e] = await Promise.all([1, 2, 3, 4].map(() => ctx.addUser('volunteer', c.id)));

    // activity 1: a full, b short, d missing check-out
    const act1 = await newActivity(ctx, officer, { minutes: 120, pointsPerHour: 1.5 });
    const [a1, b1, d1] = await stays(ctx, officer, act1, [
      { volunteer: a! },
      { volunteer: b!, out: 40 },
      { volunteer: d!, out: null },
    ]);
    moveTo(ctx, act1.endsAt);
    t.is((await confirm(ctx, officer, [a1!, b1!])).status, 200); // a +3, b 0
    t.is((await adjust(ctx, colleague, d1!, { minutes: 100, reason: '忘记签退' })).status, 200); // d +2.5
    t.is((await adjust(ctx, officer, a1!, { minutes: 80, reason: '提前离开' })).status, 200); // a -1
    t.is((await adjust(ctx, officer, b1!, { minutes: 40, reason: '短时也算' })).status, 200); // b +1
    t.is((await confirm(ctx, colleague, [a1!, b1!, d1!])).status, 200); // nothing

    // activity 2: everyone, one of them recorded by hand
    const act2 = await newActivity(ctx, officer, { minutes: 60, pointsPerHour: 1.25 });
    const [a2, b2, d2] = await stays(ctx, officer, act2, [
      { volunteer: a! },
      { volunteer: b! },
      { volunteer: d! },
    ]);
    moveTo(ctx, act2.endsAt);
    const m = await manual(ctx, officer, {
      activityId: act2.id,
      userId: e!.id,
      minutes: 45,
      reason: '无手机',
      evidenceNote: '纸质签到表',
    });
    t.is(m.status, 201);
    t.is((await confirm(ctx, officer, [d2!, b2!, a2!])).status, 200);
    t.is((await adjust(ctx, officer, a2!, { minutes: 0, reason: '记错人' })).status, 200);
    t.is((await adjust(ctx, officer, a2!, { minutes: 30, reason: '再次更正' })).status, 200);
    t.is((await adjust(ctx, officer, m.body.id, { minutes: 60, reason: '补足' })).status, 200);

    const expected: Array<[typeof a, number[], number]> = [
      [a, [300, -100, 125, -125, 63], 263],
      [b, [100, 125], 225],
      [d, [250, 125], 375],
      [e, [94, 31], 125],
    ];
    for (const [v, amounts, balance] of expected) {
      const lines: LedgerRow[] = await ledgerRows(ctx, v!.id);
      t.deepEqual(
        lines.map((l) => l.amount),
        amounts,
        `volunteer ${v!.id}`,
      );
      let running = 0;
      for (const l of lines) {
        running += l.amount;
        t.is(l.balance_after, running);
      }
      t.is(running, balance);
    }

    const { problems, lines, accounts } = await ledgerProblems(ctx);
    t.deepEqual(problems, []);
    t.true(lines >= 15, `${lines} lines checked`);
    t.true(accounts >= 8, `${accounts} accounts checked`);
  },
);

test.serial(
  'a volunteer without an account row (made before sign-up created one) is credited, also twice at once',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    await ctx.db.execute(sql`DELETE FROM accounts WHERE user_id = ${v.id}`);
    const one = await attended(ctx, officer, [v], { minutes: 60 });
    const two = await attended(ctx, officer, [v], { minutes: 120 });
    const answers = await Promise.all([confirm(ctx, officer, one.ids), confirm(ctx, officer, two.ids)]);
    for (const r of answers) t.is(r.status, 200, JSON.stringify(r.body));
    const [account] = await rows<{ balance: number; lifetime_earned: number }>(
      ctx,
      sql`SELECT balance, lifetime_earned FROM accounts WHERE user_id = ${v.id}`,
    );
    t.deepEqual(account, { balance: 300, lifetime_earned: 300 });
    const lines = await ledgerRows(ctx, v.id);
    t.is(lines.length, 2);
    t.deepEqual(
      lines.map((l) => l.balance_after),
      [lines[0]!.amount, 300],
      'balance_after runs from zero',
    );
    t.deepEqual((await ledgerProblems(ctx)).problems, []);
  },
);
