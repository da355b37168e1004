import { verifyReasons } from '@timebank/shared';
import test from 'ava';
import { sql } from 'drizzle-orm';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  shop as merchant,
  nextStep,
  recordDiscount,
  validCheck,
  verify,
} from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer, { name: '记账小店' });
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, shop, volunteer, device };
}

test('a discount after a valid check → 201; a second one → 409 verify.discount_recorded', async (t) => {
  const { shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  const r = await recordDiscount(ctx, shop.owner, id, {
    billAmount: 88.8,
    savingAmount: 17.76,
    note: '午餐',
  });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.verificationId, id);
  t.is(r.body.billAmount, 88.8);
  t.is(r.body.savingAmount, 17.76);
  t.is(r.body.note, '午餐');
  t.is(typeof r.body.id, 'number');
  t.is(r.body.status, 'recorded');
  t.is(r.body.recordedAt, ctx.clock.now().toISOString());
  t.is(r.body.correctableUntil, new Date(ctx.clock.now().getTime() + 10 * 60_000).toISOString());
  t.is(r.body.voidReason, null);

  assertError(
    t,
    await recordDiscount(ctx, shop.owner, id, { savingAmount: 1 }),
    409,
    'verify.discount_recorded',
  );
  // another member of the same shop cannot add a second one either
  const cashier = await inviteStaff(ctx, shop.owner);
  assertError(t, await recordDiscount(ctx, cashier, id, {}), 409, 'verify.discount_recorded');

  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.deepEqual(checks.body.checks[0].discount, { billAmount: 88.8, savingAmount: 17.76, status: 'recorded' });
});

test('impossible amounts → 400 with a stable code, nothing recorded', async (t) => {
  const { shop, device } = await setup(); // 20% off
  const id = await validCheck(ctx, shop.owner, device.code());
  const cases: [object, string][] = [
    [{}, 'till.bill_required'],
    [{ savingAmount: 5 }, 'till.bill_required'],
    [{ billAmount: 30 }, 'till.saving_not_positive'],
    [{ billAmount: 30, savingAmount: 0 }, 'till.saving_not_positive'],
    [{ billAmount: 30, savingAmount: 50 }, 'till.saving_exceeds_bill'],
    [{ billAmount: 30, savingAmount: 15 }, 'till.saving_inconsistent'],
    [{ billAmount: 30, savingAmount: 4.99 }, 'till.saving_inconsistent'],
    [{ billAmount: 30, savingAmount: 7.01 }, 'till.saving_inconsistent'],
  ];
  for (const [body, code] of cases) {
    assertError(t, await recordDiscount(ctx, shop.owner, id, body), 400, code);
  }
  const none = await api(ctx).get(`/verifications/${id}/discount`, shop.owner);
  assertError(t, none, 404, 'till.discount_not_found');
  // within rounding: ¥6 exactly, or rounded to whole yuan either way
  const r = await recordDiscount(ctx, shop.owner, id, { billAmount: 30, savingAmount: 6.5 });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.savingAmount, 6.5);
});

test('a described discount (no percentage) may leave the bill out; the saving is still required', async (t) => {
  const { officer, device } = await setup();
  const shop = await merchant(ctx, officer, { discount: { text: '免费修改裤脚' } });
  const id = await validCheck(ctx, shop.owner, device.code());
  assertError(t, await recordDiscount(ctx, shop.owner, id, {}), 400, 'till.saving_not_positive');
  assertError(
    t,
    await recordDiscount(ctx, shop.owner, id, { billAmount: 10, savingAmount: 12 }),
    400,
    'till.saving_exceeds_bill',
  );
  const r = await recordDiscount(ctx, shop.owner, id, { savingAmount: 15 });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.billAmount, null);
});

test('a discount on a refused check → 409 verify.not_valid', async (t) => {
  const { shop, device } = await setup();
  const code = device.code();
  await validCheck(ctx, shop.owner, code);
  const reused = await verify(ctx, shop.owner, code);
  t.false(reused.body.valid);
  assertError(
    t,
    await recordDiscount(ctx, shop.owner, reused.body.id, { savingAmount: 5 }),
    409,
    'verify.not_valid',
  );
  const garbage = await verify(ctx, shop.owner, 'garbage');
  t.false(garbage.body.valid);
  assertError(t, await recordDiscount(ctx, shop.owner, garbage.body.id, {}), 409, 'verify.not_valid');
});

