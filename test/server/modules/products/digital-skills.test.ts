import test from 'ava';
import { eq } from 'drizzle-orm';
import { activities } from '../../../../server/src/modules/activities/activities.table';
import { activityBody, createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, shop } from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const as = (u: TestUser) => ({ id: u.id, role: u.role, communityId: u.communityId });

/** A session already held: created through the service, published directly (it is in the past). */
async function session(
  officer: TestUser,
  startsAt: string,
  opts: { topic?: string; category?: string; repeatWeeks?: number; publish?: boolean } = {},
) {
  const start = new Date(startsAt);
  const created = await ctx.services.activities.createActivity(as(officer), {
    title: '教老人用手机',
    category: (opts.category ?? 'digital_skills') as 'digital_skills',
    ...(opts.topic ? { topic: opts.topic as 'video_calls' } : {}),
    description: '',
    place: { name: '社区活动室', lat: 30.8236, lng: 104.1589 },
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    capacity: 20,
    pointsPerHour: 1,
    repeatWeeks: opts.repeatWeeks ?? 1,
  });
  const ids = created.occurrences.map((o) => o.id);
  if (opts.publish !== false) {
    for (const id of ids)
      await ctx.db.update(activities).set({ status: 'published' }).where(eq(activities.id, id));
  }
  return ids;
}

async function came(officer: TestUser, activityId: number, volunteer: TestUser, minutes: number) {
  await ctx.services.attendance.addManualAttendance(as(officer), {
    activityId,
    userId: volunteer.id,
    minutes,
    reason: '老人没有智能手机',
    evidenceNote: '纸质签到表',
  });
}

test.serial(
  'digital-skills statistics: sessions, courses, people and hours by month, topic and community',
  async (t) => {
    // T0: 2026-11-25 10:00 in Shanghai
    const c = await ctx.addCommunity();
    const other = await ctx.addCommunity('同区社区', { districtId: c.districtId });
    const officer = await ctx.addUser('officer', c.id);
    const otherOfficer = await ctx.addUser('officer', other.id);
    const admin = await ctx.addUser('district_admin', c.id);
    const [v1, v2, v3] = [
      await ctx.addUser('volunteer', c.id),
      await ctx.addUser('volunteer', c.id),
      await ctx.addUser('volunteer', c.id),
    ];
    const w = await ctx.addUser('volunteer', other.id);

    // a weekly course of two sessions in October (09:00 local)
    const [a1, a2] = await session(officer, '2026-10-20T01:00:00.000Z', {
      topic: 'mobile_payment',
      repeatWeeks: 2,
    });
    // one in November
    const [b] = await session(officer, '2026-11-10T06:00:00.000Z', { topic: 'video_calls' });
    // 00:30 on 1 November in Shanghai, still 31 October in UTC: a November session
    const [edge] = await session(officer, '2026-10-31T16:30:00.000Z', { topic: 'health_code' });
    // not counted: one to come, a draft, another category
    const [future] = await session(officer, '2026-11-30T01:00:00.000Z', { topic: 'video_calls' });
    await session(officer, '2026-11-03T01:00:00.000Z', { publish: false });
    const [bathing] = await session(officer, '2026-11-04T01:00:00.000Z', { category: 'elder_bathing' });
    // the neighbouring community's one session
    const [theirs] = await session(otherOfficer, '2026-11-12T01:00:00.000Z');

    await came(officer, a1!, v1, 120);
    await came(officer, a1!, v2, 60);
    await came(officer, a2!, v1, 120);
    await came(officer, b!, v3, 90);
    await came(officer, edge!, v1, 60);
    await came(officer, bathing!, v2, 120);
    await came(otherOfficer, theirs!, w, 60);
    t.truthy(future);

    const r = await api(ctx).get('/dashboard/digital-skills', officer);
    t.is(r.status, 200, JSON.stringify(r.body));
    t.is(r.body.from, '2025-12-01');
    t.is(r.body.to, '2026-11-25');
    t.deepEqual(r.body.totals, { sessions: 4, courses: 3, attendances: 5, people: 3, hours: 7.5 });
    t.is(r.body.byMonth.length, 12);
    const month = (m: string) => r.body.byMonth.find((x: { month: string }) => x.month === m);
    t.deepEqual(month('2026-10'), {
      month: '2026-10',
      sessions: 2,
      courses: 1,
      attendances: 3,
      people: 2,
      hours: 5,
    });
    t.deepEqual(month('2026-11'), {
      month: '2026-11',
      sessions: 2,
      courses: 2,
      attendances: 2,
      people: 2,
      hours: 2.5,
    });
    t.like(month('2025-12'), { sessions: 0, hours: 0 });
    t.deepEqual(
      r.body.byTopic.map((x: { topic: string; sessions: number; attendances: number; hours: number }) => [
        x.topic,
        x.sessions,
        x.attendances,
        x.hours,
      ]),
      [
        ['health_code', 1, 1, 1],
        ['mobile_payment', 2, 3, 5],
        ['video_calls', 1, 1, 1.5],
      ],
    );
    t.deepEqual(
      r.body.byCommunity.map((x: { community: { id: number }; sessions: number }) => [
        x.community.id,
        x.sessions,
      ]),
      [[c.id, 4]],
    );

    // a period: October only
    const oct = await api(ctx).get('/dashboard/digital-skills?from=2026-10-01&to=2026-10-31', officer);
    t.deepEqual(oct.body.totals, { sessions: 2, courses: 1, attendances: 3, people: 2, hours: 5 });
    t.deepEqual(
      oct.body.byMonth.map((x: { month: string }) => x.month),
      ['2026-10'],
    );

    // the district administrator sees both communities, or one
    const d = await api(ctx).get('/dashboard/digital-skills', admin);
    t.is(d.status, 200);
    t.deepEqual(d.body.totals, { sessions: 5, courses: 4, attendances: 6, people: 4, hours: 8.5 });
    t.deepEqual(
      d.body.byCommunity.map((x: { community: { id: number }; sessions: number; hours: number }) => [
        x.community.id,
        x.sessions,
        x.hours,
      ]),
      [
        [c.id, 4, 7.5],
        [other.id, 1, 1],
      ],
    );
    t.deepEqual(
      d.body.byTopic.find((x: { topic: string }) => x.topic === 'unspecified'),
      { topic: 'unspecified', sessions: 1, courses: 1, attendances: 1, people: 1, hours: 1 },
    );
    const one = await api(ctx).get(`/dashboard/digital-skills?communityId=${other.id}`, admin);
    t.like(one.body.totals, { sessions: 1, hours: 1 });

    // only there: the other officer sees theirs and may not look here; volunteers and shops never
    const theirsView = await api(ctx).get('/dashboard/digital-skills', otherOfficer);
    t.like(theirsView.body.totals, { sessions: 1, attendances: 1 });
    assertError(
      t,
      await api(ctx).get(`/dashboard/digital-skills?communityId=${c.id}`, otherOfficer),
      403,
      'auth.wrong_community',
    );
    const elsewhere = await ctx.addUser('district_admin', (await ctx.addCommunity()).id);
    assertError(
      t,
      await api(ctx).get(`/dashboard/digital-skills?communityId=${c.id}`, elsewhere),
      403,
      'auth.wrong_community',
    );
    assertError(t, await api(ctx).get('/dashboard/digital-skills', v1), 403, 'auth.forbidden');
    const m = await shop(ctx, officer);
    assertError(t, await api(ctx).get('/dashboard/digital-skills', m.owner), 403, 'auth.forbidden');
    assertError(
      t,
      await api(ctx).get('/dashboard/digital-skills?from=2026-11-01&to=2026-10-01', officer),
      400,
      'request.invalid',
    );
  },
);

