/**
 * Helpers for the attendance, ledger and certificate tests: activities run through the real HTTP
 * check-in flow on the manual clock, and raw reads of the ledger tables.
 */
import { sql } from 'drizzle-orm';
import {
  currentCode,
  MIN,
  publishedActivity,
  type TestContext,
  type TestUser,
} from '../../../helpers/context';

/** About 15 m from the activity place used by activityBody(). */
export const NEAR = { lat: 30.8237, lng: 104.159 };
/** About 11 km north of it: far beyond the 500 m allowed. */
export const FAR = { lat: 30.9236, lng: 104.1589 };

export interface Act {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/** Publishes an activity starting `startsIn` minutes from the clock and lasting `minutes`. */
export async function newActivity(
  ctx: TestContext,
  officer: TestUser,
  opts: {
    startsIn?: number;
    minutes?: number;
    pointsPerHour?: number;
    capacity?: number;
    title?: string;
  } = {},
): Promise<Act> {
  const startsIn = opts.startsIn ?? 10;
  const minutes = opts.minutes ?? 120;
  const startsAt = new Date(ctx.clock.now().getTime() + startsIn * MIN);
  const id = await publishedActivity(
    ctx,
    officer,
    {
      pointsPerHour: opts.pointsPerHour ?? 1,
      capacity: opts.capacity ?? 100,
      ...(opts.title ? { title: opts.title } : {}),
    },
    startsIn,
    minutes,
  );
  return { id, startsAt, endsAt: new Date(startsAt.getTime() + minutes * MIN) };
}

export interface Step {
  act: Act;
  volunteer: TestUser;
  kind: 'in' | 'out';
  /** Minutes after the activity starts (negative: before it). */
  at: number;
  pos?: { lat: number; lng: number };
}

/** Sets the clock forward to `t`; the clock never goes back within a file. */
export function moveTo(ctx: TestContext, t: Date) {
  const now = ctx.clock.now().getTime();
  if (t.getTime() < now) throw new Error(`the clock cannot go back to ${t.toISOString()}`);
  ctx.clock.set(t);
}

async function scan(ctx: TestContext, officer: TestUser, s: Step) {
  const code = await currentCode(ctx, officer, s.act.id);
  const path = s.kind === 'in' ? '/api/v1/checkins' : '/api/v1/checkouts';
  const r = await ctx
    .request()
    .post(path)
    .set(s.volunteer.auth)
    .send({ code, activityId: s.act.id, ...(s.pos ?? NEAR) });
  const expected = s.kind === 'in' ? 201 : 200;
  if (r.status !== expected)
    throw new Error(
      `${path} failed: ${r.status} ${JSON.stringify(r.body)} at ${ctx.clock.now().toISOString()}`,
    );
  return r.body as { id: number; flags: string[]; proposedMinutes: number; proposedPoints: number };
}

/** Plays the check-ins and check-outs in time order, moving the clock; returns attendance ids by "activity:user". */
export async function play(ctx: TestContext, officer: TestUser, steps: Step[]) {
  const ordered = steps
    .map((s, i) => ({ s, i, t: s.act.startsAt.getTime() + s.at * MIN }))
    .sort((a, b) => a.t - b.t || (a.s.kind === b.s.kind ? a.i - b.i : a.s.kind === 'in' ? -1 : 1));
  const ids = new Map<string, number>();
  for (const { s, t } of ordered) {
    moveTo(ctx, new Date(t));
    const body = await scan(ctx, officer, s);
    ids.set(`${s.act.id}:${s.volunteer.id}`, body.id);
  }
  return ids;
}

export interface Stay {
  volunteer: TestUser;
  /** Minutes after the start; default 0. */
  in?: number;
  /** Minutes after the start; null for no check-out; default the full length. */
  out?: number | null;
  pos?: { lat: number; lng: number };
}

/** Plays whole stays at one activity; returns the attendance id of each stay, in order. */
export async function stays(ctx: TestContext, officer: TestUser, act: Act, list: Stay[]): Promise<number[]> {
  const length = (act.endsAt.getTime() - act.startsAt.getTime()) / MIN;
  const steps: Step[] = [];
  for (const s of list) {
    steps.push({ act, volunteer: s.volunteer, kind: 'in', at: s.in ?? 0, ...(s.pos ? { pos: s.pos } : {}) });
    const out = s.out === undefined ? length : s.out;
    if (out !== null)
      steps.push({ act, volunteer: s.volunteer, kind: 'out', at: out, ...(s.pos ? { pos: s.pos } : {}) });
  }
  const ids = await play(ctx, officer, steps);
  return list.map((s) => ids.get(`${act.id}:${s.volunteer.id}`)!);
}

/** A new activity with full stays for each volunteer, the clock left at its end; returns the attendance ids. */
export async function attended(
  ctx: TestContext,
  officer: TestUser,
  volunteers: TestUser[],
  opts: { minutes?: number; pointsPerHour?: number; title?: string } = {},
): Promise<{ act: Act; ids: number[] }> {
  const act = await newActivity(ctx, officer, opts);
  const ids = await stays(
    ctx,
    officer,
    act,
    volunteers.map((volunteer) => ({ volunteer })),
  );
  moveTo(ctx, act.endsAt);
  return { act, ids };
}

export function confirm(ctx: TestContext, officer: TestUser, ids: number[]) {
  return ctx.request().post('/api/v1/attendance/confirm').set(officer.auth).send({ ids });
}

export function adjust(ctx: TestContext, officer: TestUser, id: number, body: Record<string, unknown>) {
  return ctx.request().post(`/api/v1/attendance/${id}/adjust`).set(officer.auth).send(body);
}

export function manual(ctx: TestContext, officer: TestUser, body: Record<string, unknown>) {
  return ctx.request().post('/api/v1/attendance/manual').set(officer.auth).send(body);
}

export async function statement(ctx: TestContext, volunteer: TestUser) {
  const r = await ctx.request().get('/api/v1/me/ledger').set(volunteer.auth);
  if (r.status !== 200) throw new Error(`ledger failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    balance: number;
    lifetimeEarned: number;
    lifetimeHours: number;
    certificate: { threshold: number; remaining: number; issued: boolean; status: string | null };
    lines: Array<{
      id: number;
      amount: number;
      minutes: number;
      kind: string;
      reason: string;
      source: { type: string; id: number };
      activity: { id: number; title: string; startsAt: string } | null;
      balanceAfter: number;
      createdAt: string;
    }>;
  };
}

/** Rows of a raw query, the same on PGlite and node-postgres. */
export async function rows<T>(ctx: TestContext, query: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await ctx.db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export interface LedgerRow {
  id: number;
  account_id: number;
  amount: number;
  minutes: number;
  kind: string;
  reason: string;
  source_key: string;
  balance_after: number;
}

/** A volunteer's ledger lines straight from the table, oldest first. */
export function ledgerRows(ctx: TestContext, userId: number) {
  return rows<LedgerRow>(
    ctx,
    sql`SELECT id::int AS id, account_id, amount, minutes, kind::text AS kind, reason, source_key, balance_after
        FROM ledger_entries WHERE account_id = ${userId} ORDER BY id`,
  );
}

export async function account(ctx: TestContext, userId: number) {
  const [a] = await rows<{ balance: number; lifetime_earned: number; lifetime_minutes: number }>(
    ctx,
    sql`SELECT balance, lifetime_earned, lifetime_minutes FROM accounts WHERE user_id = ${userId}`,
  );
  return a;
}

export async function attendanceRow(ctx: TestContext, id: number) {
  const [a] = await rows<{
    id: number;
    user_id: number;
    status: string;
    credited_minutes: number | null;
    credited_points: number | null;
    confirmed_by: number | null;
  }>(
    ctx,
    sql`SELECT id, user_id, status::text AS status, credited_minutes, credited_points, confirmed_by
        FROM attendances WHERE id = ${id}`,
  );
  return a;
}

export async function certificatesOf(ctx: TestContext, userId: number) {
  return rows<{ id: number; serial: string; level: number; status: string; issued_at: Date | string }>(
    ctx,
    sql`SELECT id, serial, level, status::text AS status, issued_at FROM certificates WHERE user_id = ${userId}`,
  );
}

/**
 * Every account against its lines: balance = lifetime earned = the sum of the amounts, lifetime
 * minutes = the sum of the minutes, and each line's balance_after is the running sum. Returns the
 * problems found (empty when all hold) and the number of lines checked.
 */
export async function ledgerProblems(ctx: TestContext) {
  const accounts = await rows<{
    user_id: number;
    balance: number;
    lifetime_earned: number;
    lifetime_minutes: number;
    sum_amount: number;
    sum_minutes: number;
  }>(
    ctx,
    sql`SELECT a.user_id, a.balance, a.lifetime_earned, a.lifetime_minutes,
               COALESCE(SUM(l.amount), 0)::int AS sum_amount, COALESCE(SUM(l.minutes), 0)::int AS sum_minutes
        FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.user_id
        GROUP BY a.user_id ORDER BY a.user_id`,
  );
  const lines = await rows<{ id: number; account_id: number; balance_after: number; running: number }>(
    ctx,
    sql`SELECT id::int AS id, account_id, balance_after,
               (SUM(amount) OVER (PARTITION BY account_id ORDER BY id))::int AS running
        FROM ledger_entries ORDER BY id`,
  );
  const problems: string[] = [];
  for (const a of accounts) {
    if (a.balance !== a.sum_amount)
      problems.push(`account ${a.user_id}: balance ${a.balance} ≠ ${a.sum_amount}`);
    if (a.lifetime_earned !== a.sum_amount)
      problems.push(`account ${a.user_id}: lifetime ${a.lifetime_earned} ≠ ${a.sum_amount}`);
    if (a.lifetime_minutes !== a.sum_minutes)
      problems.push(`account ${a.user_id}: minutes ${a.lifetime_minutes} ≠ ${a.sum_minutes}`);
  }
  for (const l of lines) {
    if (l.balance_after !== l.running)
      problems.push(`line ${l.id} of ${l.account_id}: balance_after ${l.balance_after} ≠ ${l.running}`);
  }
  return { problems, accounts: accounts.length, lines: lines.length };
}
