/**
 * `ledger.credit`, the one crediting path: its idempotency (a retry answers the first line; the same
 * source with other fields is refused), duplicates racing on PostgreSQL (TEST_DATABASE_URL), the
 * holder's message, and a revoked certificate that more points must not touch.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../../../../server/src/db/tx';
import { AppError } from '../../../../server/src/http/errors';
import { type Credit, ledger } from '../../../../server/src/modules/ledger/ledger.service';
import { certifiedVolunteer } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  account,
  adjust,
  attendanceRow,
  attended,
  certificatesOf,
  confirm,
  ledgerProblems,
  ledgerRows,
  rows,
} from '../attendance/support';
import { certificateIdOf, certificateStatus } from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** Sources no real row uses, one per credit. */
let source = 800_000;

async function holder() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  return { c, officer, v };
}

function creditOf(v: TestUser, officer: TestUser, amount = 150, minutes = 90): Credit {
  return {
    holder: { userId: v.id, communityId: v.communityId },
    amount,
    minutes,
    kind: 'earn',
    reason: '测试入账',
    source: { type: 'adjustment', id: ++source },
    activityId: null,
    causedBy: officer.id,
    message: { title: `获得 ${amount / 100} 积分`, body: '测试' },
    now: ctx.clock.now(),
  };
}

const post = (c: Credit) => inTransaction(ctx.db, (tx) => ledger.credit(tx, c));

async function messages(userId: number) {
  return rows<{ kind: string; title: string; body: string }>(
    ctx,
    sql`SELECT kind, title, body FROM notifications WHERE user_id = ${userId} ORDER BY id`,
  );
}

test.serial('a credit posts the line, moves the balance and writes the holder one message', async (t) => {
  const { officer, v } = await holder();
  const r = await post(creditOf(v, officer, 150, 90));
  t.false(r.duplicate);
  t.like(r.entry, { accountId: v.id, amount: 150, minutes: 90, balanceAfter: 150, kind: 'earn' });
  t.like(r.account, { balance: 150, lifetimeEarned: 150, lifetimeMinutes: 90 });
  t.is(r.certificate, undefined);
  t.deepEqual(
    (await ledgerRows(ctx, v.id)).map((l) => [l.id, l.amount, l.balance_after]),
    [[r.entry.id, 150, 150]],
  );
  t.deepEqual(await messages(v.id), [{ kind: 'ledger.credited', title: '获得 1.5 积分', body: '测试' }]);
});

test.serial('a retry with the same fields answers the first line and writes nothing more', async (t) => {
  const { officer, v } = await holder();
  const c = creditOf(v, officer);
  const first = await post(c);
  // Later, from another request: the same source and fields.
  ctx.clock.advance(60_000);
  const again = await post({ ...c, now: ctx.clock.now() });
  t.true(again.duplicate);
  t.deepEqual(again.entry, first.entry);
  t.like(again.account, { balance: 150, lifetimeEarned: 150, lifetimeMinutes: 90 });
  t.is((await ledgerRows(ctx, v.id)).length, 1);
  t.like(await account(ctx, v.id), { balance: 150, lifetime_earned: 150, lifetime_minutes: 90 });
  t.is((await messages(v.id)).length, 1, 'no second message');
});

test.serial('the same source with any other field is refused with ledger.idempotency_conflict', async (t) => {
  const { c, officer, v } = await holder();
  const other = await ctx.addUser('volunteer', c.id);
  const colleague = await ctx.addUser('officer', c.id);
  const base = creditOf(v, officer);
  const first = await post(base);
  const variants: Array<[string, Credit]> = [
    ['holder', { ...base, holder: { userId: other.id, communityId: c.id } }],
    ['amount', { ...base, amount: 151 }],
    ['minutes', { ...base, minutes: 91 }],
    ['kind', { ...base, kind: 'correction' }],
    ['reason', { ...base, reason: '别的原因' }],
    ['activity', { ...base, activityId: 1 }],
    ['causedBy', { ...base, causedBy: colleague.id }],
  ];
  for (const [field, variant] of variants) {
    const err = await t.throwsAsync(post(variant), { instanceOf: AppError }, field);
    t.is((err as AppError).code, 'ledger.idempotency_conflict', field);
    t.is((err as AppError).status, 409, field);
    t.like((err as AppError).meta, { source: `adjustment:${base.source.id}` }, field);
    t.true((((err as AppError).meta?.fields ?? []) as string[]).includes(field), field);
  }
  // Nothing changed: one line, the balances, the messages.
  t.deepEqual(
    (await ledgerRows(ctx, v.id)).map((l) => l.id),
    [first.entry.id],
  );
  t.deepEqual(await ledgerRows(ctx, other.id), []);
  t.like(await account(ctx, v.id), { balance: 150, lifetime_earned: 150 });
  t.like(await account(ctx, other.id), { balance: 0, lifetime_earned: 0 });
  t.is((await messages(v.id)).length, 1);
  t.deepEqual(await messages(other.id), []);
});

/** 200 on PostgreSQL, where they race on the account lock and the unique key; PGlite runs them in turn. */
const RACERS = process.env.TEST_DATABASE_URL ? 200 : 40;

