import test from 'ava';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { adjust, attended, confirm, moveTo, newActivity, statement, stays } from '../attendance/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial(
  'GET /me/ledger shows balance, lifetime points and hours, and every line with its activity and reason',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const v = await ctx.addUser('volunteer', c.id);
    const w = await ctx.addUser('volunteer', c.id);

    const empty = await statement(ctx, v);
    t.like(empty, {
      balance: 0,
      lifetimeEarned: 0,
      lifetimeHours: 0,
      certificate: { threshold: 3, remaining: 3, issued: false, status: null },
      lines: [],
    });

    const bath = await newActivity(ctx, officer, { minutes: 120, pointsPerHour: 1, title: '为独居老人洗澡' });
    const [vBath, wBath] = await stays(ctx, officer, bath, [{ volunteer: v }, { volunteer: w, out: 90 }]);
    moveTo(ctx, bath.endsAt);
    t.is((await confirm(ctx, officer, [vBath!, wBath!])).status, 200);
    const { act: meals, ids } = await attended(ctx, officer, [v], {
      minutes: 90,
      pointsPerHour: 1.5,
      title: '助餐送饭',
    });
    t.is((await confirm(ctx, officer, ids)).status, 200);
    t.is((await adjust(ctx, officer, vBath!, { minutes: 60, reason: '中途离开一小时' })).status, 200);

    const s = await statement(ctx, v);
    t.is(s.balance, 3.25);
    t.is(s.lifetimeEarned, 3.25);
    t.is(s.lifetimeHours, 2.5);
    t.like(s.certificate, { threshold: 3, remaining: 0, issued: true, status: 'active' });
    t.is(s.lines.length, 3);
    // newest first
    t.like(s.lines[0], {
      amount: -1,
      minutes: -60,
      kind: 'correction',
      reason: '更正：中途离开一小时',
      source: { type: 'adjustment' },
      activity: { id: bath.id, title: '为独居老人洗澡', startsAt: bath.startsAt.toISOString() },
      balanceAfter: 3.25,
    });
    t.like(s.lines[1], {
      amount: 2.25,
      minutes: 90,
      kind: 'earn',
      reason: '参加活动：助餐送饭',
      source: { type: 'attendance', id: ids[0] },
      activity: { id: meals.id, title: '助餐送饭', startsAt: meals.startsAt.toISOString() },
      balanceAfter: 4.25,
    });
    t.like(s.lines[2], {
      amount: 2,
      minutes: 120,
      kind: 'earn',
      reason: '参加活动：为独居老人洗澡',
      source: { type: 'attendance', id: vBath },
      activity: { id: bath.id, title: '为独居老人洗澡' },
      balanceAfter: 2,
    });
    t.true(s.lines.every((l) => typeof l.createdAt === 'string' && !Number.isNaN(Date.parse(l.createdAt))));

    // the other volunteer sees only their own line
    const sw = await statement(ctx, w);
    t.is(sw.balance, 1.5);
    t.is(sw.lifetimeHours, 1.5);
    t.is(sw.lines.length, 1);
    t.like(sw.lines[0], {
      amount: 1.5,
      source: { type: 'attendance', id: wBath },
      activity: { id: bath.id },
    });
    t.false(sw.certificate.issued);
    t.is(sw.certificate.remaining, 1.5);
    const mine = new Set(s.lines.map((l) => l.id));
    t.false(sw.lines.some((l) => mine.has(l.id)));

    // paging, newest first
    const page1 = await ctx.request().get('/api/v1/me/ledger?limit=2').set(v.auth);
    t.is(page1.status, 200);
    t.deepEqual(
      page1.body.lines.map((l: { id: number }) => l.id),
      s.lines.slice(0, 2).map((l) => l.id),
    );
    t.is(page1.body.nextBefore, s.lines[1]!.id);
    const page2 = await ctx
      .request()
      .get(`/api/v1/me/ledger?limit=2&before=${page1.body.nextBefore}`)
      .set(v.auth);
    t.deepEqual(
      page2.body.lines.map((l: { id: number }) => l.id),
      [s.lines[2]!.id],
    );
    t.is(page2.body.nextBefore, null);
    t.is(page2.body.balance, 3.25, 'the balance does not depend on the page');
  },
);

test.serial("there is no way for a volunteer to read another's ledger", async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const stranger = await ctx.addUser('officer', other.id);
  const v = await ctx.addUser('volunteer', c.id);
  const w = await ctx.addUser('volunteer', c.id);
  const { ids } = await attended(ctx, officer, [w]);
  t.is((await confirm(ctx, officer, ids)).status, 200);

  for (const q of [`userId=${w.id}`, `accountId=${w.id}`, `id=${w.id}`]) {
    const r = await ctx.request().get(`/api/v1/me/ledger?${q}`).set(v.auth);
    t.is(r.status, 400, q);
    t.is(r.body.error.code, 'request.invalid', q);
  }
  t.deepEqual((await statement(ctx, v)).lines, []);

  const asVolunteer = await ctx.request().get(`/api/v1/volunteers/${w.id}/ledger`).set(v.auth);
  t.is(asVolunteer.status, 403);
  t.is(asVolunteer.body.error.code, 'auth.forbidden');
  t.is(asVolunteer.body.lines, undefined);
  const ownAsVolunteer = await ctx.request().get(`/api/v1/volunteers/${v.id}/ledger`).set(v.auth);
  t.is(ownAsVolunteer.status, 403);
  t.is(ownAsVolunteer.body.error.code, 'auth.forbidden');

  const asStranger = await ctx.request().get(`/api/v1/volunteers/${w.id}/ledger`).set(stranger.auth);
  t.is(asStranger.status, 404);
  t.is(asStranger.body.error.code, 'users.not_found');
  t.is(asStranger.body.lines, undefined);

  const asOfficer = await ctx.request().get(`/api/v1/volunteers/${w.id}/ledger`).set(officer.auth);
  t.is(asOfficer.status, 200);
  t.is(asOfficer.body.balance, 2);
  t.deepEqual(asOfficer.body, await statement(ctx, w));

  const unknown = await ctx.request().get('/api/v1/volunteers/987654/ledger').set(officer.auth);
  t.is(unknown.status, 404);
  t.is(unknown.body.error.code, 'users.not_found');

  const officerOwn = await ctx.request().get('/api/v1/me/ledger').set(officer.auth);
  t.is(officerOwn.status, 403);
  t.is(officerOwn.body.error.code, 'auth.forbidden');

  const anonymous = await ctx.request().get('/api/v1/me/ledger');
  t.is(anonymous.status, 401);
  t.is(anonymous.body.error.code, 'auth.required');
});
