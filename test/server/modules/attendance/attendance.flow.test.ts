import test from 'ava';
import {
  createTestContext,
  currentCode,
  MIN,
  publishedActivity,
  type TestContext,
} from '../../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'the whole loop: enrol, check in and out, confirm, points, certificate at 3 points',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const volunteer = await ctx.addUser('volunteer', c.id);
    const id = await publishedActivity(ctx, officer, { pointsPerHour: 1.5 }, 10, 120);

    const enrol = await ctx.request().post(`/api/v1/activities/${id}/enrolment`).set(volunteer.auth);
    t.is(enrol.status, 200);
    t.true(enrol.body.enrolled);

    ctx.clock.advance(10 * MIN); // the activity starts
    const inCode = await currentCode(ctx, officer, id);
    const checkin = await ctx
      .request()
      .post('/api/v1/checkins')
      .set(volunteer.auth)
      .send({ code: inCode, activityId: id, lat: 30.8237, lng: 104.159 });
    t.is(checkin.status, 201, JSON.stringify(checkin.body));
    t.deepEqual(checkin.body.flags, ['missing_checkout']);

    // after a reload the check-in page asks the server what is still open: this check-in, only to its owner
    const open = await ctx.request().get('/api/v1/me/attendance/open').set(volunteer.auth);
    t.is(open.status, 200, JSON.stringify(open.body));
    t.deepEqual(
      open.body.items.map((i: { id: number; activity: { id: number } }) => [i.id, i.activity.id]),
      [[checkin.body.id, id]],
    );
    const other = await ctx.addUser('volunteer', c.id);
    t.deepEqual((await ctx.request().get('/api/v1/me/attendance/open').set(other.auth)).body.items, []);
    t.is((await ctx.request().get('/api/v1/me/attendance/open').set(officer.auth)).status, 403);

    ctx.clock.advance(120 * MIN);
    const outCode = await currentCode(ctx, officer, id);
    const checkout = await ctx
      .request()
      .post('/api/v1/checkouts')
      .set(volunteer.auth)
      .send({ code: outCode, lat: 30.8237, lng: 104.159 });
    t.is(checkout.status, 200, JSON.stringify(checkout.body));
    t.is(checkout.body.proposedMinutes, 120);
    t.is(checkout.body.proposedPoints, 3);
    t.deepEqual(checkout.body.flags, []);
    const closed = await ctx.request().get('/api/v1/me/attendance/open').set(volunteer.auth);
    t.deepEqual(closed.body.items, [], 'checked out: nothing open');

    const review = await ctx.request().get('/api/v1/attendance/review').set(officer.auth);
    t.is(review.status, 200);
    t.is(review.body.items.length, 1);

    const confirm = await ctx
      .request()
      .post('/api/v1/attendance/confirm')
      .set(officer.auth)
      .send({ ids: [checkin.body.id] });
    t.is(confirm.status, 200);
    t.is(confirm.body.confirmed[0].points, 3);

    const ledger = await ctx.request().get('/api/v1/me/ledger').set(volunteer.auth);
    t.is(ledger.body.balance, 3);
    t.is(ledger.body.lifetimeHours, 2);
    t.is(ledger.body.lines.length, 1);
    t.is(ledger.body.lines[0].activity.id, id);
    t.true(ledger.body.certificate.issued);

    const cert = await ctx.request().get('/api/v1/me/certificate').set(volunteer.auth);
    t.is(cert.status, 200);
    t.is(cert.body.status, 'active');
    t.is(cert.body.level, 1);
    t.regex(cert.body.serial, new RegExp(`^${c.code}-2026-000001$`));
  },
);
