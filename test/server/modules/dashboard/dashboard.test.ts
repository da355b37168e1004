import { dashboardOut } from '@timebank/shared';
import test from 'ava';
import { activeMerchant, certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext } from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial('the community at a glance counts what happened, and only there', async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity('隔壁社区', { districtId: c.districtId });
  const officer = await ctx.addUser('officer', c.id);
  const otherOfficer = await ctx.addUser('officer', other.id);
  const admin = await ctx.addUser('district_admin', c.id);
  await ctx.addUser('volunteer', c.id); // registered, never served
  const v = await certifiedVolunteer(ctx, officer); // 3 hours, 3 points, a certificate
  const shop = await activeMerchant(ctx, officer);
  await activeMerchant(ctx, officer, {}, false); // an application waiting
  const device = await openDevice(ctx, v);
  const check = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(shop.owner.auth)
    .send({ code: device.code() });
  await ctx
    .request()
    .post(`/api/v1/verifications/${check.body.id}/discount`)
    .set(shop.owner.auth)
    .send({ billAmount: 50, savingAmount: 10 });
  await ctx
    .request()
    .post('/api/v1/reports')
    .set(v.auth)
    .send({ kind: 'refused_discount', merchantId: shop.id, description: '没有打折' });

  const r = await ctx.request().get('/api/v1/dashboard').set(officer.auth);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.like(r.body.volunteers, { registered: 2, active30d: 1, active90d: 1 });
  t.is(
    r.body.service.byWeek.reduce((s: number, w: { hours: number }) => s + w.hours, 0),
    3,
  );
  t.is(
    r.body.service.byMonth.reduce((s: number, m: { points: number }) => s + m.points, 0),
    3,
  );
  t.like(r.body.certificates, { active: 1, suspended: 0, revoked: 0 });
  // Every status is counted, a status no merchant has as 0 (the schema requires each one).
  t.deepEqual(r.body.merchants, { applied: 1, active: 1, warned: 0, suspended: 0, removed: 0, rejected: 0 });
  t.true(dashboardOut.safeParse(r.body).success);
  t.false('savingCents' in r.body.merchantChecks90d[0], 'cents are answered as savingTotal (yuan) only');
  t.like(
    r.body.merchantChecks90d.find((m: { merchantId: number }) => m.merchantId === shop.id),
    {
      checks: 1,
      discounts: 1,
      savingTotal: 10,
    },
  );
  t.is(r.body.openCases, 1);
  t.is(r.body.activities.held90d, 1);
  // A manual entry for someone who never enrolled still counts as expected and attended.
  t.like(r.body.activities, { attended90d: 1, enrolled90d: 1, attendanceRate: 1 });

  const theirs = await ctx.request().get('/api/v1/dashboard').set(otherOfficer.auth);
  t.like(theirs.body.volunteers, { registered: 0, active30d: 0 });
  const peek = await ctx.request().get(`/api/v1/dashboard?communityId=${c.id}`).set(otherOfficer.auth);
  t.is(peek.status, 403);
  t.is(peek.body.error.code, 'auth.wrong_community');

  const district = await ctx.request().get('/api/v1/dashboard/district').set(admin.auth);
  t.is(district.status, 200);
  t.deepEqual(
    district.body.communities.map((x: { community: { id: number } }) => x.community.id),
    [c.id, other.id],
  );
  // the desk's counts: one application, one open case; the certified volunteer's hours are confirmed
  const pending = await ctx.request().get('/api/v1/dashboard/pending').set(officer.auth);
  t.is(pending.status, 200, JSON.stringify(pending.body));
  t.deepEqual(pending.body, {
    communityId: c.id,
    review: 0,
    applications: 1,
    cases: 1,
    appeals: 0,
    profileChanges: 0,
  });
  const nextDoor = await ctx.request().get('/api/v1/dashboard/pending').set(otherOfficer.auth);
  t.deepEqual(nextDoor.body, {
    communityId: other.id,
    review: 0,
    applications: 0,
    cases: 0,
    appeals: 0,
    profileChanges: 0,
  });
  const pry = await ctx.request().get(`/api/v1/dashboard/pending?communityId=${c.id}`).set(otherOfficer.auth);
  t.is(pry.body.error.code, 'auth.wrong_community');
  const forAdmin = await ctx
    .request()
    .get(`/api/v1/dashboard/pending?communityId=${other.id}`)
    .set(admin.auth);
  t.is(forAdmin.body.communityId, other.id);

  const asOfficer = await ctx.request().get('/api/v1/dashboard/district').set(officer.auth);
  t.is(asOfficer.status, 403);
  const asVolunteer = await ctx.request().get('/api/v1/dashboard').set(v.auth);
  t.is(asVolunteer.body.error.code, 'auth.forbidden');
});