test('negative or malformed amounts → 400 request.invalid; an unknown check → 404 verify.not_found', async (t) => {
  const { shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  for (const body of [
    { billAmount: -1 },
    { savingAmount: -0.01 },
    { billAmount: 10.005 },
    { billAmount: '10' },
    { savingAmount: 2_000_000 },
    { tip: 5 },
  ]) {
    assertError(t, await recordDiscount(ctx, shop.owner, id, body), 400, 'request.invalid');
  }
  assertError(t, await recordDiscount(ctx, shop.owner, 987_654, {}), 404, 'verify.not_found');
  // none of the refusals recorded anything: the first real one goes through
  t.is((await recordDiscount(ctx, shop.owner, id, { billAmount: 10, savingAmount: 2 })).status, 201);
});

test('volunteers cannot record discounts → 403 auth.forbidden', async (t) => {
  const { shop, volunteer, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  assertError(t, await recordDiscount(ctx, volunteer, id, {}), 403, 'auth.forbidden');
});

test.serial('the holder sees every check of the certificate: shop, time, result and reason', async (t) => {
  const { officer, shop, volunteer, device } = await setup();
  const other = await merchant(ctx, officer, { name: '第二家店' });
  const code = device.code();
  const t1 = ctx.clock.now().toISOString();
  const v1 = await validCheck(ctx, shop.owner, code);
  t.is((await recordDiscount(ctx, shop.owner, v1, { billAmount: 62.5, savingAmount: 12.5 })).status, 201);
  nextStep(ctx);
  const t2 = ctx.clock.now().toISOString();
  const reused = await verify(ctx, other.owner, code);
  t.is(reused.body.reason, 'verify.code_reused');
  const v3 = await validCheck(ctx, other.owner, device.code());
  // a garbage scan carries no holder and is not theirs
  await verify(ctx, other.owner, 'garbage');

  const r = await api(ctx).get('/me/checks', volunteer);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.checks, [
    {
      id: v3,
      at: t2,
      merchant: { id: other.id, name: '第二家店' },
      valid: true,
      reason: null,
      reasonMessage: null,
      discount: null,
    },
    {
      id: reused.body.id,
      at: t2,
      merchant: { id: other.id, name: '第二家店' },
      valid: false,
      reason: 'verify.code_reused',
      reasonMessage: verifyReasons['verify.code_reused'].zh,
      discount: null,
    },
    {
      id: v1,
      at: t1,
      merchant: { id: shop.id, name: '记账小店' },
      valid: true,
      reason: null,
      reasonMessage: null,
      discount: { savingAmount: 12.5, status: 'recorded' },
    },
  ]);

  // another volunteer sees none of it
  const stranger = await certifiedVolunteer(ctx, officer);
  const theirs = await api(ctx).get('/me/checks', stranger);
  t.deepEqual(theirs.body.checks, []);
});

test.serial('the shop sees its own checks, with garbage scans, and none of other shops', async (t) => {
  const { officer, shop, device } = await setup();
  const other = await merchant(ctx, officer);
  const v1 = await validCheck(ctx, shop.owner, device.code());
  const bad = await verify(ctx, shop.owner, 'TB1.nothing');
  nextStep(ctx);
  const elsewhere = await validCheck(ctx, other.owner, device.code());
  const r = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(
    r.body.checks.map((c: { id: number; valid: boolean; reason: string | null; kind: string | null }) => [
      c.id,
      c.valid,
      c.reason,
      c.kind,
    ]),
    [
      [bad.body.id, false, 'verify.code_invalid', null],
      [v1, true, null, 'certificate'],
    ],
  );
  t.false(r.body.checks.some((c: { id: number }) => c.id === elsewhere));
  // nor does the shop see who the holder is
  t.false(r.text.includes('holderId'));
  assertError(t, await api(ctx).get('/merchants/me/checks', officer), 403, 'auth.forbidden');
});

test('the same discount recorded at once from two tills: one 201, the rest 409', async (t) => {
  const { shop, device } = await setup();
  const cashier = await inviteStaff(ctx, shop.owner);
  const id = await validCheck(ctx, shop.owner, device.code());
  const rs = await Promise.all(
    [shop.owner, cashier, shop.owner].map((s) =>
      recordDiscount(ctx, s, id, { billAmount: 15, savingAmount: 3 }),
    ),
  );
  t.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409]);
  t.true(rs.filter((r) => r.status === 409).every((r) => r.body.error.code === 'verify.discount_recorded'));
  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.deepEqual(checks.body.checks[0].discount, { billAmount: 15, savingAmount: 3, status: 'recorded' });
});

