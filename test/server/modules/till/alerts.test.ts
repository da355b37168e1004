import {
  distanceMetres,
  MAX_CHECKS_PER_DAY,
  SUSPICIOUS_DISTANCE_M,
  SUSPICIOUS_WINDOW_MIN,
} from '@timebank/shared';
import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, MIN, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, inviteStaff, shop as merchant, nextStep, verify } from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const HERE = { lat: 30.8236, lng: 104.1589 };
const FAR = { lat: 30.8636, lng: 104.1589 }; // about 4.4 km north
const NEAR = { lat: 30.8336, lng: 104.1589 }; // about 1.1 km north

interface Alert {
  id: number;
  kind: string;
  holder: { id: number; displayName: string };
  verificationId: number;
  details: Record<string, unknown>;
  at: string;
}

async function alerts(officer: TestUser, query = ''): Promise<Alert[]> {
  const r = await api(ctx).get(`/till/alerts${query}`, officer);
  if (r.status !== 200) throw new Error(`alerts failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.alerts as Alert[];
}

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await certifiedVolunteer(ctx, officer);
  const device = await openDevice(ctx, volunteer);
  return { c, officer, volunteer, device };
}

/** A valid check; returns the whole answer. */
async function check(staff: TestUser, code: string) {
  const r = await verify(ctx, staff, code);
  if (r.status !== 200 || !r.body.valid)
    throw new Error(`check failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number; flagged: boolean };
}

test.serial('the thresholds are 3 km, 15 minutes and 6 checks a day', (t) => {
  t.is(SUSPICIOUS_DISTANCE_M, 3000);
  t.is(SUSPICIOUS_WINDOW_MIN, 15);
  t.is(MAX_CHECKS_PER_DAY, 6);
  t.true(distanceMetres(HERE, FAR) > 3000);
  t.true(distanceMetres(HERE, NEAR) < 3000);
});

test.serial('two valid checks at shops more than 3 km apart within 15 minutes → distant_shops', async (t) => {
  ctx.clock.set('2026-12-01T02:00:00.000Z');
  const { officer, volunteer, device } = await setup();
  const a = await merchant(ctx, officer, { ...HERE, name: '南边的店' });
  const b = await merchant(ctx, officer, { ...FAR, name: '北边的店' });
  const first = await check(a.owner, device.code());
  t.false(first.flagged);
  ctx.clock.advance(14 * MIN);
  const second = await check(b.owner, device.code());
  t.true(second.flagged);

  const list = await alerts(officer);
  t.is(list.length, 1);
  t.is(list[0]!.kind, 'distant_shops');
  t.is(list[0]!.holder.id, volunteer.id);
  t.is(list[0]!.verificationId, second.id);
  t.deepEqual(list[0]!.details, {
    otherVerificationId: first.id,
    otherMerchantId: a.id,
    distanceM: distanceMetres(FAR, HERE),
  });
  t.is(list[0]!.at, ctx.clock.now().toISOString());
});

test.serial(
  'no alert for shops close together, nor for distant shops more than 15 minutes apart',
  async (t) => {
    ctx.clock.set('2026-12-02T02:00:00.000Z');
    const { officer, device } = await setup();
    const a = await merchant(ctx, officer, HERE);
    const near = await merchant(ctx, officer, NEAR);
    const far = await merchant(ctx, officer, FAR);
    t.false((await check(a.owner, device.code())).flagged);
    nextStep(ctx);
    t.false((await check(near.owner, device.code())).flagged);
    // 16 minutes after the check near by, and 16.5 after the first
    ctx.clock.advance(16 * MIN);
    t.false((await check(far.owner, device.code())).flagged);
    t.deepEqual(await alerts(officer), []);
  },
);

test.serial('a refused check at a distant shop raises nothing', async (t) => {
  ctx.clock.set('2026-12-03T02:00:00.000Z');
  const { officer, device } = await setup();
  const a = await merchant(ctx, officer, HERE);
  const far = await merchant(ctx, officer, FAR);
  const code = device.code();
  await check(a.owner, code);
  const reused = await verify(ctx, far.owner, code);
  t.is(reused.body.reason, 'verify.code_reused');
  t.deepEqual(await alerts(officer), []);
});

