/** Small helpers shared by the merchant alliance tests (merchants, till, cases, board, certificates admin). */
import { localDate } from '@timebank/shared';
import type { ExecutionContext } from 'ava';
import { sql } from 'drizzle-orm';
import { activeMerchant } from '../../../helpers/alliance';
import type { TestContext, TestUser } from '../../../helpers/context';

export interface Answer {
  status: number;
  body: { error?: { code?: string; details?: unknown } } | undefined;
}

/** Asserts an error answer: the HTTP status and the stable error code. */
export function assertError(t: ExecutionContext, res: Answer, status: number, code: string) {
  t.is(res.status, status, JSON.stringify(res.body));
  t.is(res.body?.error?.code, code, JSON.stringify(res.body));
}

export const api = (ctx: TestContext) => ({
  get: (path: string, user?: TestUser) => {
    const r = ctx.request().get(`/api/v1${path}`);
    return user ? r.set(user.auth) : r;
  },
  post: (path: string, user?: TestUser, body?: object) => {
    const r = ctx.request().post(`/api/v1${path}`);
    const s = user ? r.set(user.auth) : r;
    return body ? s.send(body) : s;
  },
  put: (path: string, user: TestUser, body: object) =>
    ctx.request().put(`/api/v1${path}`).set(user.auth).send(body),
});

/** An officer moves a merchant; returns the raw answer. */
export function transition(
  ctx: TestContext,
  officer: TestUser,
  merchantId: number,
  action: string,
  reason = '测试',
) {
  return api(ctx).post(`/merchants/${merchantId}/transitions`, officer, { action, reason });
}

/** Moves a merchant and insists it worked. */
export async function mustTransition(
  ctx: TestContext,
  officer: TestUser,
  merchantId: number,
  action: string,
  reason = '测试',
) {
  const r = await transition(ctx, officer, merchantId, action, reason);
  if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** Staff scan a code at the till. */
export function verify(ctx: TestContext, staff: TestUser, code: string) {
  return api(ctx).post('/verifications', staff, { code });
}

/** A valid check; throws unless the till accepted it. */
export async function validCheck(ctx: TestContext, staff: TestUser, code: string): Promise<number> {
  const r = await verify(ctx, staff, code);
  if (r.status !== 200 || r.body.valid !== true)
    throw new Error(`check failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

export function recordDiscount(ctx: TestContext, staff: TestUser, verificationId: number, body: object = {}) {
  return api(ctx).post(`/verifications/${verificationId}/discount`, staff, body);
}

/** The id of the holder's certificate, as the officer sees it. */
export async function certificateIdOf(
  ctx: TestContext,
  officer: TestUser,
  holderId: number,
): Promise<number> {
  const r = await api(ctx).get('/certificates', officer);
  if (r.status !== 200) throw new Error(`certificates failed: ${r.status} ${JSON.stringify(r.body)}`);
  const c = (r.body.certificates as { id: number; holder: { id: number } }[]).find(
    (x) => x.holder.id === holderId,
  );
  if (!c) throw new Error(`no certificate for ${holderId}`);
  return c.id;
}

export function certificateStatus(
  ctx: TestContext,
  officer: TestUser,
  certificateId: number,
  action: 'suspend' | 'reinstate' | 'revoke',
  reason = '测试',
) {
  return api(ctx).post(`/certificates/${certificateId}/status`, officer, { action, reason });
}

/** Records a real name (with consent) so the till can mask it. */
export async function setRealName(ctx: TestContext, user: TestUser, realName: string, phone?: string) {
  const r = await api(ctx).put('/me/profile', user, {
    realName,
    ...(phone ? { phone } : {}),
    consentVersion: '2026-01',
  });
  if (r.status !== 200) throw new Error(`profile failed: ${r.status} ${JSON.stringify(r.body)}`);
  // A certified holder's new real name waits for an officer: one of the community approves it.
  const waiting = r.body.pendingChange as { id: number } | null;
  if (waiting) {
    const officer = await ctx.addUser('officer', user.communityId);
    const a = await api(ctx).post(`/profile-changes/${waiting.id}/approve`, officer, {});
    if (a.status !== 200) throw new Error(`approval failed: ${a.status} ${JSON.stringify(a.body)}`);
  }
}

export async function notificationKinds(ctx: TestContext, user: TestUser): Promise<string[]> {
  const r = await api(ctx).get('/me/notifications', user);
  if (r.status !== 200) throw new Error(`notifications failed: ${r.status} ${JSON.stringify(r.body)}`);
  // Everyday reminders (enrolment, points, certificate issued, checks at shops) are tested on their own.
  const reminders = new Set(['enrolment.confirmed', 'ledger.credited', 'certificate.issued', 'till.checked']);
  return (r.body.notifications as { kind: string }[]).map((n) => n.kind).filter((k) => !reminders.has(k));
}

/** Today's local (Asia/Shanghai) date at the clock. */
export const today = (ctx: TestContext) => localDate(ctx.clock.now());

/** Moves the clock one 30-second step on, so a device shows a fresh code. */
export const nextStep = (ctx: TestContext) => ctx.clock.advance(30_000);

/**
 * Public applications are limited per address (10 an hour), and every test request comes from
 * 127.0.0.1. Applications here run one at a time, each after clearing that one counter, so a file can
 * create as many shops as its tests need without touching the clock.
 */
let applications: Promise<unknown> = Promise.resolve();
export function unthrottled<T>(ctx: TestContext, fn: () => Promise<T>): Promise<T> {
  const run = applications.then(async () => {
    await ctx.db.execute(sql`DELETE FROM rate_limits WHERE key LIKE ${'%/merchants/applications%'}`);
    return fn();
  });
  applications = run.catch(() => undefined);
  return run;
}

/** activeMerchant from the shared helpers, clear of the per-address application limit. */
export function shop(
  ctx: TestContext,
  officer: TestUser,
  overrides: Record<string, unknown> = {},
  approve = true,
) {
  return unthrottled(ctx, () => activeMerchant(ctx, officer, overrides, approve));
}

/** POST /merchants/applications, clear of the per-address limit. */
export function apply(ctx: TestContext, body: object) {
  return unthrottled(ctx, async () => api(ctx).post('/merchants/applications', undefined, body));
}

let staffSeq = 0;
/** The owner adds a staff account; returns it signed in. */
export async function inviteStaff(
  ctx: TestContext,
  owner: TestUser,
  displayName = '店员',
): Promise<TestUser> {
  staffSeq += 1;
  const r = await api(ctx).post('/merchants/me/staff', owner, {
    username: `staff${staffSeq}-${process.pid}-${owner.id}`,
    password: 'staff password 1',
    displayName,
  });
  if (r.status !== 201) throw new Error(`invite failed: ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.id as number;
  const { token } = ctx.tokens.signSession({
    userId: id,
    role: 'merchant_staff',
    communityId: owner.communityId,
  });
  return {
    id,
    role: 'merchant_staff',
    communityId: owner.communityId,
    token,
    auth: { Authorization: `Bearer ${token}` },
  };
}

/** A fresh session token for a user at the clock's time (sessions last 7 days; some tests move months). */
export function refreshed(ctx: TestContext, user: TestUser): TestUser {
  const { token } = ctx.tokens.signSession({
    userId: user.id,
    role: user.role,
    communityId: user.communityId,
  });
  return { ...user, token, auth: { Authorization: `Bearer ${token}` } };
}
