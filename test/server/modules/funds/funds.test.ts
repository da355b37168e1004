/**
 * Funds and settlement: a fund's budget backs the shops' claims, built from their redemptions; each
 * line approved or rejected with a reason; the decided total committed against the budget (never past
 * it, also under concurrency); paid once with a reference; the equity report by category and tag.
 */
import test from 'ava';
import { sql } from 'drizzle-orm';
import { AppError } from '../../../../server/src/http/errors';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { rows } from '../attendance/support';
import { api, assertError, nextStep, validCheck } from '../merchants/support';
import { asAuth, holder, newItem, redeem, shopSetup } from '../redemptions/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** A shop with `n` redemptions of a ¥10 voucher today, and its officer. */
async function redeemed(n: number) {
  const { officer, shop } = await shopSetup(ctx);
  const item = await newItem(ctx, shop.owner, { points: 1, stock: null, valueFen: 1000 });
  const { device } = await holder(ctx, officer, 27);
  for (let i = 0; i < n; i++) {
    nextStep(ctx);
    const check = await validCheck(ctx, shop.owner, device.code());
    const r = await redeem(ctx, shop.owner, check, item.id);
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  }
  return { officer, shop };
}

const fundBody = (over: object = {}) => ({
  name: '社区兑换基金',
  periodFrom: '2026-11-01',
  periodTo: '2026-12-31',
  budgetFen: 2500,
  ...over,
});

async function openFund(officer: TestUser, over: object = {}) {
  const r = await api(ctx).post('/funds', officer, fundBody(over));
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body as { id: number };
}

const post = (path: string, user: TestUser, body: object = {}) => api(ctx).post(path, user, body);

test.serial('a claim from the redemptions: lines decided, the total committed, paid once', async (t) => {
  const { officer, shop } = await redeemed(3);
  const fund = await openFund(officer);
  assertError(
    t,
    await post('/merchants/me/claims', shop.owner, { fundId: fund.id, from: '2026-10-01', to: '2026-11-30' }),
    400,
    'funds.claim_outside_period',
  );
  const filed = await post('/merchants/me/claims', shop.owner, {
    fundId: fund.id,
    from: '2026-11-01',
    to: '2026-11-30',
  });
  t.is(filed.status, 201, JSON.stringify(filed.body));
  t.is(filed.body.totalFen, 3000);
  t.is(filed.body.lines.length, 3);
  // the same redemptions are never claimed twice
  assertError(
    t,
    await post('/merchants/me/claims', shop.owner, { fundId: fund.id, from: '2026-11-01', to: '2026-11-30' }),
    409,
    'funds.claim_empty',
  );
  const id = filed.body.id as number;
  const [a, b, c] = filed.body.lines as Array<{ id: number }>;
  assertError(t, await post(`/claims/${id}/decide`, officer), 409, 'funds.lines_undecided');
  assertError(
    t,
    await post(`/claims/${id}/lines/${a!.id}/decision`, officer, { approve: false }),
    400,
    'funds.reason_required',
  );
  await post(`/claims/${id}/lines/${a!.id}/decision`, officer, { approve: true });
  await post(`/claims/${id}/lines/${b!.id}/decision`, officer, { approve: true });
  const rejected = await post(`/claims/${id}/lines/${c!.id}/decision`, officer, {
    approve: false,
    reason: '重复兑换',
  });
  t.is(rejected.body.lines[2].decision, 'rejected');
  t.is(rejected.body.lines[2].reason, '重复兑换');
  assertError(
    t,
    await post(`/claims/${id}/pay`, officer, { paymentRef: 'BANK-1' }),
    409,
    'funds.invalid_transition',
  );
  const decided = await post(`/claims/${id}/decide`, officer);
  t.is(decided.status, 200, JSON.stringify(decided.body));
  t.is(decided.body.approvedFen, 2000);
  const funds = await api(ctx).get('/funds', officer);
  t.like(
    funds.body.funds.find((f: { id: number }) => f.id === fund.id),
    { committedFen: 2000, remainingFen: 500 },
  );
  assertError(t, await post(`/claims/${id}/decide`, officer), 409, 'funds.invalid_transition');
  const paid = await post(`/claims/${id}/pay`, officer, { paymentRef: 'BANK-1' });
  t.is(paid.body.status, 'paid');
  t.is(paid.body.paymentRef, 'BANK-1');
  assertError(
    t,
    await post(`/claims/${id}/pay`, officer, { paymentRef: 'BANK-2' }),
    409,
    'funds.invalid_transition',
  );
  const mine = await api(ctx).get('/merchants/me/claims', shop.owner);
  t.is(mine.body.claims[0].status, 'paid');
  // equity: the shop's category and tags (the test shop is independent, food)
  const eq = await api(ctx).get(`/funds/${fund.id}/equity`, officer);
  t.is(eq.status, 200, JSON.stringify(eq.body));
  t.is(eq.body.approvedFen, 2000);
  t.deepEqual(eq.body.byCategory, [{ category: 'food', approvedFen: 2000, shops: 1 }]);
  t.like(
    eq.body.byTag.find((x: { tag: string }) => x.tag === 'independent'),
    { approvedFen: 2000, shops: 1 },
  );
  // the settlement file: every redemption with its claim, decision and payment
  const file = await ctx
    .request()
    .get('/api/v1/exports/redemptions?from=2026-11-01&to=2026-11-30&format=csv')
    .set(officer.auth)
    .buffer(true)
    .parse((res, cb) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString('utf8');
      });
      res.on('end', () => cb(null, text));
    });
  t.is(file.status, 200);
  const csv = (file.body as string).split('\n').filter(Boolean);
  t.is(csv.length, 4, csv.join('\n'));
  t.true(csv[0]!.includes('结算状态'));
  t.is(csv.filter((l) => l.includes('已支付') && l.includes('BANK-1')).length, 3);
  t.is(csv.filter((l) => l.includes('已驳回') && l.includes('重复兑换')).length, 1);
  // another community's officer sees nothing of it
  const elsewhere = await ctx.addCommunity();
  const stranger = await ctx.addUser('officer', elsewhere.id);
  assertError(t, await api(ctx).get(`/funds/${fund.id}/claims`, stranger), 404, 'funds.not_found');
  assertError(t, await post(`/claims/${id}/decide`, stranger), 404, 'funds.claim_not_found');
});

