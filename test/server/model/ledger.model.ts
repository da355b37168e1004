/**
 * Model-based test of the time bank's crediting: random sequences of operations (enrol, check in/out,
 * confirm, adjust, manual credit, certificate suspend/reinstate/revoke, open the certificate on a
 * phone, verify at the till, and the retry of any earlier request with exactly the same input) run
 * against the real services and against a small reference model written from the product rules.
 * After every step the answer and every attendance row must match the model, and on the database:
 *  - every balance (and lifetime points and minutes) equals the sum of its ledger lines, lifetime
 *    minutes equal the minutes credited at the volunteer's attendances (corrections included), and each
 *    line's balance_after is the running sum;
 *  - ledger lines are never changed: the lines seen before each step are an exact prefix of the lines after;
 *  - a certificate exists and is active exactly when lifetime points have reached the community's
 *    threshold and no suspension or revocation stands (a later correction below the threshold does not
 *    take it away: only an officer does);
 *  - retries never credit twice: one line per source key, and exactly the lines the model expects.
 *
 * And the movements of points (gifts within and above the community's limits, an officer's approval or
 * refusal, donations to the pool, the pool spent on a help request, each with an idempotency key):
 *  - conservation: each done movement is two lines that sum to zero, and the sequence's volunteers'
 *    balances plus what its movements added to the pool and the spent account equal what they earned
 *    (the sum of their ledger lines); what left circulation is the spent account's growth;
 *  - no balance below zero, and every line's balance_after (ledger and movement lines, in the order they
 *    were written) is the running spendable balance;
 *  - retried movements (the same key and fields) move nothing again: one movement per key;
 *  - lifetime points and certificates follow earning only: spending never lowers lifetime_earned, and
 *    an officer's correction below what is left to spend is refused (ledger.points_already_spent).
 *
 * And redemptions at the till (an item for points redeemed on the volunteer's last valid check, each
 * sequence with two fresh items: one of stock 1, one without a limit): the points go to the shop's
 * redemption account as one movement (conservation counts it), the stock as the model has it, one
 * redemption per check, within 10 minutes of it, never more than the balance, a retry moving nothing.
 *
 * One database per test file; each sequence uses fresh volunteers and fresh activities, so sequences do
 * not interfere. Services are called directly (the HTTP layer is covered elsewhere). The clock moves
 * only forward, in steps of 30 s, so codes line up with the till's 30-second steps the same way in
 * every sequence and in every shrunk replay.
 */
import { type ErrorCode, inZone, tillCode, tillStep } from '@timebank/shared';
import type { TestFn } from 'ava';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { inTransaction } from '../../../server/src/db/tx';
import { AppError } from '../../../server/src/http/errors';
import type { AuthUser } from '../../../server/src/http/route';
import { activities } from '../../../server/src/modules/activities/activities.table';
import { ledger } from '../../../server/src/modules/ledger/ledger.service';
import { accounts } from '../../../server/src/modules/ledger/ledger.table';
import { users } from '../../../server/src/modules/users/users.table';
import { activeMerchant } from '../../helpers/alliance';
import { createTestContext, type TestContext } from '../../helpers/context';
import { rows } from '../modules/attendance/support';

const MIN = 60_000;
const CODE_SLOT_MS = 30_000;
const CODE_MAX_AGE_S = 45;
const NEAR = { lat: 30.8237, lng: 104.159 };
const PLACE = { lat: 30.8236, lng: 104.1589 };

// ---------------------------------------------------------------------------------------------------
// Operations

const V = fc.integer({ min: 0, max: 1 }); // volunteer index
const A = fc.integer({ min: 0, max: 1 }); // activity index
const ANY = fc.nat({ max: 40 }); // index into a list, modulo its length
/** Mostly one of the volunteers for whom the operation means something (holds a certificate, a phone). */
const PICK = fc.option(ANY, { freq: 4, nil: null });

export type Op =
  | { t: 'wait'; seconds: number }
  | { t: 'enrol'; v: number; a: number }
  | { t: 'checkin'; v: number; a: number }
  | { t: 'checkout'; v: number; a: number; att: number | null }
  | { t: 'confirm'; atts: number[] }
  | { t: 'adjust'; att: number; minutes: number }
  | { t: 'manual'; v: number; a: number; minutes: number }
  | { t: 'cert'; v: number; pick: number | null; action: 'suspend' | 'reinstate' | 'revoke' }
  | { t: 'open'; v: number; pick: number | null }
  | { t: 'verify'; v: number; pick: number | null }
  | { t: 'give'; v: number; points: number }
  | { t: 'decide'; k: number; approve: boolean }
  | { t: 'donate'; v: number; points: number }
  | { t: 'spend'; points: number }
  | { t: 'redeem'; v: number; item: number }
  | { t: 'retry'; k: number };

/** Whole points to move (0 is refused; 4 is above the per-gift limit the fixtures set, 3). */
const POINTS = fc.constantFrom(0, 1, 2, 3, 4);
/** The gift limits the fixtures set in both communities: 3 points a gift, 6 a month. */
const LIMITS = { perGift: 3, perMonth: 6 };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('wait' as const),
      seconds: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(30, 60, 600, 1200) },
        { weight: 2, arbitrary: fc.constant(2400) },
        { weight: 1, arbitrary: fc.constantFrom(4200, 7200) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('enrol' as const), v: V, a: A }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('checkin' as const), v: V, a: A }) },
  {
    weight: 4,
    // mostly the check-out of someone checked in, sometimes of anyone
    arbitrary: fc.record({
      t: fc.constant('checkout' as const),
      v: V,
      a: A,
      att: fc.option(ANY, { freq: 8, nil: null }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('confirm' as const),
      atts: fc.array(ANY, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('adjust' as const),
      att: ANY,
      minutes: fc.constantFrom(0, 1, 20, 36, 45, 60, 90, 91),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('manual' as const),
      v: V,
      a: A,
      minutes: fc.constantFrom(30, 45, 60, 90),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('cert' as const),
      v: V,
      pick: PICK,
      action: fc.constantFrom('suspend' as const, 'reinstate' as const, 'revoke' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('open' as const), v: V, pick: PICK }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('verify' as const), v: V, pick: PICK }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('give' as const), v: V, points: POINTS }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('decide' as const), k: ANY, approve: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('donate' as const), v: V, points: POINTS }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('spend' as const), points: POINTS }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('redeem' as const), v: V, item: fc.nat({ max: 1 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('retry' as const), k: ANY }) },
);

