/**
 * The authorization matrix, through HTTP: every route of the app, called by every kind of caller, on
 * resources of one community (A). The expected status of each call is written out below, row by row —
 * not read from the routes' declarations — so a wrong declaration (volunteers let into the officers'
 * review) fails here. A route without a row fails too.
 *
 * Callers: anonymous; a volunteer of A who owns the resources (certificate, attendance, record,
 * device, report, proxy of the household); another volunteer of A (other owner); the staff member and
 * the owner of A's shop; an officer of community B in another district (other community); the
 * officer of A; a district administrator whose own community is A2, in A's district.
 *
 * Writes are sent with an empty body: a caller the role check lets through meets the body's
 * validation (400), one it refuses is 401/403 before it. Routes without a body run their service,
 * so the resource part shows: another community's resource is 404, like a missing one.
 * Calls run in order (routes as the app lists them; outsiders first, see CALL_ORDER), and earlier calls change
 * the state later ones see (a publish, a cancel): the table is of this one sequence.
 */
import type { Role } from '@timebank/shared';
import test from 'ava';
import { eq } from 'drizzle-orm';
import { attendances } from '../../../server/src/modules/attendance/attendance.table';
import { certificates } from '../../../server/src/modules/certificates/certificates.table';
import { activeMerchant, certifiedVolunteer, openDevice } from '../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';
import { addProxy, raise, registerHousehold } from '../modules/households/support';