test.serial(
  'the budget and the cap per shop are never passed; the database refuses a negative remainder',
  async (t) => {
    const { officer, shop } = await redeemed(3);
    const fund = await openFund(officer, { budgetFen: 2500, perShopCapFen: 2000 });
    const filed = await post('/merchants/me/claims', shop.owner, {
      fundId: fund.id,
      from: '2026-11-25',
      to: '2026-11-25',
    });
    for (const l of filed.body.lines as Array<{ id: number }>)
      await post(`/claims/${filed.body.id}/lines/${l.id}/decision`, officer, { approve: true });
    assertError(t, await post(`/claims/${filed.body.id}/decide`, officer), 409, 'funds.budget_exceeded');
    await ctx.db.execute(sql`UPDATE funds SET budget_fen = 5000 WHERE id = ${fund.id}`);
    assertError(t, await post(`/claims/${filed.body.id}/decide`, officer), 409, 'funds.shop_cap_exceeded');
    await t.throwsAsync(ctx.db.execute(sql`UPDATE funds SET committed_fen = 5001 WHERE id = ${fund.id}`));
    const [f] = await rows<{ committed_fen: number }>(
      ctx,
      sql`SELECT committed_fen FROM funds WHERE id = ${fund.id}`,
    );
    t.is(f!.committed_fen, 0);
  },
);

test.serial('a claim decided 10 times at once commits once', async (t) => {
  const { officer, shop } = await redeemed(2);
  const fund = await openFund(officer, { budgetFen: 100_000 });
  const filed = await post('/merchants/me/claims', shop.owner, {
    fundId: fund.id,
    from: '2026-11-25',
    to: '2026-11-25',
  });
  for (const l of filed.body.lines as Array<{ id: number }>)
    await post(`/claims/${filed.body.id}/lines/${l.id}/decision`, officer, { approve: true });
  const settled = await Promise.allSettled(
    Array.from({ length: 10 }, () => ctx.services.funds.decide(asAuth(officer), filed.body.id)),
  );
  const ok = settled.filter((s) => s.status === 'fulfilled').length;
  const codes = settled.flatMap((s) =>
    s.status === 'rejected' && s.reason instanceof AppError ? [s.reason.code] : [],
  );
  t.is(ok, 1);
  t.deepEqual([...new Set(codes)], ['funds.invalid_transition']);
  t.is(codes.length, 9);
  const [f] = await rows<{ committed_fen: number }>(
    ctx,
    sql`SELECT committed_fen FROM funds WHERE id = ${fund.id}`,
  );
  t.is(f!.committed_fen, 2000);
});