test.serial('more than 6 valid checks in one local day → too_many_checks', async (t) => {
  ctx.clock.set('2026-12-04T02:00:00.000Z'); // 10:00 in Shanghai
  const { officer, volunteer, device } = await setup();
  const shop = await merchant(ctx, officer, HERE);
  const cashier = await inviteStaff(ctx, shop.owner);
  for (let i = 1; i <= MAX_CHECKS_PER_DAY; i++) {
    const r = await check(i % 2 ? shop.owner : cashier, device.code());
    t.false(r.flagged, `check ${i}`);
    ctx.clock.advance(20 * MIN);
  }
  t.deepEqual(await alerts(officer), []);
  const seventh = await check(shop.owner, device.code());
  t.true(seventh.flagged);
  const list = await alerts(officer);
  t.is(list.length, 1);
  t.is(list[0]!.kind, 'too_many_checks');
  t.is(list[0]!.holder.id, volunteer.id);
  t.is(list[0]!.verificationId, seventh.id);
  t.deepEqual(list[0]!.details, { date: '2026-12-04', checks: 7 });
});

test.serial(
  'the day is the local day: checks either side of midnight in Shanghai do not add up',
  async (t) => {
    ctx.clock.set('2026-12-05T13:00:00.000Z'); // 21:00 on 5 December in Shanghai
    const { officer, volunteer, device } = await setup();
    const shop = await merchant(ctx, officer, HERE);
    for (let i = 0; i < 4; i++) {
      await check(shop.owner, device.code());
      ctx.clock.advance(20 * MIN);
    }
    ctx.clock.set('2026-12-05T16:10:00.000Z'); // 00:10 on 6 December in Shanghai (still the 5th in UTC)
    for (let i = 1; i <= MAX_CHECKS_PER_DAY; i++) {
      t.false((await check(shop.owner, device.code())).flagged, `check ${i} after midnight`);
      ctx.clock.advance(20 * MIN);
    }
    t.deepEqual(await alerts(officer), []);
    // the seventh of 6 December (local), at 02:10 — still 5 December in UTC
    const seventh = await check(shop.owner, device.code());
    t.true(seventh.flagged);
    const list = await alerts(officer);
    t.is(list.length, 1);
    t.is(list[0]!.holder.id, volunteer.id);
    t.deepEqual(list[0]!.details, { date: '2026-12-06', checks: 7 });
  },
);

test.serial('alerts are for officers of the community', async (t) => {
  ctx.clock.set('2026-12-07T02:00:00.000Z');
  const { c, officer, volunteer, device } = await setup();
  const a = await merchant(ctx, officer, HERE);
  const b = await merchant(ctx, officer, FAR);
  await check(a.owner, device.code());
  nextStep(ctx);
  t.true((await check(b.owner, device.code())).flagged);

  assertError(t, await api(ctx).get('/till/alerts', volunteer), 403, 'auth.forbidden');
  assertError(t, await api(ctx).get('/till/alerts', a.owner), 403, 'auth.forbidden');
  assertError(t, await api(ctx).get('/till/alerts'), 401, 'auth.required');

  const other = await ctx.addCommunity();
  const foreign = await ctx.addUser('officer', other.id);
  t.deepEqual(await alerts(foreign), []);
  assertError(
    t,
    await api(ctx).get(`/till/alerts?communityId=${c.id}`, foreign),
    403,
    'auth.wrong_community',
  );
  t.is((await alerts(officer, `?communityId=${c.id}`)).length, 1);

  // a district administrator of the same district sees them
  const admin = await ctx.addUser(
    'district_admin',
    (await ctx.addCommunity(undefined, { districtId: c.districtId })).id,
  );
  t.is((await alerts(admin, `?communityId=${c.id}`)).length, 1);
});