const day = () => ctx.clock.now().toISOString().slice(0, 10);
const put = (staff: { auth: Record<string, string> }, id: number, body: object) =>
  ctx.request().put(`/api/v1/verifications/${id}/discount`).set(staff.auth).send(body);
const voidRecord = (officer: { auth: Record<string, string> }, id: number, reason?: string) =>
  ctx
    .request()
    .post(`/api/v1/verifications/${id}/discount/void`)
    .set(officer.auth)
    .send(reason === undefined ? {} : { reason });
async function reportTotals(officer: TestUser, shopId: number) {
  const r = await api(ctx).get(`/merchants/${shopId}/report?from=${day()}&to=${day()}`, officer);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.totals as { discounts: number; billTotal: number; savingTotal: number };
}

test.serial(
  'the staff member who recorded it corrects it within 10 minutes; the report counts the correction',
  async (t) => {
    const { officer, shop, device } = await setup();
    const cashier = await inviteStaff(ctx, shop.owner);
    const id = await validCheck(ctx, cashier, device.code());
    t.is((await recordDiscount(ctx, cashier, id, { billAmount: 50, savingAmount: 10 })).status, 201);

    // another member of the shop may not, nor may amounts be impossible
    assertError(
      t,
      await put(shop.owner, id, { billAmount: 30, savingAmount: 6 }),
      403,
      'till.correction_not_yours',
    );
    assertError(
      t,
      await put(cashier, id, { billAmount: 30, savingAmount: 50 }),
      400,
      'till.saving_exceeds_bill',
    );

    ctx.clock.advance(9 * 60_000);
    const fixed = await put(cashier, id, { billAmount: 30, savingAmount: 6, note: '点错了' });
    t.is(fixed.status, 200, JSON.stringify(fixed.body));
    t.is(fixed.body.status, 'corrected');
    t.is(fixed.body.billAmount, 30);
    t.is(fixed.body.savingAmount, 6);
    const totals = await reportTotals(officer, shop.id);
    t.is(totals.discounts, 1);
    t.is(totals.billTotal, 30);
    t.is(totals.savingTotal, 6);
    const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
    t.deepEqual(checks.body.checks[0].discount, { billAmount: 30, savingAmount: 6, status: 'corrected' });

    ctx.clock.advance(60_000 + 1);
    assertError(
      t,
      await put(cashier, id, { billAmount: 40, savingAmount: 8 }),
      409,
      'till.correction_window_closed',
    );

    // the trail keeps both, for the shop and the community's officers
    const trail = await api(ctx).get(`/verifications/${id}/discount`, officer);
    t.is(trail.status, 200, JSON.stringify(trail.body));
    t.deepEqual(
      trail.body.trail.map(
        (e: { kind: string; billAmount: number; savingAmount: number; actor: { id: number } }) => [
          e.kind,
          e.billAmount,
          e.savingAmount,
          e.actor.id,
        ],
      ),
      [
        ['recorded', 50, 10, cashier.id],
        ['corrected', 30, 6, cashier.id],
      ],
    );
    t.is((await api(ctx).get(`/verifications/${id}/discount`, shop.owner)).status, 200);
    // nobody else: another shop, another community's officer
    const other = await merchant(ctx, officer);
    assertError(t, await api(ctx).get(`/verifications/${id}/discount`, other.owner), 404, 'verify.not_found');
    const far = await ctx.addUser('officer', (await ctx.addCommunity()).id);
    assertError(t, await api(ctx).get(`/verifications/${id}/discount`, far), 404, 'verify.not_found');
  },
);