const CALLERS = ['anon', 'vol', 'vol2', 'staff', 'owner', 'offB', 'off', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
/** Outsiders call first, so what they meet is the state the insiders will change after them. */
const CALL_ORDER: readonly Caller[] = ['anon', 'vol2', 'offB', 'staff', 'owner', 'vol', 'off', 'admin'];
type Row = readonly [number, number, number, number, number, number, number, number];

// biome-ignore format: one route a line, the callers in the columns of CALLERS
const EXPECTED: Record<string, Row> = {
  //                                            anon  vol vol2 stf  own offB off  adm
  'POST /auth/wechat':                          [400, 400, 400, 400, 400, 400, 400, 400],
  'POST /auth/password':                        [400, 400, 400, 400, 400, 400, 400, 400],
  'POST /auth/password-reset':                  [400, 400, 400, 400, 400, 400, 400, 400],
  'GET /me/sessions':                           [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /communities':                           [200, 200, 200, 200, 200, 200, 200, 200],
  'GET /me':                                    [401, 200, 200, 200, 200, 200, 200, 200],
  'PUT /me/profile':                            [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /volunteers':                            [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /users/:id/password-reset':             [401, 403, 403, 403, 403, 404, 403, 403],
  'POST /users/:id/disable':                    [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /users/:id/enable':                     [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /activities':                           [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /activities':                            [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /activities/:id':                        [401, 404, 404, 404, 404, 404, 200, 200],
  'PATCH /activities/:id':                      [401, 403, 403, 403, 403, 404, 200, 200],
  'POST /activities/:id/publish':               [401, 403, 403, 403, 403, 404, 200, 409],
  'POST /activities/:id/cancel':                [401, 403, 403, 403, 403, 404, 200, 409],
  'POST /activities/:id/enrolment':             [401, 409, 409, 403, 403, 403, 403, 403],
  'DELETE /activities/:id/enrolment':           [401, 404, 404, 403, 403, 403, 403, 403],
  'GET /activities/:id/checkin-code':           [401, 403, 403, 403, 403, 404, 409, 409],
  'POST /checkins':                             [401, 400, 400, 403, 403, 403, 403, 403],
  'POST /checkouts':                            [401, 400, 400, 403, 403, 403, 403, 403],
  'GET /me/attendance/open':                    [401, 200, 200, 403, 403, 403, 403, 403],
  'GET /attendance/review':                     [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /activities/:id/attendance':             [401, 403, 403, 403, 403, 404, 200, 200],
  'POST /attendance/confirm':                   [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /attendance/:id/adjust':                [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /attendance/manual':                    [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /me/gifts':                             [401, 400, 400, 403, 403, 403, 403, 403],
  'POST /me/gifts/:id/cancel':                  [401, 404, 404, 403, 403, 403, 403, 403],
  'POST /me/donations':                         [401, 400, 400, 403, 403, 403, 403, 403],
  'GET /me/balance':                            [401, 200, 200, 403, 403, 403, 403, 403],
  'GET /me/movements':                          [401, 200, 200, 403, 403, 403, 403, 403],
  'GET /gift-limits':                           [401, 200, 200, 403, 403, 200, 200, 403],
  'PUT /gift-limits':                           [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /pool':                                  [401, 403, 403, 403, 403, 200, 200, 403],
  'POST /pool/spends':                          [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /gifts/pending':                         [401, 403, 403, 403, 403, 200, 200, 403],
  'POST /gifts/:id/approve':                    [401, 403, 403, 403, 403, 404, 404, 403],
  'POST /gifts/:id/reject':                     [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /me/ledger':                             [401, 200, 200, 403, 403, 403, 403, 403],
  'GET /volunteers/:id/ledger':                 [401, 403, 403, 403, 403, 404, 200, 200],
  'GET /me/certificate':                        [401, 200, 404, 403, 403, 403, 403, 403],
  'GET /certificates':                          [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /certificates/:id/status':              [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /me/certificate/appeal':                [401, 400, 400, 403, 403, 403, 403, 403],
  'GET /me/certificate/history':                [401, 200, 404, 403, 403, 403, 403, 403],
  'POST /certificates/:id/appeal/decision':     [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /merchants/applications':               [400, 400, 400, 400, 400, 400, 400, 400],
  'GET /merchants/me':                          [401, 403, 403, 200, 200, 403, 403, 403],
  'POST /merchants/me/staff':                   [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/staff':                    [401, 403, 403, 403, 200, 403, 403, 403],
  'POST /merchants/me/staff/:id/disable':       [401, 403, 403, 400, 400, 403, 403, 403],
  'POST /merchants/me/staff/:id/enable':        [401, 403, 403, 400, 400, 403, 403, 403],
  'DELETE /merchants/me/staff/:id':             [401, 403, 403, 403, 204, 403, 403, 403],
  'GET /merchants':                             [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /merchants/:id':                         [401, 403, 403, 200, 200, 404, 200, 200],
  'GET /merchants/:id/events':                  [401, 403, 403, 200, 200, 404, 200, 200],
  'POST /merchants/:id/transitions':            [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /alliance/merchants':                    [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /merchants/:id/report':                  [401, 403, 403, 400, 400, 400, 400, 400],
  'POST /me/till-device':                       [401, 201, 404, 404, 201, 403, 403, 403],
  'POST /verifications':                        [401, 403, 403, 400, 400, 403, 403, 403],
  'POST /verifications/:id/discount':           [401, 403, 403, 400, 400, 403, 403, 403],
  'PUT /verifications/:id/discount':            [401, 403, 403, 404, 404, 403, 403, 403],
  'GET /verifications/:id/discount':            [401, 403, 403, 404, 404, 404, 404, 404],
  'POST /verifications/:id/discount/void':      [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /merchants/me/checks':                   [401, 403, 403, 200, 200, 403, 403, 403],
  'GET /me/checks':                             [401, 200, 200, 200, 200, 403, 403, 403],
  'GET /till/alerts':                           [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /me/till-devices':                       [401, 200, 200, 200, 200, 403, 403, 403],
  'DELETE /me/till-devices/:id':                [401, 204, 404, 404, 404, 403, 403, 403],
  'POST /reports':                              [401, 400, 400, 400, 400, 403, 403, 403],
  'GET /me/reports':                            [401, 200, 200, 200, 200, 403, 403, 403],
  'GET /cases':                                 [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /cases/:id':                             [401, 403, 403, 403, 403, 404, 200, 200],
  'POST /cases/:id/notes':                      [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /cases/:id/close':                      [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /board/posts':                          [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /board':                                 [401, 200, 200, 200, 200, 200, 200, 200],
  'POST /board/posts/:id/take-down':            [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /challenges':                           [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /challenges':                            [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /challenges/:id':                        [401, 200, 200, 200, 200, 404, 200, 200],
  'POST /challenges/:id/proposals':             [401, 400, 400, 403, 403, 403, 403, 403],
  'PUT /challenges/:id/vote':                   [401, 400, 400, 400, 400, 400, 400, 403],
  'POST /challenges/:id/close':                 [401, 403, 403, 403, 403, 404, 200, 409],
  'POST /challenges/:id/take-down':             [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /challenges/:id/convert':               [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /challenges/:id/award-bonus':           [401, 403, 403, 403, 403, 404, 409, 409],
  'GET /me/notifications':                      [401, 200, 200, 200, 200, 200, 200, 200],
  'POST /me/notifications/read':                [401, 200, 200, 200, 200, 200, 200, 200],
  'GET /me/wechat-subscriptions':               [401, 200, 200, 403, 403, 403, 403, 403],
  'POST /me/wechat-subscriptions':              [401, 400, 400, 403, 403, 403, 403, 403],
  'GET /dashboard':                             [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /dashboard/pending':                     [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /dashboard/district':                    [401, 403, 403, 403, 403, 403, 403, 200],
  'GET /me/profile':                            [401, 200, 200, 200, 200, 200, 200, 200],
  'DELETE /me/profile-change':                  [401, 404, 404, 404, 404, 404, 404, 404],
  'POST /me/consent/withdraw':                  [401, 409, 409, 409, 409, 409, 409, 409],
  'GET /profile-changes':                       [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /profile-changes/:id/approve':          [401, 403, 403, 403, 403, 404, 404, 404],
  'POST /profile-changes/:id/reject':           [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /photos':                               [401, 400, 400, 400, 400, 400, 400, 400],
  'GET /photos/:ref':                           [400, 400, 400, 400, 400, 400, 400, 400],
  'GET /merchants/me/change-requests':          [401, 403, 403, 403, 200, 403, 403, 403],
  'GET /merchants/change-requests':             [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /merchants/change-requests/:id/approve':[401, 403, 403, 403, 403, 404, 404, 404],
  'POST /merchants/change-requests/:id/reject': [401, 403, 403, 403, 403, 400, 400, 400],
  'PATCH /merchants/me':                        [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /communities/:id/acceptance':            [401, 200, 200, 200, 200, 200, 200, 200],
  'PUT /communities/:id/acceptance':            [401, 403, 403, 403, 403, 400, 400, 400],
  'PUT /districts/:id/acceptance':              [401, 403, 403, 403, 403, 403, 403, 400],
  'GET /dashboard/digital-skills':              [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /merchants/me/products':                [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/products':                 [401, 403, 403, 200, 200, 403, 403, 403],
  'PATCH /merchants/me/products/:id':           [401, 403, 403, 403, 200, 403, 403, 403],
  'POST /merchants/me/offers':                  [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/offers':                   [401, 403, 403, 200, 200, 403, 403, 403],
  'PATCH /merchants/me/offers/:id':             [401, 403, 403, 403, 200, 403, 403, 403],
  'GET /alliance/merchants/:id/products':       [401, 200, 200, 200, 200, 404, 200, 200],
  'GET /alliance/merchants/:id/offers':         [401, 200, 200, 200, 200, 404, 200, 200],
  'POST /products/:id/take-down':               [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /offers/:id/take-down':                 [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /merchants/me/redemption-items':        [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/redemption-items':         [401, 403, 403, 200, 200, 403, 403, 403],
  'PATCH /merchants/me/redemption-items/:id':   [401, 403, 403, 403, 200, 403, 403, 403],
  'GET /alliance/merchants/:id/redemption-items': [401, 200, 200, 200, 200, 404, 200, 200],
  'POST /redemption-items/:id/take-down':       [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /verifications/:id/redemption':         [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/redemptions':              [401, 403, 403, 200, 200, 403, 403, 403],
  'GET /me/redemptions':                        [401, 200, 200, 403, 403, 403, 403, 403],
  'POST /funds':                                [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /funds':                                 [401, 403, 403, 403, 403, 200, 200, 200],
  'GET /funds/:id/claims':                      [401, 403, 403, 403, 403, 404, 404, 404],
  'GET /funds/:id/equity':                      [401, 403, 403, 403, 403, 404, 404, 404],
  'POST /merchants/me/claims':                  [401, 403, 403, 400, 400, 403, 403, 403],
  'GET /merchants/me/claims':                   [401, 403, 403, 200, 200, 403, 403, 403],
  'POST /claims/:id/lines/:lineId/decision':    [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /claims/:id/decide':                    [401, 403, 403, 403, 403, 404, 404, 404],
  'POST /claims/:id/pay':                       [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /exports/hours':                         [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /exports/ledger':                        [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /exports/discounts':                     [401, 403, 403, 403, 403, 400, 400, 400],
  'GET /exports/redemptions':                   [401, 403, 403, 403, 403, 400, 400, 400],
  'POST /records':                              [401, 400, 400, 403, 403, 400, 400, 400],
  'GET /records/verify':                        [400, 400, 400, 400, 400, 400, 400, 400],
  'GET /records/:serial/print':                 [401, 400, 400, 403, 403, 400, 400, 400],
  'POST /households':                           [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /households':                            [401, 403, 403, 403, 403, 200, 200, 403],
  'GET /households/:id':                        [401, 403, 403, 403, 403, 404, 200, 403],
  'PATCH /households/:id':                      [401, 403, 403, 403, 403, 400, 400, 403],
  'POST /households/:id/withdraw-consent':      [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /households/:id/log':                    [401, 403, 403, 403, 403, 404, 200, 403],
  'POST /households/:id/proxies':               [401, 403, 403, 403, 403, 400, 400, 403],
  'DELETE /households/:id/proxies/:userId':     [401, 403, 403, 403, 403, 404, 204, 403],
  'POST /households/:id/requests':              [401, 403, 403, 403, 403, 400, 400, 403],
  'GET /help-requests':                         [401, 403, 403, 403, 403, 200, 200, 403],
  'POST /help-requests/:id/convert':            [401, 403, 403, 403, 403, 400, 400, 403],
  'POST /help-requests/:id/complete':           [401, 403, 403, 403, 403, 404, 409, 403],
  'POST /help-requests/:id/cancel':             [401, 403, 403, 403, 403, 404, 200, 403],
  'GET /me/households':                         [401, 200, 200, 403, 403, 403, 403, 403],
  'GET /me/households/:id':                     [401, 200, 404, 403, 403, 403, 403, 403],
  'POST /me/households/:id/requests':           [401, 400, 400, 403, 403, 403, 403, 403],
  'POST /me/help-requests/:id/cancel':          [401, 200, 404, 403, 403, 403, 403, 403],
  'GET /audit':                                 [401, 403, 403, 403, 403, 200, 200, 200],
  'POST /auth/logout':                          [401, 204, 204, 204, 204, 204, 204, 204],
  'POST /auth/logout-all':                      [401, 200, 200, 200, 200, 200, 200, 200],
  'POST /me/password':                          [401, 400, 400, 400, 400, 400, 400, 400],
  'DELETE /me/sessions/:id':                    [401, 400, 400, 400, 400, 400, 400, 400],
};

const MISSING = 999_999;
let ctx: TestContext;
let who: Record<Exclude<Caller, 'anon'>, TestUser>;
let ids: Record<string, number | string>;

function session(userId: number, role: Role, communityId: number): TestUser {
  const { token } = ctx.tokens.signSession({ userId, role, communityId });
  return { id: userId, role, communityId, token, auth: { Authorization: `Bearer ${token}` } };
}

test.before(async () => {
  ctx = await createTestContext();
  const a = await ctx.addCommunity('社区A');
  const a2 = await ctx.addCommunity('社区A2', { districtId: a.districtId });
  const b = await ctx.addCommunity('社区B');
  const off = await ctx.addUser('officer', a.id);
  const offB = await ctx.addUser('officer', b.id);
  const admin = await ctx.addUser('district_admin', a2.id);
  const vol = await ctx.addUser('volunteer', a.id);
  const vol2 = await ctx.addUser('volunteer', a.id);
  const shop = await activeMerchant(ctx, off);
  const addStaff = async (name: string) => {
    const r = await ctx
      .request()
      .post('/api/v1/merchants/me/staff')
      .set(shop.owner.auth)
      .send({ username: `${name}-${process.pid}`, password: 'first password', displayName: name });
    if (r.status !== 201) throw new Error(`staff: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as number;
  };
  const staff = session(await addStaff('cashier'), 'merchant_staff', a.id);
  const otherStaff = await addStaff('cashier2');
  who = { vol, vol2, staff, owner: shop.owner, offB, off, admin };

  await certifiedVolunteer(ctx, off, vol);
  const [cert] = await ctx.db.select().from(certificates).where(eq(certificates.userId, vol.id));
  const [att] = await ctx.db.select().from(attendances).where(eq(attendances.userId, vol.id));
  const soon = (h: number) => new Date(ctx.clock.now().getTime() + h * 3600_000).toISOString();
  const act = await ctx.services.activities.createActivity(off, {
    title: '社区清扫',
    category: 'other',
    description: '',
    place: { name: '广场', lat: 30.8236, lng: 104.1589 },
    startsAt: soon(24),
    endsAt: soon(26),
    capacity: 10,
    pointsPerHour: 1,
    repeatWeeks: 1,
  });
  const post = async (user: TestUser, path: string, body: object) => {
    const r = await ctx.request().post(`/api/v1${path}`).set(user.auth).send(body);
    if (r.status !== 201 && r.status !== 200)
      throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const product = await post(shop.owner, '/merchants/me/products', { name: '豆瓣', priceFen: 2580 });
  const offer = await post(shop.owner, '/merchants/me/offers', {
    title: '周末特惠',
    validFrom: '2026-11-20',
    validTo: '2026-12-31',
  });
  const redemptionItem = await post(shop.owner, '/merchants/me/redemption-items', {
    title: '10 元代金券',
    points: 10,
    valueFen: 1000,
    stock: 5,
    validFrom: '2026-11-20',
    validTo: '2026-12-31',
  });
  const board = await post(shop.owner, '/board/posts', {
    kind: 'recruitment',
    title: '招收银员',
    body: '周末兼职',
  });
  const challenge = await post(shop.owner, '/challenges', {
    title: '早高峰排队太长',
    problem: '每天 7 点到 8 点门口排长队，老人等不及。有什么办法？',
  });
  const kase = await post(vol, '/reports', {
    kind: 'refused_discount',
    merchantId: shop.id,
    description: '出示证书后店家拒绝打折',
  });
  const household = await registerHousehold(ctx, off);
  const vol3 = await ctx.addUser('volunteer', a.id);
  await addProxy(ctx, off, household, vol);
  await addProxy(ctx, off, household, vol3, '邻居');
  const helpRequest = await raise(ctx, off, household);
  const proxyRequest = await raise(ctx, vol, household, { kind: 'visit' });
  const record = await post(vol, '/records', { from: '2026-11-01', to: '2026-11-30', nameDisplay: 'masked' });
  const device = await openDevice(ctx, vol);
  const check = await post(staff, '/verifications', { code: device.code() });
  ids = {
    activity: act.activity.id,
    attendance: att!.id,
    certificate: cert!.id,
    merchant: shop.id,
    staffMember: otherStaff,
    product: product.id,
    offer: offer.id,
    redemptionItem: redemptionItem.id,
    board: board.id,
    challenge: challenge.id,
    case: kase.id,
    household,
    helpRequest,
    record: record.serial,
    device: device.deviceId,
    verification: check.id,
    proxyRequest,
    volunteer: vol2.id,
    proxy: vol3.id,
    community: a.id,
    district: a.districtId,
  };
});
test.after.always(async () => {
  await ctx?.close();
});

/** The ids a route's path is called with: the resources of community A made above. */
function concrete(path: string): string {
  const id = (name: string) => String(ids[name]);
  return path
    .replace(/^\/api\/v1/, '')
    .replace(
      /^\/(activities|attendance|certificates|cases|challenges|households|help-requests|me\/help-requests)\/:id/,
      (_, seg: string) => {
        const key: Record<string, string> = {
          activities: 'activity',
          attendance: 'attendance',
          certificates: 'certificate',
          cases: 'case',
          challenges: 'challenge',
          households: 'household',
          'help-requests': 'helpRequest',
          'me/help-requests': 'proxyRequest',
        };
        return `/${seg}/${id(key[seg]!)}`;
      },
    )
    .replace(/^\/me\/households\/:id/, `/me/households/${id('household')}`)
    .replace(/\/proxies\/:userId/, `/proxies/${id('proxy')}`)
    .replace(/^\/(merchants|alliance\/merchants)\/:id/, (_, seg: string) => `/${seg}/${id('merchant')}`)
    .replace(/^\/merchants\/me\/staff\/:id/, `/merchants/me/staff/${id('staffMember')}`)
    .replace(/^\/(merchants\/me\/)?products\/:id/, (_, me = '') => `/${me}products/${id('product')}`)
    .replace(/^\/(merchants\/me\/)?offers\/:id/, (_, me = '') => `/${me}offers/${id('offer')}`)
    .replace(
      /^\/(merchants\/me\/)?redemption-items\/:id/,
      (_, me = '') => `/${me}redemption-items/${id('redemptionItem')}`,
    )
    .replace(/^\/board\/posts\/:id/, `/board/posts/${id('board')}`)
    .replace(/^\/verifications\/:id/, `/verifications/${id('verification')}`)
    .replace(/^\/records\/:serial/, `/records/${id('record')}`)
    .replace(/^\/me\/till-devices\/:id/, `/me/till-devices/${id('device')}`)
    .replace(/^\/(users|volunteers)\/:id/, (_, seg: string) => `/${seg}/${id('volunteer')}`)
    .replace(/^\/communities\/:id/, `/communities/${id('community')}`)
    .replace(/^\/districts\/:id/, `/districts/${id('district')}`)
    .replace(/:(\w+)/g, String(MISSING));
}

/** The caller's token; for a route that ends sessions, a fresh one each time (the last ended them). */
function caller(c: Exclude<Caller, 'anon'>, path: string): TestUser {
  const u = who[c];
  if (!endsSessions(path)) return u;
  ctx.clock.advance(2000);
  return session(u.id, u.role, u.communityId);
}

function send(method: string, path: string, user?: TestUser) {
  const r = ctx.request()[method as 'get'](`/api/v1${path}`);
  if (user) r.set(user.auth);
  return method === 'get' || method === 'delete' ? r : r.send({});
}

const key = (s: { method: string; path: string }) =>
  `${s.method.toUpperCase()} ${s.path.replace(/^\/api\/v1/, '')}`;
// Routes that end the caller's own sessions go last, so no later call meets an ended token.
const endsSessions = (p: string) => /\/auth\/logout|\/me\/password$|\/me\/sessions\/:id$/.test(p);

test.serial('every route has a row, and every row a route', (t) => {
  const routes = ctx.app.specs.map(key).sort();
  t.deepEqual(
    routes.filter((r) => !(r in EXPECTED)),
    [],
    'routes without a row in the matrix',
  );
  t.deepEqual(
    Object.keys(EXPECTED).filter((r) => !routes.includes(r)),
    [],
    'rows of routes that no longer exist',
  );
});

test.serial(
  "another community's resource answers exactly like a missing id (code, message, status)",
  async (t) => {
    const cases: [string, string][] = [
      [`/activities/${ids.activity}`, `/activities/${MISSING}`],
      [`/cases/${ids.case}`, `/cases/${MISSING}`],
      [`/merchants/${ids.merchant}`, `/merchants/${MISSING}`],
      [`/challenges/${ids.challenge}`, `/challenges/${MISSING}`],
      [`/households/${ids.household}`, `/households/${MISSING}`],
      [`/volunteers/${ids.volunteer}/ledger`, `/volunteers/${MISSING}/ledger`],
      [`/alliance/merchants/${ids.merchant}/products`, `/alliance/merchants/${MISSING}/products`],
    ];
    for (const [theirs, missing] of cases) {
      const outsider = await ctx.request().get(`/api/v1${theirs}`).set(who.offB.auth);
      const none = await ctx.request().get(`/api/v1${missing}`).set(who.offB.auth);
      t.is(outsider.status, 404, `${theirs}: ${JSON.stringify(outsider.body)}`);
      t.deepEqual(outsider.body, none.body, theirs);
      // …and the officer of A does see it: the 404 comes from the community, not from the id.
      const insider = await ctx.request().get(`/api/v1${theirs}`).set(who.off.auth);
      t.is(insider.status, 200, theirs);
    }
  },
);

test.serial('every route × caller answers the status of its row', async (t) => {
  const specs = [...ctx.app.specs].sort(
    (a, b) => Number(endsSessions(a.path)) - Number(endsSessions(b.path)),
  );
  const got: Record<string, number[]> = {};
  for (const spec of specs) {
    const k = key(spec);
    const path = concrete(spec.path);
    const status = {} as Record<Caller, number>;
    for (const c of CALL_ORDER) {
      const r = await send(spec.method, path, c === 'anon' ? undefined : caller(c, spec.path));
      t.true(r.status < 500, `${k} as ${c}: ${r.status} ${JSON.stringify(r.body)}`);
      status[c] = r.status;
    }
    got[k] = CALLERS.map((c) => status[c]);
  }
  if (process.env.MATRIX_PRINT) {
    for (const [k, row] of Object.entries(got)) console.log(`  '${k}': [${row.join(', ')}],`);
  }
  const wrong = Object.entries(got)
    .filter(([k, row]) => JSON.stringify(row) !== JSON.stringify(EXPECTED[k]))
    .map(([k, row]) => `${k}: got [${row.join(', ')}], expected [${EXPECTED[k]?.join(', ') ?? 'no row'}]`);
  t.deepEqual(wrong, [], `columns: ${CALLERS.join(', ')}`);
});