/** The shape of one sequence's world: the community, and the two activities (B overlapping A or not). */
const worldArb = fc.record({
  community: fc.nat({ max: 1 }),
  rates: fc.tuple(fc.constantFrom(100, 150, 300, 600, 10), fc.constantFrom(100, 150, 300, 600)),
  minutes: fc.tuple(fc.constantFrom(60, 90), fc.constantFrom(60, 90)),
  /** B starts this many minutes after A starts: 30 overlaps A, 90 never does. */
  bOffset: fc.constantFrom(30, 90),
  /** Points each volunteer starts with (an officer's credit), so that gifts and donations have something to move. */
  start: fc.constantFrom(0, 0, 2, 5),
  capacity: fc.tuple(fc.constantFrom(1, 2, 3), fc.constantFrom(2, 3)),
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

export const sequenceArb = fc.tuple(worldArb, fc.array(opArb, { minLength: 5, maxLength: 15 }));

// ---------------------------------------------------------------------------------------------------
// The reference model, from the product rules (not from the server's code)

interface MAct {
  id: number;
  startsAt: number;
  endsAt: number;
  rate: number;
  capacity: number;
  enrolled: Set<number>;
}
interface MAtt {
  id: number;
  v: number;
  a: number;
  source: 'checkin' | 'manual';
  status: 'checked_in' | 'checked_out' | 'confirmed';
  checkInAt: number | null;
  checkOutAt: number | null;
  creditedMinutes: number | null;
  creditedPoints: number | null;
}
interface MVol {
  id: number;
  user: AuthUser;
  balance: number;
  lifetime: number;
  minutes: number;
  lines: number;
  cert: { id: number; status: 'active' | 'suspended' | 'revoked'; level: number } | null;
  device: { id: string; secretHex: string } | null;
  usedSteps: Set<string>;
  /** The last valid check of the volunteer's certificate at the till. */
  lastCheck: { id: number; at: number } | null;
}

/** A gift as the model has it. */
interface MGift {
  id: number;
  from: number;
  to: number;
  amount: number;
  month: string;
  status: 'pending' | 'done' | 'rejected';
}
interface MLine {
  id: number;
  movement_id: number;
  user_account: number | null;
  point_account: number | null;
  amount: number;
  balance_after: number;
}
interface Line {
  id: number;
  account_id: number;
  amount: number;
  minutes: number;
  source_key: string;
  balance_after: number;
}
interface Acc {
  user_id: number;
  balance: number;
  lifetime_earned: number;
  lifetime_minutes: number;
}
interface Att {
  id: number;
  status: string;
  out: boolean;
  credited_minutes: number | null;
  credited_points: number | null;
}
interface Cert {
  id: number;
  user_id: number;
  status: string;
  level: number;
  last: string | null;
}

/** A request as it was sent, so that a retry sends exactly the same thing again. */
type Sent =
  | { t: 'enrol'; v: number; a: number }
  | { t: 'checkin' | 'checkout'; v: number; a: number; code: string; iat: number }
  | { t: 'confirm'; ids: number[] }
  | { t: 'adjust'; id: number; minutes: number; reason: string }
  | { t: 'manual'; v: number; a: number; minutes: number }
  | { t: 'cert'; v: number; certId: number; action: 'suspend' | 'reinstate' | 'revoke' }
  | { t: 'open'; v: number }
  | { t: 'verify'; v: number; code: string; deviceId: string; step: number }
  | { t: 'give'; v: number; points: number; key: string }
  | { t: 'decide'; gift: number; approve: boolean }
  | { t: 'donate'; v: number; points: number; key: string }
  | { t: 'spend'; points: number; key: string }
  | { t: 'redeem'; v: number; check: number; item: number; key: string };

type Outcome = { ok: true; value?: unknown } | { ok: false; code: ErrorCode | string };

const pointsFor = (minutes: number, rate: number) => Math.round((minutes * rate) / 60);
/** Level 1 at the threshold, 2 at ten times it, 3 at fifty times. */
const levelFor = (lifetime: number, threshold: number) =>
  lifetime >= threshold * 50 ? 3 : lifetime >= threshold * 10 ? 2 : lifetime >= threshold ? 1 : 0;

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
const refuse = (code: string): never => {
  throw new Refused(code);
};

// ---------------------------------------------------------------------------------------------------

export interface Shared {
  ctx: TestContext;
  officers: AuthUser[];
  thresholds: number[];
  staff: AuthUser;
  /** The staff member's shop, where the sequences' items are redeemed. */
  shopId: number;
  seq: number;
  /** Per community: its pool and spent accounts, and a help request the pool may fund. */
  pools: Array<{ pool: number; spent: number; helpRequest: number }>;
}

export async function setUp(): Promise<Shared> {
  const ctx = await createTestContext();
  try {
    return await fixtures(ctx);
  } catch (err) {
    await ctx.close();
    throw err;
  }
}

async function fixtures(ctx: TestContext): Promise<Shared> {
  const thresholds = [100, 300];
  const officers: AuthUser[] = [];
  const testOfficers = [];
  for (const threshold of thresholds) {
    const c = await ctx.addCommunity(undefined, { thresholdPoints: threshold / 100 });
    const o = await ctx.addUser('officer', c.id);
    testOfficers.push(o);
    officers.push({ id: o.id, role: 'officer', communityId: c.id });
  }
  const shop = await activeMerchant(ctx, testOfficers[0]!);
  const staff: AuthUser = { id: shop.owner.id, role: 'merchant_staff', communityId: shop.owner.communityId };
  const pools: Shared['pools'] = [];
  for (const o of officers) {
    await ctx.services.movements.setLimits(o, LIMITS);
    const household = await ctx.services.households.register(o, {
      label: '模型住户',
      category: 'elderly_alone',
      address: '模型小区 1 号',
      notes: '',
      consent: { givenBy: '本人', givenAt: ctx.clock.now().toISOString(), version: '2026-11', agreed: true },
    });
    const request = await ctx.services.households.raiseAsOfficer(o, household.id, {
      kind: 'meal',
      preferredTime: '中午',
      details: '',
    });
    const helpRequest = request.id;
    const ids: number[] = [];
    for (const kind of ['pool', 'spent'] as const) {
      const [a] = await rows<{ id: number }>(
        ctx,
        sql`SELECT id FROM point_accounts WHERE kind = ${kind} AND community_id = ${o.communityId}`,
      );
      ids.push(a!.id);
    }
    pools.push({ pool: ids[0]!, spent: ids[1]!, helpRequest });
  }
  return { ctx, officers, thresholds, staff, shopId: shop.id, seq: 0, pools };
}

/** What the sequences did, for the log: time spent and outcomes by request. */
export const stats = {
  sequences: 0,
  steps: 0,
  setup: 0,
  perform: 0,
  check: 0,
  outcomes: {} as Record<string, Record<string, number>>,
};

/** Runs one sequence against the model and the services; throws on the first difference. */
export async function runSequence(sh: Shared, world: World, ops: Op[]): Promise<void> {
  const { ctx } = sh;
  const svc = ctx.services;
  // Every sequence starts on a whole minute, so 30-second code slots and till steps line up alike.
  const t0 = Math.ceil((ctx.clock.now().getTime() + 1) / MIN) * MIN;
  ctx.clock.set(new Date(t0));
  const now = () => ctx.clock.now().getTime();
  const officer = sh.officers[world.community]!;
  const communityId = officer.communityId;
  const threshold = sh.thresholds[world.community]!;
  const n = ++sh.seq;
  const setupStarted = performance.now();

  // fresh volunteers (with their accounts) and two published activities
  const vrows = await ctx.db
    .insert(users)
    .values(
      [0, 1].map((i) => ({
        communityId,
        role: 'volunteer' as const,
        displayName: `模型志愿者${n}-${i}`,
        wechatOpenid: `model-${process.pid}-${n}-${i}-${Math.random().toString(36).slice(2)}`,
      })),
    )
    .returning({ id: users.id });
  await ctx.db.insert(accounts).values(vrows.map((r) => ({ userId: r.id, communityId })));
  const starts = [t0 + 2 * MIN, t0 + (2 + world.bOffset) * MIN];
  const arows = await ctx.db
    .insert(activities)
    .values(
      [0, 1].map((i) => ({
        communityId,
        title: `模型活动${n}-${i}`,
        category: 'elder_bathing' as const,
        placeName: '社区日间照料中心',
        lat: PLACE.lat,
        lng: PLACE.lng,
        startsAt: new Date(starts[i]!),
        endsAt: new Date(starts[i]! + world.minutes[i]! * MIN),
        capacity: world.capacity[i]!,
        pointsPerHour: world.rates[i]!,
        status: 'published' as const,
        createdBy: officer.id,
      })),
    )
    .returning({ id: activities.id });

  const vols: MVol[] = vrows.map((r) => ({
    id: r.id,
    user: { id: r.id, role: 'volunteer', communityId },
    balance: 0,
    lifetime: 0,
    minutes: 0,
    lines: 0,
    cert: null,
    device: null,
    usedSteps: new Set(),
    lastCheck: null,
  }));
  const acts: MAct[] = arows.map((r, i) => ({
    id: r.id,
    startsAt: starts[i]!,
    endsAt: starts[i]! + world.minutes[i]! * MIN,
    rate: world.rates[i]!,
    capacity: world.capacity[i]!,
    enrolled: new Set(),
  }));
  stats.setup += performance.now() - setupStarted;
  stats.sequences += 1;
  const atts: MAtt[] = [];
  const history: Sent[] = [];
  let snapshot: string[] = [];
  const trace: string[] = [];
  let lastOutcome = '';
  // movements: the community's pool and spent accounts as they were before this sequence
  const accountsOf = sh.pools[world.community]!;
  const [p0] = await rows<{ pool: number; spent: number }>(
    ctx,
    sql`SELECT (SELECT balance FROM point_accounts WHERE id = ${accountsOf.pool}) AS pool,
               (SELECT balance FROM point_accounts WHERE id = ${accountsOf.spent}) AS spent`,
  );
  const pool0 = p0!.pool;
  const spent0 = p0!.spent;
  // redemptions: two fresh items at the shop (1 point, stock 1; 2 points, no limit), and its account
  const today = inZone(t0).format('YYYY-MM-DD');
  const until = inZone(t0).add(30, 'day').format('YYYY-MM-DD');
  const irows = await rows<{ id: number }>(
    ctx,
    sql`INSERT INTO redemption_items (community_id, merchant_id, title, cost, stock, valid_from, valid_to, created_by, created_at, updated_at)
        SELECT community_id, id, v.title, v.cost, v.stock, ${today}::date, ${until}::date, ${sh.staff.id}, now(), now()
        FROM merchants, (VALUES ('模型券', 100, 1), ('模型服务', 200, NULL)) AS v(title, cost, stock)
        WHERE merchants.id = ${sh.shopId} ORDER BY v.cost RETURNING id`,
  );
  const items = irows.map((r, i) => ({
    id: Number(r.id),
    cost: [100, 200][i]!,
    stock: [1, null][i] as number | null,
    redeemed: 0,
  }));
  const shopAccount = sql`(SELECT coalesce(sum(balance), 0)::int FROM point_accounts WHERE kind = 'shop' AND merchant_id = ${sh.shopId})`;
  const [s0] = await rows<{ shop: number }>(ctx, sql`SELECT ${shopAccount} AS shop`);
  const shop0 = s0!.shop;
  const mshop = { balance: shop0 };
  const usedChecks = new Set<number>();
  const mpool = { balance: pool0, spent: 0 };
  const gifts: MGift[] = [];
  /** Keys whose first request made a movement: a retry answers it and moves nothing. */
  const madeKeys = new Map<string, MGift | 'donation' | 'spend' | 'redemption'>();
  const keyPrefix = `model-${process.pid}-${n}-`;
  let movementsMade = 0;
  const monthOf = (t: number) => inZone(t).format('YYYY-MM');
  const amountProblem = (points: number) => (points <= 0 ? 'movements.amount_not_positive' : null);

  // ----- model: crediting, as the rules say
  function credit(v: MVol, amount: number, minutes: number) {
    if (amount === 0 && minutes === 0) return;
    v.balance += amount;
    v.lifetime += amount;
    v.minutes += minutes;
    v.lines += 1;
    const level = levelFor(v.lifetime, threshold);
    if (level === 0) return;
    if (!v.cert) v.cert = { id: -1, status: 'active', level };
    else if (v.cert.status !== 'revoked' && level > v.cert.level) v.cert.level = level;
  }

  function assess(att: MAtt, override: number | null) {
    const act = acts[att.a]!;
    if (override !== null) return { minutes: override, points: pointsFor(override, act.rate) };
    if (att.checkInAt === null || att.checkOutAt === null) return { minutes: 0, points: 0 };
    const from = Math.max(att.checkInAt, act.startsAt);
    const to = Math.min(att.checkOutAt, act.endsAt);
    const present = Math.max(0, Math.floor((to - from) / MIN));
    const full = (act.endsAt - act.startsAt) / MIN;
    if (present < full * 0.6) return { minutes: 0, points: 0 };
    return { minutes: present, points: pointsFor(present, act.rate) };
  }

  function confirmOne(att: MAtt, override: number | null) {
    if (att.status === 'confirmed')
      return { id: att.id, alreadyConfirmed: true, points: att.creditedPoints! / 100 };
    const s = assess(att, override);
    att.status = 'confirmed';
    att.creditedMinutes = s.minutes;
    att.creditedPoints = s.points;
    credit(vols[att.v]!, s.points, s.minutes);
    return { id: att.id, alreadyConfirmed: false, points: s.points / 100 };
  }

  function codeAlive(iat: number) {
    return Math.floor(now() / 1000) < Math.floor(iat / 1000) + CODE_MAX_AGE_S;
  }

  /** What the model says a request does; throws Refused with the expected code. */
  function model(s: Sent): unknown {
    const t = now();
    switch (s.t) {
      case 'enrol': {
        const act = acts[s.a]!;
        if (act.endsAt <= t) refuse('activities.already_ended');
        if (act.enrolled.has(s.v)) refuse('enrolments.already_enrolled');
        if (act.enrolled.size >= act.capacity) refuse('activities.full');
        act.enrolled.add(s.v);
        return undefined;
      }
      case 'checkin': {
        if (!codeAlive(s.iat)) refuse('checkins.code_expired');
        const act = acts[s.a]!;
        if (t < act.startsAt - 30 * MIN || t > act.endsAt) refuse('checkins.outside_window');
        if (atts.some((x) => x.v === s.v && x.a === s.a)) refuse('checkins.already_checked_in');
        const elsewhere = atts.some((x) => {
          const other = acts[x.a]!;
          return (
            x.v === s.v &&
            x.a !== s.a &&
            x.status === 'checked_in' &&
            other.startsAt < act.endsAt &&
            other.endsAt > act.startsAt
          );
        });
        if (elsewhere) refuse('checkins.checked_in_elsewhere');
        if (!act.enrolled.has(s.v)) {
          if (act.enrolled.size >= act.capacity) refuse('activities.full');
          act.enrolled.add(s.v);
        }
        return 'new';
      }
      case 'checkout': {
        if (!codeAlive(s.iat)) refuse('checkins.code_expired');
        const act = acts[s.a]!;
        const att = atts.find((x) => x.v === s.v && x.a === s.a);
        if (!att) return refuse('checkins.not_checked_in');
        if (att.checkOutAt !== null || att.status !== 'checked_in') refuse('checkins.already_checked_out');
        if (t < act.startsAt || t > act.endsAt + 60 * MIN) refuse('checkins.outside_window');
        att.status = 'checked_out';
        att.checkOutAt = t;
        return undefined;
      }
      case 'confirm': {
        const ids = [...new Set(s.ids)].sort((x, y) => x - y);
        return { confirmed: ids.map((id) => confirmOne(atts.find((x) => x.id === id)!, null)) };
      }
      case 'adjust': {
        const att = atts.find((x) => x.id === s.id)!;
        const act = acts[att.a]!;
        if (s.minutes > (act.endsAt - act.startsAt) / MIN) refuse('attendance.too_long');
        if (att.status !== 'confirmed') return confirmOne(att, s.minutes).points;
        const before = att.creditedMinutes!;
        const points = pointsFor(s.minutes, act.rate);
        const delta = points - att.creditedPoints!;
        // the points given or donated since cannot be taken back: the balance stays at zero or above
        if (vols[att.v]!.balance + delta < 0) refuse('ledger.points_already_spent');
        att.creditedMinutes = s.minutes;
        att.creditedPoints = points;
        credit(vols[att.v]!, delta, s.minutes - before);
        return points / 100;
      }
      case 'manual': {
        const act = acts[s.a]!;
        if (s.minutes > (act.endsAt - act.startsAt) / MIN) refuse('attendance.too_long');
        if (atts.some((x) => x.v === s.v && x.a === s.a)) refuse('attendance.already_exists');
        return 'new';
      }
      case 'cert': {
        const c = vols[s.v]!.cert!;
        const from = { suspend: ['active'], reinstate: ['suspended'], revoke: ['active', 'suspended'] }[
          s.action
        ];
        if (!from.includes(c.status)) refuse('certificates.invalid_transition');
        c.status = s.action === 'suspend' ? 'suspended' : s.action === 'reinstate' ? 'active' : 'revoked';
        return c.status;
      }
      case 'open': {
        const c = vols[s.v]!.cert;
        if (!c) refuse('till.no_credential');
        if (c!.status !== 'active') refuse('till.credential_inactive');
        return 'new';
      }
      case 'give': {
        const made = madeKeys.get(s.key);
        if (made && typeof made === 'object') return made.status;
        const problem = amountProblem(s.points);
        if (problem) refuse(problem);
        const from = vols[s.v]!;
        const amount = s.points * 100;
        if (from.balance < amount) refuse('movements.insufficient_balance');
        const month = monthOf(t);
        const given = gifts
          .filter((g) => g.from === s.v && g.status === 'done' && g.month === month)
          .reduce((sum, g) => sum + g.amount, 0);
        const hold = s.points > LIMITS.perGift || given + amount > LIMITS.perMonth * 100;
        const gift: MGift = {
          id: -1,
          from: s.v,
          to: 1 - s.v,
          amount,
          month,
          status: hold ? 'pending' : 'done',
        };
        if (!hold) {
          from.balance -= amount;
          vols[gift.to]!.balance += amount;
        }
        gifts.push(gift);
        madeKeys.set(s.key, gift);
        movementsMade += 1;
        return gift.status;
      }
      case 'decide': {
        const gift = gifts.find((g) => g.id === s.gift)!;
        if (gift.status !== 'pending') refuse('movements.invalid_transition');
        if (!s.approve) {
          gift.status = 'rejected';
          return 'rejected';
        }
        if (vols[gift.from]!.balance < gift.amount) refuse('movements.insufficient_balance');
        vols[gift.from]!.balance -= gift.amount;
        vols[gift.to]!.balance += gift.amount;
        gift.status = 'done';
        return 'done';
      }
      case 'donate': {
        if (madeKeys.has(s.key)) return 'done';
        const problem = amountProblem(s.points);
        if (problem) refuse(problem);
        const v = vols[s.v]!;
        if (v.balance < s.points * 100) refuse('movements.insufficient_balance');
        v.balance -= s.points * 100;
        mpool.balance += s.points * 100;
        madeKeys.set(s.key, 'donation');
        movementsMade += 1;
        return 'done';
      }
      case 'spend': {
        if (madeKeys.has(s.key)) return 'done';
        const problem = amountProblem(s.points);
        if (problem) refuse(problem);
        if (mpool.balance < s.points * 100) refuse('movements.insufficient_balance');
        mpool.balance -= s.points * 100;
        mpool.spent += s.points * 100;
        madeKeys.set(s.key, 'spend');
        movementsMade += 1;
        return 'done';
      }
      case 'redeem': {
        if (madeKeys.has(s.key)) return 'done';
        if (usedChecks.has(s.check)) refuse('redemptions.check_used');
        const v = vols[s.v]!;
        if (t - v.lastCheck!.at > 10 * MIN) refuse('redemptions.check_expired');
        const item = items[s.item]!;
        if (item.stock !== null && item.stock <= 0) refuse('redemptions.out_of_stock');
        if (v.balance < item.cost) refuse('movements.insufficient_balance');
        v.balance -= item.cost;
        mshop.balance += item.cost;
        if (item.stock !== null) item.stock -= 1;
        item.redeemed += 1;
        usedChecks.add(s.check);
        madeKeys.set(s.key, 'redemption');
        movementsMade += 1;
        return 'done';
      }
      case 'verify': {
        const v = vols[s.v]!;
        if (v.device?.id !== s.deviceId) return { valid: false, reason: 'verify.device_replaced' };
        if (s.step < tillStep(t) - 1) return { valid: false, reason: 'verify.code_expired' };
        if (v.cert!.status === 'revoked') return { valid: false, reason: 'verify.revoked' };
        if (v.cert!.status === 'suspended') return { valid: false, reason: 'verify.suspended' };
        const key = `${s.deviceId}:${s.step}`;
        if (v.usedSteps.has(key)) return { valid: false, reason: 'verify.code_reused' };
        v.usedSteps.add(key);
        return { valid: true };
      }
    }
  }

  // ----- the real thing
  async function real(s: Sent): Promise<unknown> {
    switch (s.t) {
      case 'enrol':
        return svc.activities.enrol(vols[s.v]!.user, acts[s.a]!.id);
      case 'checkin':
      case 'checkout': {
        const input = { code: s.code, activityId: acts[s.a]!.id, ...NEAR };
        return s.t === 'checkin'
          ? svc.attendance.checkIn(vols[s.v]!.user, input)
          : svc.attendance.checkOut(vols[s.v]!.user, input);
      }
      case 'confirm':
        return svc.attendance.confirmAttendance(officer, s.ids);
      case 'adjust':
        return svc.attendance.adjustAttendance(officer, s.id, { minutes: s.minutes, reason: s.reason });
      case 'manual':
        return svc.attendance.addManualAttendance(officer, {
          activityId: acts[s.a]!.id,
          userId: vols[s.v]!.id,
          minutes: s.minutes,
          reason: '没有手机',
          evidenceNote: '纸质签到表',
        });
      case 'cert':
        return svc.certificateAdmin.changeStatus(officer, s.certId, s.action, '模型测试');
      case 'open':
        return svc.till.openOnDevice(vols[s.v]!.user, '模型手机');
      case 'verify':
        return svc.till.verify(sh.staff, s.code);
      case 'give':
        return svc.movements.give(vols[s.v]!.user, {
          idempotencyKey: s.key,
          points: s.points,
          toMemberId: vols[1 - s.v]!.id,
        });
      case 'decide':
        return s.approve
          ? svc.movements.approveGift(officer, s.gift)
          : svc.movements.rejectGift(officer, s.gift, '模型测试');
      case 'donate':
        return svc.movements.donate(vols[s.v]!.user, { idempotencyKey: s.key, points: s.points });
      case 'redeem':
        return svc.redemptions.redeem(sh.staff, s.check, {
          idempotencyKey: s.key,
          itemId: items[s.item]!.id,
        });
      case 'spend':
        return svc.movements.spendPool(officer, {
          idempotencyKey: s.key,
          points: s.points,
          helpRequestId: accountsOf.helpRequest,
        });
    }
  }

  async function perform(s: Sent) {
    let expected: Outcome;
    // A refusal leaves the model unchanged: every rule is checked before anything changes.
    try {
      expected = { ok: true, value: model(s) };
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      expected = { ok: false, code: err.code };
    }
    let got: Outcome;
    let result: unknown;
    try {
      result = await real(s);
      got = { ok: true };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      got = { ok: false, code: err.code };
    }
    const where = `${JSON.stringify(s)} at +${(now() - t0) / 1000}s`;
    if (expected.ok !== got.ok || (!expected.ok && !got.ok && expected.code !== got.code)) {
      throw new Error(
        `${where}: the model expected ${JSON.stringify(expected)}, the server answered ${JSON.stringify(got)}`,
      );
    }
    lastOutcome = expected.ok
      ? s.t === 'verify'
        ? ((expected.value as { reason?: string }).reason ?? 'valid')
        : 'ok'
      : expected.code;
    if (!expected.ok) return;
    // compare what came back where it matters, and learn the ids the server gave
    switch (s.t) {
      case 'checkin': {
        const r = result as { id: number };
        atts.push({
          id: r.id,
          v: s.v,
          a: s.a,
          source: 'checkin',
          status: 'checked_in',
          checkInAt: now(),
          checkOutAt: null,
          creditedMinutes: null,
          creditedPoints: null,
        });
        break;
      }
      case 'manual': {
        const r = result as { id: number; status: string; creditedPoints: number | null };
        const att: MAtt = {
          id: r.id,
          v: s.v,
          a: s.a,
          source: 'manual',
          status: 'checked_in',
          checkInAt: null,
          checkOutAt: null,
          creditedMinutes: null,
          creditedPoints: null,
        };
        atts.push(att);
        confirmOne(att, s.minutes);
        if (r.status !== 'confirmed' || r.creditedPoints !== att.creditedPoints! / 100)
          throw new Error(`${where}: manual entry answered ${JSON.stringify(r)}`);
        break;
      }
      case 'confirm': {
        const want = expected.value as { confirmed: unknown[] };
        const r = result as { confirmed: unknown[] };
        if (JSON.stringify(r.confirmed) !== JSON.stringify(want.confirmed))
          throw new Error(
            `${where}: confirmed ${JSON.stringify(r.confirmed)}, expected ${JSON.stringify(want)}`,
          );
        break;
      }
      case 'adjust': {
        const r = result as { points: number };
        if (r.points !== expected.value)
          throw new Error(`${where}: adjusted to ${r.points} points, expected ${String(expected.value)}`);
        break;
      }
      case 'cert': {
        const r = result as { status: string };
        if (r.status !== expected.value)
          throw new Error(`${where}: status ${r.status}, expected ${expected.value}`);
        break;
      }
      case 'open': {
        const r = result as { deviceId: string; secretHex: string };
        vols[s.v]!.device = { id: r.deviceId, secretHex: r.secretHex };
        break;
      }
      case 'give':
      case 'decide':
      case 'donate':
      case 'spend': {
        const r = result as { id: number; status: string };
        if (r.status !== expected.value)
          throw new Error(`${where}: movement ${r.id} is ${r.status}, expected ${String(expected.value)}`);
        if (s.t === 'give') {
          const gift = madeKeys.get(s.key) as MGift;
          if (gift.id === -1) gift.id = r.id;
          else if (gift.id !== r.id)
            throw new Error(`${where}: a retry answered movement ${r.id}, not ${gift.id}`);
        }
        break;
      }
      case 'verify': {
        const want = expected.value as { valid: boolean; reason?: string };
        const r = result as { id: number; valid: boolean; reason?: string };
        if (r.valid !== want.valid || (!want.valid && r.reason !== want.reason))
          throw new Error(
            `${where}: the till answered ${JSON.stringify(r)}, expected ${JSON.stringify(want)}`,
          );
        if (r.valid) vols[s.v]!.lastCheck = { id: r.id, at: now() };
        break;
      }
      case 'redeem': {
        const r = result as { verificationId: number; points: number };
        if (r.verificationId !== s.check || r.points * 100 !== items[s.item]!.cost)
          throw new Error(`${where}: redeemed ${JSON.stringify(r)}`);
        break;
      }
      default:
        break;
    }
  }

  // ----- invariants on the database, after every step
  const ids = vols.map((v) => v.id);
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  /** Per volunteer: the spendable balance as the lines written so far run, and how many were seen. */
  const chains = vols.map(() => ({ balance: 0, ledger: 0, moves: 0 }));
  let mSnapshot: string[] = [];
  async function check(step: string) {
    // one round trip: the lines, the accounts and the certificates of this sequence's volunteers
    const [all] = await rows<{
      r: {
        lines: Line[] | null;
        accs: Acc[] | null;
        certs: Cert[] | null;
        atts: Att[] | null;
        mlines: MLine[] | null;
        movs: Array<{ id: number; status: string; key: string }> | null;
        pts: { pool: number; spent: number; shop: number };
        items: Array<{ id: number; stock: number | null; redeemed: number }> | null;
      };
    }>(
      ctx,
      sql`SELECT json_build_object(
            'lines', (SELECT json_agg(l ORDER BY l.id) FROM (
                SELECT id::int AS id, account_id, amount, minutes, source_key, balance_after, reason,
                       kind, caused_by, created_at
                FROM ledger_entries WHERE account_id IN (${idList})) l),
            'accs', (SELECT json_agg(a) FROM (
                SELECT user_id, balance, lifetime_earned, lifetime_minutes
                FROM accounts WHERE user_id IN (${idList})) a),
            'certs', (SELECT json_agg(c) FROM (
                SELECT c.id, c.user_id, c.status, c.level,
                       (SELECT e.to_status FROM certificate_events e WHERE e.certificate_id = c.id
                        ORDER BY e.id DESC LIMIT 1) AS last
                FROM certificates c WHERE c.user_id IN (${idList})) c),
            'atts', (SELECT json_agg(a) FROM (
                SELECT id, status, check_out_at IS NOT NULL AS out, credited_minutes, credited_points
                FROM attendances WHERE user_id IN (${idList})) a),
            'movs', (SELECT json_agg(m ORDER BY m.id) FROM (
                SELECT id, status, idempotency_key AS key FROM movements
                WHERE from_user IN (${idList}) OR (actor_id = ${officer.id} AND idempotency_key LIKE ${`${keyPrefix}%`})) m),
            'mlines', (SELECT json_agg(l ORDER BY l.id) FROM (
                SELECT l.id::int AS id, l.movement_id, l.user_account, l.point_account, l.amount, l.balance_after
                FROM movement_lines l JOIN movements m ON m.id = l.movement_id
                WHERE m.from_user IN (${idList}) OR (m.actor_id = ${officer.id} AND m.idempotency_key LIKE ${`${keyPrefix}%`})) l),
            'pts', json_build_object(
                'pool', (SELECT balance FROM point_accounts WHERE id = ${accountsOf.pool}),
                'spent', (SELECT balance FROM point_accounts WHERE id = ${accountsOf.spent}),
                'shop', ${shopAccount}),
            'items', (SELECT json_agg(i ORDER BY i.id) FROM (
                SELECT id, stock, redeemed FROM redemption_items
                WHERE id IN (${sql.join(
                  items.map((i) => sql`${i.id}`),
                  sql`, `,
                )})) i)) AS r`,
    );
    const lines = all!.r.lines ?? [];
    const accs = all!.r.accs ?? [];
    const certs = all!.r.certs ?? [];
    const problems: string[] = [];
    // 0. every attendance as the model has it: status, check-out, what was credited
    const realAtts = all!.r.atts ?? [];
    if (realAtts.length !== atts.length)
      problems.push(`${realAtts.length} attendances, model ${atts.length}`);
    for (const r of realAtts) {
      const m = atts.find((x) => x.id === r.id);
      const want = m && {
        id: m.id,
        status: m.status,
        out: m.checkOutAt !== null,
        credited_minutes: m.creditedMinutes,
        credited_points: m.creditedPoints,
      };
      if (JSON.stringify(r) !== JSON.stringify(want))
        problems.push(`attendance ${JSON.stringify(r)}, model ${JSON.stringify(want)}`);
    }
    // 1. lines are never changed: what was there before is an exact prefix of what is there now
    const current = lines.map((l) => JSON.stringify(l));
    for (let i = 0; i < snapshot.length; i++) {
      if (current[i] !== snapshot[i])
        problems.push(`line changed or vanished: was ${snapshot[i]}, now ${current[i]}`);
    }
    snapshot = current;
    // 2. one line per source: a retry never credits twice
    const keys = new Set(lines.map((l) => l.source_key));
    if (keys.size !== lines.length)
      problems.push(`duplicate source keys in ${lines.map((l) => l.source_key)}`);
    // 5. movements: lines never change, one movement per key, each done one two lines summing to zero
    const mlines = all!.r.mlines ?? [];
    const movs = all!.r.movs ?? [];
    const mCurrent = mlines.map((l) => JSON.stringify(l));
    for (let i = 0; i < mSnapshot.length; i++) {
      if (mCurrent[i] !== mSnapshot[i])
        problems.push(`movement line changed or vanished: was ${mSnapshot[i]}, now ${mCurrent[i]}`);
    }
    mSnapshot = mCurrent;
    if (movs.length !== movementsMade) problems.push(`${movs.length} movements, model ${movementsMade}`);
    if (new Set(movs.map((m) => m.key)).size !== movs.length) problems.push('two movements under one key');
    for (const m of movs) {
      const two = mlines.filter((l) => l.movement_id === m.id);
      const sum = two.reduce((x, l) => x + l.amount, 0);
      if (two.length !== (m.status === 'done' ? 2 : 0) || sum !== 0)
        problems.push(`movement ${m.id} (${m.status}): ${two.length} lines summing to ${sum}`);
    }
    // 6. conservation: what the volunteers hold plus what their movements put in the pool and the
    //    spent account is what they earned; the pool and what it spent are as the model has them
    const earned = lines.reduce((x, l) => x + l.amount, 0);
    const held = accs.reduce((x, a) => x + a.balance, 0);
    const pts = all!.r.pts;
    if (held + (pts.pool - pool0) + (pts.spent - spent0) + (pts.shop - shop0) !== earned)
      problems.push(
        `held ${held} + pool Δ${pts.pool - pool0} + spent Δ${pts.spent - spent0} + shop Δ${pts.shop - shop0} ≠ earned ${earned}`,
      );
    if (pts.shop !== mshop.balance) problems.push(`shop account ${pts.shop}, model ${mshop.balance}`);
    const realItems = JSON.stringify(all!.r.items ?? []);
    const modelItems = JSON.stringify(items.map((i) => ({ id: i.id, stock: i.stock, redeemed: i.redeemed })));
    if (realItems !== modelItems) problems.push(`items ${realItems}, model ${modelItems}`);
    if (pts.pool !== mpool.balance || pts.spent - spent0 !== mpool.spent)
      problems.push(`pool ${pts.pool}/spent Δ${pts.spent - spent0}, model ${mpool.balance}/${mpool.spent}`);
    if (pts.pool < 0 || pts.spent < 0) problems.push(`a point account below zero: ${JSON.stringify(pts)}`);
    for (const [vi, v] of vols.entries()) {
      const mine = lines.filter((l) => l.account_id === v.id);
      const acc = accs.find((a) => a.user_id === v.id);
      // the spendable balance as this step's new lines (ledger or movement, never both) run it
      const chain = chains[vi]!;
      const myMoves = mlines.filter((l) => l.user_account === v.id);
      const newLedger = mine.slice(chain.ledger);
      const newMoves = myMoves.slice(chain.moves);
      if (newLedger.length && newMoves.length)
        problems.push(`volunteer ${v.id}: ledger and movement lines in one step`);
      for (const l of [...newLedger, ...newMoves]) {
        chain.balance += l.amount;
        if (l.balance_after !== chain.balance)
          problems.push(`line ${l.id}: balance_after ${l.balance_after} ≠ running ${chain.balance}`);
        if (l.balance_after < 0) problems.push(`line ${l.id}: balance_after below zero`);
      }
      chain.ledger = mine.length;
      chain.moves = myMoves.length;
      let running = 0;
      let peak = 0;
      for (const l of mine) {
        running += l.amount;
        peak = Math.max(peak, running);
      }
      const minutes = mine.reduce((s, l) => s + l.minutes, 0);
      // 3. lifetime points are the sum of the ledger lines (spending never lowers them); the
      //    spendable balance is where the lines ran it; both as the model expects
      if (acc?.balance !== chain.balance)
        problems.push(`volunteer ${v.id}: balance ${acc?.balance} ≠ running ${chain.balance}`);
      if ((acc?.balance ?? 0) < 0) problems.push(`volunteer ${v.id}: balance below zero`);
      if (acc?.lifetime_earned !== running)
        problems.push(`volunteer ${v.id}: lifetime ${acc?.lifetime_earned} ≠ sum ${running}`);
      if (acc?.lifetime_minutes !== minutes)
        problems.push(`volunteer ${v.id}: minutes ${acc?.lifetime_minutes} ≠ sum ${minutes}`);
      if (running !== v.lifetime || minutes !== v.minutes || chain.balance !== v.balance)
        problems.push(
          `volunteer ${v.id}: ${running} lifetime/${chain.balance} spendable/${minutes} min, model ${v.lifetime}/${v.balance}/${v.minutes}`,
        );
      //    and the minutes are those of the volunteer's credited attendances (corrections included)
      const served = atts
        .filter((x) => vols[x.v] === v && x.status === 'confirmed')
        .reduce((s, x) => s + (x.creditedMinutes ?? 0), 0);
      if (minutes !== served)
        problems.push(
          `volunteer ${v.id}: ${minutes} min in the ledger, ${served} min credited at attendances`,
        );
      if (mine.length !== v.lines) problems.push(`volunteer ${v.id}: ${mine.length} lines, model ${v.lines}`);
      // 4. the certificate: issued exactly when lifetime points reached the threshold; active exactly
      //    when, besides, no suspension or revocation stands
      const c = certs.filter((x) => x.user_id === v.id);
      if (c.length > 1) problems.push(`volunteer ${v.id}: ${c.length} certificates`);
      const cert = c[0];
      if (Boolean(cert) !== peak >= threshold)
        problems.push(
          `volunteer ${v.id}: certificate ${cert ? 'issued' : 'missing'} at peak ${peak}/${threshold}`,
        );
      if (cert) {
        if (cert.last !== cert.status)
          problems.push(`certificate ${cert.id}: status ${cert.status} but last event says ${cert.last}`);
        if (!v.cert) problems.push(`volunteer ${v.id}: certificate the model did not expect`);
        else {
          v.cert.id = cert.id;
          if (cert.status !== v.cert.status || cert.level !== v.cert.level)
            problems.push(
              `certificate ${cert.id}: ${cert.status}/level ${cert.level}, model ${v.cert.status}/${v.cert.level}`,
            );
        }
      } else if (v.cert) problems.push(`volunteer ${v.id}: model expected a certificate`);
    }
    if (problems.length) {
      throw new Error(
        `after ${step}:\n  ${problems.join('\n  ')}\nworld ${JSON.stringify(world)}\ntrace:\n  ${trace.join('\n  ')}`,
      );
    }
  }

  /** The volunteer `v`, or with `pick`, one of those for whom `fits` holds (if there is one). */
  function choose(v: number, pick: number | null, fits: (x: MVol) => boolean) {
    if (pick === null) return v;
    const pool = vols.map((x, i) => (fits(x) ? i : -1)).filter((i) => i >= 0);
    return pool.length ? pool[pick % pool.length]! : undefined;
  }

  // ----- the points each volunteer starts with, through the one crediting path
  if (world.start > 0) {
    for (const [i, v] of vols.entries()) {
      await inTransaction(ctx.db, (tx) =>
        ledger.credit(tx, {
          holder: { userId: v.id, communityId },
          amount: world.start * 100,
          minutes: 0,
          kind: 'earn',
          reason: '模型：起始积分',
          // far above any real adjustment's id, so the source key is this sequence's own
          source: { type: 'adjustment', id: 1_000_000_000 + n * 2 + i },
          activityId: null,
          causedBy: officer.id,
          message: { title: '起始积分', body: '模型测试' },
          now: ctx.clock.now(),
        }),
      );
      credit(v, world.start * 100, 0);
    }
    trace.push(`start with ${world.start} points each`);
    await check('the starting credits');
  }

  // ----- play the sequence
  for (const op of ops) {
    let s: Sent | undefined;
    switch (op.t) {
      case 'wait':
        ctx.clock.advance(op.seconds * 1000);
        trace.push(`wait ${op.seconds}s`);
        continue;
      case 'enrol':
        s = { t: 'enrol', v: op.v, a: op.a };
        break;
      case 'checkin':
      case 'checkout': {
        // a check-out mostly of someone checked in, who has not checked out yet
        const pool = atts.filter((x) => x.source === 'checkin' && x.status === 'checked_in');
        const targeted = op.t === 'checkout' && op.att !== null;
        if (targeted && !pool.length) continue;
        const at = targeted ? pool[op.att! % pool.length] : undefined;
        const [v, a] = at ? [at.v, at.a] : [op.v, op.a];
        // the officer's screen: a code made at the start of the current 30-second slot
        const iat = Math.floor(now() / CODE_SLOT_MS) * CODE_SLOT_MS;
        const code = ctx.tokens.signCheckinCode(acts[a]!.id, new Date(iat), CODE_MAX_AGE_S);
        s = { t: op.t, v, a, code, iat };
        break;
      }
      case 'confirm':
        if (!atts.length) continue;
        s = { t: 'confirm', ids: op.atts.map((i) => atts[i % atts.length]!.id) };
        break;
      case 'adjust':
        if (!atts.length) continue;
        s = {
          t: 'adjust',
          id: atts[op.att % atts.length]!.id,
          minutes: op.minutes,
          reason: `改为${op.minutes}分钟`,
        };
        break;
      case 'manual':
        s = { t: 'manual', v: op.v, a: op.a, minutes: op.minutes };
        break;
      case 'cert': {
        const v = choose(op.v, op.pick, (x) => x.cert !== null);
        if (v === undefined) continue;
        const c = vols[v]!.cert;
        if (!c) continue;
        s = { t: 'cert', v, certId: c.id, action: op.action };
        break;
      }
      case 'open': {
        const v = choose(op.v, op.pick, (x) => x.cert?.status === 'active');
        if (v === undefined) continue;
        s = { t: 'open', v };
        break;
      }
      case 'verify': {
        const v = choose(op.v, op.pick, (x) => x.device !== null);
        if (v === undefined) continue;
        const d = vols[v]!.device;
        if (!d) continue;
        const code = tillCode(d.id, d.secretHex, now());
        s = { t: 'verify', v, code, deviceId: d.id, step: tillStep(now()) };
        break;
      }
      case 'give':
      case 'donate':
        s = { t: op.t, v: op.v, points: op.points, key: `${keyPrefix}${history.length}` };
        break;
      case 'spend':
        s = { t: 'spend', points: op.points, key: `${keyPrefix}${history.length}` };
        break;
      case 'redeem': {
        const last = vols[op.v]!.lastCheck;
        if (!last) continue;
        s = { t: 'redeem', v: op.v, check: last.id, item: op.item, key: `${keyPrefix}${history.length}` };
        break;
      }
      case 'decide': {
        // mostly a gift that waits; sometimes one decided already
        const known = gifts.filter((g) => g.id > 0);
        const waiting = known.filter((g) => g.status === 'pending');
        const list = waiting.length && op.k % 4 !== 0 ? waiting : known;
        if (!list.length) continue;
        s = { t: 'decide', gift: list[op.k % list.length]!.id, approve: op.approve };
        break;
      }
      case 'retry':
        if (!history.length) continue;
        s = history[op.k % history.length]!;
        break;
    }
    if (s === undefined) continue;
    if (op.t !== 'retry') history.push(s);
    trace.push(`${op.t === 'retry' ? 'retry ' : ''}${JSON.stringify(s)} at +${(now() - t0) / 1000}s`);
    const p0 = performance.now();
    await perform(s);
    const p1 = performance.now();
    await check(trace[trace.length - 1]!);
    const p2 = performance.now();
    stats.perform += p1 - p0;
    stats.check += p2 - p1;
    stats.steps += 1;
    const key = `${op.t === 'retry' ? 'retry ' : ''}${s.t}`;
    stats.outcomes[key] ??= {};
    stats.outcomes[key]![lastOutcome] = (stats.outcomes[key]![lastOutcome] ?? 0) + 1;
  }
}

// ---------------------------------------------------------------------------------------------------

/**
 * Registers the model test in one ava file: `runs` sequences, in chunks of at most `chunk` (each chunk
 * is an ava test, so no test runs long enough to hit ava's timeout). MODEL_SEED (and MODEL_PATH, from
 * fast-check's failure report) replay one failing chunk.
 */
export function registerModelTests(test: TestFn, opts: { part: number; parts: number }) {
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
  const total = Number(process.env.MODEL_RUNS ?? (onPostgres ? 1000 : 10_000));
  const runs = Math.ceil(total / opts.parts);
  const chunk = Number(process.env.MODEL_CHUNK ?? 50);
  const chunks = Math.max(1, Math.ceil(runs / chunk));
  let shared: Shared | undefined;

  test.before(async () => {
    shared = await setUp();
  });
  test.after.always(async () => {
    await shared?.ctx.close();
  });

  const fixedSeed = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined;
  for (let k = 0; k < (fixedSeed === undefined ? chunks : 1); k++) {
    const n = fixedSeed === undefined ? Math.min(chunk, runs - k * chunk) : chunk;
    test.serial(`model part ${opts.part}/${opts.parts}, chunk ${k + 1}: ${n} random sequences`, async (t) => {
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(sequenceArb, async ([world, ops]) => {
          await runSequence(shared!, world, ops);
        }),
        {
          numRuns: n,
          ...(fixedSeed !== undefined ? { seed: fixedSeed } : {}),
          ...(process.env.MODEL_PATH ? { path: process.env.MODEL_PATH } : {}),
          includeErrorInReport: true,
        },
      );
      t.log(`${n} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (k === chunks - 1 || fixedSeed !== undefined) {
        const ms = (x: number) => `${Math.round(x / 1000)} s`;
        t.log(
          `all chunks: ${stats.sequences} sequences (with shrinking replays), ${stats.steps} steps; setup ${ms(stats.setup)}, requests ${ms(stats.perform)}, invariant checks ${ms(stats.check)}`,
        );
        t.log(JSON.stringify(stats.outcomes));
      }
      t.pass();
    });
  }
}