test.serial('an officer voids a record with a reason: it counts nowhere, and changes no more', async (t) => {
  const { c, officer, shop, volunteer, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  t.is((await recordDiscount(ctx, shop.owner, id, { billAmount: 100, savingAmount: 20 })).status, 201);
  const before = await reportTotals(officer, shop.id);

  assertError(t, await voidRecord(shop.owner, id, '重复'), 403, 'auth.forbidden');
  assertError(t, await voidRecord(officer, id), 400, 'request.invalid');
  const far = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  assertError(t, await voidRecord(far, id, '重复'), 404, 'verify.not_found');

  const v = await voidRecord(officer, id, '同一笔消费记了两次');
  t.is(v.status, 200, JSON.stringify(v.body));
  t.is(v.body.status, 'voided');
  t.is(v.body.voidReason, '同一笔消费记了两次');
  assertError(t, await voidRecord(officer, id, '再来'), 409, 'till.discount_voided');
  assertError(t, await put(shop.owner, id, { billAmount: 10, savingAmount: 2 }), 409, 'till.discount_voided');
  assertError(
    t,
    await recordDiscount(ctx, shop.owner, id, { billAmount: 10, savingAmount: 2 }),
    409,
    'verify.discount_recorded',
  );

  const after = await reportTotals(officer, shop.id);
  t.is(after.discounts, before.discounts - 1);
  t.is(after.savingTotal, before.savingTotal - 20);
  const checks = await api(ctx).get('/merchants/me/checks', shop.owner);
  t.is(checks.body.checks[0].discount.status, 'voided');
  const mine = await api(ctx).get('/me/checks', volunteer);
  t.is(mine.body.checks[0].discount.status, 'voided');

  // the export keeps the row, claims nothing for it, and says why
  const csv = await ctx
    .request()
    .get(`/api/v1/exports/discounts?from=${day()}&to=${day()}&communityId=${c.id}`)
    .set(officer.auth)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  t.is(csv.status, 200);
  const line = (csv.body as Buffer)
    .toString('utf8')
    .split('\r\n')
    .find((l) => l.startsWith(`${id},`));
  t.truthy(line);
  t.true(line!.endsWith(',,,已作废,同一笔消费记了两次'), line);

  const trail = await api(ctx).get(`/verifications/${id}/discount`, shop.owner);
  t.deepEqual(
    trail.body.trail.map((e: { kind: string; reason: string | null }) => [e.kind, e.reason]),
    [
      ['recorded', null],
      ['voided', '同一笔消费记了两次'],
    ],
  );
});

test('the database keeps the trail: no record deleted, no trail line changed, no voided record changed', async (t) => {
  const { officer, shop, device } = await setup();
  const id = await validCheck(ctx, shop.owner, device.code());
  const d = await recordDiscount(ctx, shop.owner, id, { billAmount: 10, savingAmount: 2 });
  t.is(d.status, 201);
  await t.throwsAsync(ctx.db.execute(sql`DELETE FROM discounts WHERE id = ${d.body.id}`));
  await t.throwsAsync(
    ctx.db.execute(sql`UPDATE discount_events SET saving_cents = 1 WHERE discount_id = ${d.body.id}`),
  );
  await t.throwsAsync(ctx.db.execute(sql`UPDATE discounts SET saving_cents = 5000 WHERE id = ${d.body.id}`));
  await t.throwsAsync(
    ctx.db.execute(sql`UPDATE discounts SET merchant_id = merchant_id + 1 WHERE id = ${d.body.id}`),
  );
  t.is((await voidRecord(officer, id, '测试')).status, 200);
  await t.throwsAsync(ctx.db.execute(sql`UPDATE discounts SET note = 'x' WHERE id = ${d.body.id}`));
});

test("a shop cannot honour its own owner's credential (self-dealing) → refused with verify.own_shop", async (t) => {
  const { officer, shop } = await setup();
  const ownCredential = await openDevice(ctx, shop.owner);
  const cashier = await inviteStaff(ctx, shop.owner);
  for (const staff of [shop.owner, cashier]) {
    const r = await verify(ctx, staff, ownCredential.code());
    t.is(r.status, 200, JSON.stringify(r.body));
    t.false(r.body.valid);
    t.is(r.body.reason, 'verify.own_shop');
    assertError(
      t,
      await recordDiscount(ctx, staff, r.body.id, { billAmount: 10, savingAmount: 2 }),
      409,
      'verify.not_valid',
    );
  }
  // another alliance shop honours it (merchants give each other the discount)
  const other = await merchant(ctx, officer);
  const elsewhere = await verify(ctx, other.owner, ownCredential.code());
  t.true(elsewhere.body.valid, JSON.stringify(elsewhere.body));
});