test.serial(
  'a topic belongs to digital-skills activities only; changing the category clears it',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const now = ctx.clock.now();
    const bad = await api(ctx).post('/activities', officer, activityBody(now, { topic: 'video_calls' }));
    assertError(t, bad, 400, 'activities.topic_needs_digital');
    const unknown = await api(ctx).post(
      '/activities',
      officer,
      activityBody(now, { category: 'digital_skills', topic: 'telepathy' }),
    );
    assertError(t, unknown, 400, 'request.invalid');

    const ok = await api(ctx).post(
      '/activities',
      officer,
      activityBody(now, { category: 'digital_skills', topic: 'video_calls' }),
    );
    t.is(ok.status, 201, JSON.stringify(ok.body));
    t.like(ok.body.activity, { category: 'digital_skills', topic: 'video_calls' });
    const id = ok.body.activity.id as number;

    const patch = (body: object) =>
      ctx.request().patch(`/api/v1/activities/${id}`).set(officer.auth).send(body);
    t.like((await patch({ topic: 'mobile_payment' })).body, { topic: 'mobile_payment' });
    assertError(
      t,
      await patch({ category: 'other', topic: 'mobile_payment' }),
      400,
      'activities.topic_needs_digital',
    );
    t.like((await patch({ category: 'other' })).body, { category: 'other', topic: null });
    assertError(t, await patch({ topic: 'video_calls' }), 400, 'activities.topic_needs_digital');

    // no category given: 'other' by default
    const { category: _omit, ...withoutCategory } = activityBody(now);
    const plain = await api(ctx).post('/activities', officer, withoutCategory);
    t.is(plain.status, 201, JSON.stringify(plain.body));
    t.like(plain.body.activity, { category: 'other', topic: null });
  },
);