test.serial(`${RACERS} concurrent credits of one source: one line, each answers the first`, async (t) => {
  const { officer, v } = await holder();
  const c = creditOf(v, officer, 300, 180);
  const results = await Promise.allSettled(Array.from({ length: RACERS }, () => post(c)));
  const failed = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
  t.deepEqual(failed, [], 'no request fails (the unique index never surfaces)');
  const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  t.is(done.filter((r) => !r.duplicate).length, 1, 'exactly one wrote the line');
  const [line] = await ledgerRows(ctx, v.id);
  t.deepEqual([...new Set(done.map((r) => r.entry.id))], [line!.id], 'every answer is that line');
  t.is((await ledgerRows(ctx, v.id)).length, 1);
  t.like(await account(ctx, v.id), { balance: 300, lifetime_earned: 300, lifetime_minutes: 180 });
  t.deepEqual(
    (await messages(v.id)).map((m) => m.kind),
    ['ledger.credited', 'certificate.issued'],
  );
  // The first line crossed the threshold (3 points): one certificate, and every answer names it.
  t.is((await certificatesOf(ctx, v.id)).length, 1);
  t.true(done.every((r) => r.certificate?.userId === v.id));
});

test.serial('over HTTP: a confirmation whose line is already there answers 200, not 500', async (t) => {
  const { officer, v } = await holder();
  const { act, ids } = await attended(ctx, officer, [v], { minutes: 60, title: '扫楼道' });
  // The attendance's line posted first with exactly the fields the confirmation will give it.
  const first = await post({
    ...creditOf(v, officer, 100, 60),
    reason: '参加活动：扫楼道',
    source: { type: 'attendance', id: ids[0]! },
    activityId: act.id,
  });
  const r = await confirm(ctx, officer, ids);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.confirmed, [{ id: ids[0], alreadyConfirmed: false, points: 1 }]);
  t.deepEqual(
    (await ledgerRows(ctx, v.id)).map((l) => l.id),
    [first.entry.id],
  );
  t.like(await account(ctx, v.id), { balance: 100, lifetime_minutes: 60 });
});

test.serial(
  'over HTTP: a confirmation whose source has another line is a 409 and changes nothing',
  async (t) => {
    const { officer, v } = await holder();
    const { act, ids } = await attended(ctx, officer, [v], { minutes: 60, title: '扫楼道' });
    await post({
      ...creditOf(v, officer, 500, 60),
      reason: '参加活动：扫楼道',
      source: { type: 'attendance', id: ids[0]! },
      activityId: act.id,
    });
    for (const lang of ['zh-CN', 'en']) {
      const r = await confirm(ctx, officer, ids).set('accept-language', lang);
      t.is(r.status, 409, JSON.stringify(r.body));
      t.is(r.body.error.code, 'ledger.idempotency_conflict');
      t.is(
        r.body.error.message,
        lang === 'en'
          ? 'This source was already credited with different details'
          : '该来源已入账，且内容不同：不能重复入账',
      );
      t.deepEqual(r.body.error.meta, { source: `attendance:${ids[0]}`, fields: ['amount'] });
    }
    t.is((await attendanceRow(ctx, ids[0]!))!.status, 'checked_out', 'the confirmation rolled back');
    t.is((await ledgerRows(ctx, v.id)).length, 1);
    t.like(await account(ctx, v.id), { balance: 500 });
  },
);

test.serial('a correction after confirmation tells the holder, with the points it moves', async (t) => {
  const { officer, v } = await holder();
  const { ids } = await attended(ctx, officer, [v], { minutes: 120, title: '陪老人散步' });
  t.is((await confirm(ctx, officer, ids)).status, 200);
  const r = await adjust(ctx, officer, ids[0]!, { minutes: 60, reason: '提前离开' });
  t.is(r.status, 200, JSON.stringify(r.body));
  const got = await messages(v.id);
  t.is(got.length, 2);
  t.deepEqual(got[1], {
    kind: 'ledger.credited',
    title: '积分更正 -1',
    body: '「陪老人散步」服务时长由 2 小时更正为 1 小时：提前离开',
  });
  t.like(await account(ctx, v.id), { balance: 100, lifetime_minutes: 60 });
  t.deepEqual((await ledgerProblems(ctx)).problems, []);
});

test.serial('a revoked certificate stays revoked, at its level, however many points arrive', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await certifiedVolunteer(ctx, officer);
  const certId = await certificateIdOf(ctx, officer, v.id);
  t.is((await certificateStatus(ctx, officer, certId, 'revoke', '借给他人使用')).status, 200);
  const [before] = await certificatesOf(ctx, v.id);
  t.like(before, { level: 1, status: 'revoked' });
  // 3 points held; +27 reaches 10× the threshold (level 2), +150 more 50× (level 3).
  const up = await post(creditOf(v, officer, 2700, 0));
  t.like(up.certificate, { id: certId, level: 1, status: 'revoked' });
  await post(creditOf(v, officer, 15_000, 0));
  t.deepEqual(await certificatesOf(ctx, v.id), [before!]);
  t.like(await account(ctx, v.id), { lifetime_earned: 300 + 2700 + 15_000 });
  // The same credits raise a certificate that is not revoked: the level is what the revocation froze.
  const w = await certifiedVolunteer(ctx, officer);
  await post(creditOf(w, officer, 2700, 0));
  t.like((await certificatesOf(ctx, w.id))[0], { level: 2, status: 'active' });
});
