import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import {
  api,
  assertError,
  inviteStaff,
  shop as merchant,
  recordDiscount,
  validCheck,
  verify,
} from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const report = (user: TestUser, id: number, from: string, to: string) =>
  api(ctx).get(`/merchants/${id}/report?from=${from}&to=${to}`, user);

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer, { name: '报表小店' });
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, shop, volunteer, device };
}

test.serial('per local day: valid and refused checks, discounts, bill and saving totals', async (t) => {
  ctx.clock.set('2026-12-01T02:00:00.000Z'); // 10:00 on 1 December in Shanghai
  const { officer, shop, device } = await setup();
  const owner = shop.owner;

  // 1 Dec, 10:00 — valid with a discount; the same code again is refused
  const code = device.code();
  const v1 = await validCheck(ctx, owner, code);
  t.is((await recordDiscount(ctx, owner, v1, { billAmount: 100, savingAmount: 20 })).status, 201);
  const reused = await verify(ctx, owner, code);
  t.is(reused.body.reason, 'verify.code_reused');

  // 1 Dec, 23:30 in Shanghai (15:30 UTC) — valid with a discount: still 1 December
  ctx.clock.set('2026-12-01T15:30:00.000Z');
  const v2 = await validCheck(ctx, owner, device.code());
  t.is((await recordDiscount(ctx, owner, v2, { billAmount: 58.5, savingAmount: 11.7 })).status, 201);

  // 2 Dec, 00:30 in Shanghai (still 1 December in UTC) — valid, no discount; and a garbage scan
  ctx.clock.set('2026-12-01T16:30:00.000Z');
  await validCheck(ctx, owner, device.code());
  t.is((await verify(ctx, owner, 'not a code')).body.reason, 'verify.code_invalid');

  // 4 Dec — valid with a discount of cents
  ctx.clock.set('2026-12-04T02:00:00.000Z');
  const v4 = await validCheck(ctx, owner, device.code());
  t.is((await recordDiscount(ctx, owner, v4, { billAmount: 10.01, savingAmount: 2 })).status, 201);

  const r = await report(officer, shop.id, '2026-12-01', '2026-12-04');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(r.body.period, { from: '2026-12-01', to: '2026-12-04' });
  t.is(r.body.merchant.id, shop.id);
  t.is(r.body.merchant.name, '报表小店');
  t.truthy(r.body.merchant.licenceNo);
  t.truthy(r.body.merchant.credentialSerial);
  t.deepEqual(r.body.days, [
    {
      date: '2026-12-01',
      checksValid: 2,
      checksRefused: 1,
      discounts: 2,
      billTotal: 158.5,
      savingTotal: 31.7,
    },
    { date: '2026-12-02', checksValid: 1, checksRefused: 1, discounts: 0, billTotal: 0, savingTotal: 0 },
    {
      date: '2026-12-04',
      checksValid: 1,
      checksRefused: 0,
      discounts: 1,
      billTotal: 10.01,
      savingTotal: 2,
    },
  ]);
  t.deepEqual(r.body.totals, {
    checksValid: 4,
    checksRefused: 2,
    discounts: 3,
    billTotal: 168.51,
    savingTotal: 33.7,
  });

  // one day at a time: 23:30 belongs to the 1st, 00:30 to the 2nd
  const first = await report(officer, shop.id, '2026-12-01', '2026-12-01');
  t.deepEqual(
    first.body.days.map((d: { date: string }) => d.date),
    ['2026-12-01'],
  );
  t.is(first.body.totals.checksValid, 2);
  t.is(first.body.totals.savingTotal, 31.7);
  const second = await report(officer, shop.id, '2026-12-02', '2026-12-03');
  t.deepEqual(second.body.days, [
    { date: '2026-12-02', checksValid: 1, checksRefused: 1, discounts: 0, billTotal: 0, savingTotal: 0 },
  ]);

  // a period with nothing: no rows, zero totals
  const empty = await report(officer, shop.id, '2026-11-01', '2026-11-30');
  t.is(empty.status, 200);
  t.deepEqual(empty.body.days, []);
  t.deepEqual(empty.body.totals, {
    checksValid: 0,
    checksRefused: 0,
    discounts: 0,
    billTotal: 0,
    savingTotal: 0,
  });

  // the shop's owner and staff read the same report
  const staff = await inviteStaff(ctx, owner);
  const own = await report(staff, shop.id, '2026-12-01', '2026-12-04');
  t.is(own.status, 200);
  t.deepEqual(own.body.totals, r.body.totals);
});

test.serial('midnight in Shanghai is the line between days, not midnight UTC', async (t) => {
  ctx.clock.set('2026-12-10T15:59:30.000Z'); // 23:59:30 on 10 December in Shanghai
  const { officer, shop, device } = await setup();
  await validCheck(ctx, shop.owner, device.code());
  ctx.clock.set('2026-12-10T16:00:00.000Z'); // 00:00:00 on 11 December in Shanghai
  await validCheck(ctx, shop.owner, device.code());
  const r = await report(officer, shop.id, '2026-12-10', '2026-12-11');
  t.is(r.status, 200, JSON.stringify(r.body));
  t.deepEqual(
    r.body.days.map((d: { date: string; checksValid: number }) => [d.date, d.checksValid]),
    [
      ['2026-12-10', 1],
      ['2026-12-11', 1],
    ],
  );
  const only10 = await report(officer, shop.id, '2026-12-10', '2026-12-10');
  t.is(only10.body.totals.checksValid, 1);
});

test.serial("another shop's checks are not in the report", async (t) => {
  ctx.clock.set('2026-12-15T02:00:00.000Z');
  const { officer, shop, device } = await setup();
  const other = await merchant(ctx, officer);
  const v = await validCheck(ctx, other.owner, device.code());
  t.is((await recordDiscount(ctx, other.owner, v, { billAmount: 30, savingAmount: 6 })).status, 201);
  const r = await report(officer, shop.id, '2026-12-15', '2026-12-15');
  t.deepEqual(r.body.days, []);
  const theirs = await report(officer, other.id, '2026-12-15', '2026-12-15');
  t.is(theirs.body.totals.savingTotal, 6);
});

test('from after to, a missing or malformed date → 400 request.invalid', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer);
  assertError(t, await report(officer, shop.id, '2026-12-05', '2026-12-04'), 400, 'request.invalid');
  assertError(
    t,
    await api(ctx).get(`/merchants/${shop.id}/report?from=2026-12-01`, officer),
    400,
    'request.invalid',
  );
  assertError(t, await api(ctx).get(`/merchants/${shop.id}/report`, officer), 400, 'request.invalid');
  assertError(t, await report(officer, shop.id, '2026-12-01', '2026-13-01'), 400, 'request.invalid');
  assertError(t, await report(officer, shop.id, '1.12.2026', '2026-12-04'), 400, 'request.invalid');
});

test('who may read a report: officers of the community and the shop itself', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await merchant(ctx, officer);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const foreign = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  t.is((await report(officer, shop.id, '2026-12-01', '2026-12-31')).status, 200);
  t.is((await report(shop.owner, shop.id, '2026-12-01', '2026-12-31')).status, 200);
  assertError(t, await report(volunteer, shop.id, '2026-12-01', '2026-12-31'), 403, 'auth.forbidden');
  assertError(t, await report(foreign, shop.id, '2026-12-01', '2026-12-31'), 404, 'merchants.not_found');
  assertError(t, await report(officer, 987_654, '2026-12-01', '2026-12-31'), 404, 'merchants.not_found');
});
