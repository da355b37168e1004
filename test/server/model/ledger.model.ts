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
 * One database per test file; each sequence uses fresh volunteers and fresh activities, so sequences do
 * not interfere. Services are called directly (the HTTP layer is covered elsewhere). The clock moves
 * only forward, in steps of 30 s, so codes line up with the till's 30-second steps the same way in
 * every sequence and in every shrunk replay.
 */
import { type ErrorCode, tillCode, tillStep } from '@timebank/shared';
import type { TestFn } from 'ava';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { AppError } from '../../../server/src/http/errors';
import type { AuthUser } from '../../../server/src/http/route';
import { activities } from '../../../server/src/modules/activities/activities.table';
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
  | { t: 'retry'; k: number };

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
  { weight: 3, arbitrary: fc.record({ t: fc.constant('retry' as const), k: ANY }) },
);

/** The shape of one sequence's world: the community, and the two activities (B overlapping A or not). */
const worldArb = fc.record({
  community: fc.nat({ max: 1 }),
  rates: fc.tuple(fc.constantFrom(100, 150, 300, 600, 10), fc.constantFrom(100, 150, 300, 600)),
  minutes: fc.tuple(fc.constantFrom(60, 90), fc.constantFrom(60, 90)),
  /** B starts this many minutes after A starts: 30 overlaps A, 90 never does. */
  bOffset: fc.constantFrom(30, 90),
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
  | { t: 'verify'; v: number; code: string; deviceId: string; step: number };

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
  seq: number;
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
  return { ctx, officers, thresholds, staff, seq: 0 };
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
      case 'verify': {
        const want = expected.value as { valid: boolean; reason?: string };
        const r = result as { valid: boolean; reason?: string };
        if (r.valid !== want.valid || (!want.valid && r.reason !== want.reason))
          throw new Error(
            `${where}: the till answered ${JSON.stringify(r)}, expected ${JSON.stringify(want)}`,
          );
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
  async function check(step: string) {
    // one round trip: the lines, the accounts and the certificates of this sequence's volunteers
    const [all] = await rows<{
      r: { lines: Line[] | null; accs: Acc[] | null; certs: Cert[] | null; atts: Att[] | null };
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
                FROM attendances WHERE user_id IN (${idList})) a)) AS r`,
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
    for (const v of vols) {
      const mine = lines.filter((l) => l.account_id === v.id);
      const acc = accs.find((a) => a.user_id === v.id);
      let running = 0;
      let peak = 0;
      for (const l of mine) {
        running += l.amount;
        peak = Math.max(peak, running);
        if (l.balance_after !== running)
          problems.push(`line ${l.id}: balance_after ${l.balance_after} ≠ ${running}`);
      }
      const minutes = mine.reduce((s, l) => s + l.minutes, 0);
      // 3. every balance is the sum of its lines, and what the model expects
      if (acc?.balance !== running)
        problems.push(`volunteer ${v.id}: balance ${acc?.balance} ≠ sum ${running}`);
      if (acc?.lifetime_earned !== running)
        problems.push(`volunteer ${v.id}: lifetime ${acc?.lifetime_earned} ≠ sum ${running}`);
      if (acc?.lifetime_minutes !== minutes)
        problems.push(`volunteer ${v.id}: minutes ${acc?.lifetime_minutes} ≠ sum ${minutes}`);
      if (running !== v.balance || minutes !== v.minutes)
        problems.push(`volunteer ${v.id}: ${running} points/${minutes} min, model ${v.balance}/${v.minutes}`);
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
      case 'retry':
        if (!history.length) continue;
        s = history[op.k % history.length]!;
        break;
    }
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
