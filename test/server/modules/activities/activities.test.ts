import { inZone } from '@timebank/shared';
import test from 'ava';
import {
  activityBody,
  createTestContext,
  MIN,
  publishedActivity,
  type TestContext,
} from '../../../helpers/context';
import { api, assertError, details } from './support';

let ctx: TestContext;
let http: ReturnType<typeof api>;
test.before(async () => {
  ctx = await createTestContext();
  http = api(ctx);
});
test.after.always(async () => {
  await ctx?.close();
});

async function community() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  return { c, officer, volunteer };
}

async function draft(officer: Parameters<typeof http.post>[1], overrides: Record<string, unknown> = {}) {
  const r = await http.post('/activities', officer, activityBody(ctx.clock.now(), overrides));
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.activity.id as number;
}

// ---- moving the clock: serial ----

test.serial(
  'an ended activity can no longer be edited or published, and volunteers no longer see it',
  async (t) => {
    const { officer, volunteer } = await community();
    const ended = await publishedActivity(ctx, officer, {}, 1, 1);
    const endedDraft = await draft(officer, { title: '草稿' });
    // the draft lasts 120 min from +60 min; move past both
    ctx.clock.advance(200 * MIN);
    const upcoming = await publishedActivity(ctx, officer, { title: '下一场' }, 60, 60);

    assertError(
      t,
      await http.patch(`/activities/${ended}`, officer, { title: '改' }),
      409,
      'activities.not_editable',
    );
    assertError(
      t,
      await http.post(`/activities/${endedDraft}/publish`, officer),
      409,
      'activities.already_ended',
    );
    const stillDraft = await http.get(`/activities/${endedDraft}`, officer);
    t.is(stillDraft.body.status, 'draft');

    const list = await http.get('/activities', volunteer);
    t.is(list.status, 200);
    t.deepEqual(
      list.body.activities.map((a: { id: number }) => a.id),
      [upcoming],
    );
  },
);

// ---- creating ----

test('an officer creates a draft with every field', async (t) => {
  const { c, officer } = await community();
  const body = activityBody(ctx.clock.now(), {
    title: '  社区垃圾分类宣传  ',
    category: 'environmental',
    description: '带上手套',
    place: { name: '中心广场', lat: 30.5, lng: 104.06 },
    capacity: 8,
    pointsPerHour: 1.5,
    repeatWeeks: 1,
  });
  const r = await http.post('/activities', officer, body);
  t.is(r.status, 201, JSON.stringify(r.body));
  const a = r.body.activity;
  t.true(Number.isInteger(a.id));
  t.like(a, {
    communityId: c.id,
    seriesId: null,
    title: '社区垃圾分类宣传',
    category: 'environmental',
    description: '带上手套',
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    capacity: 8,
    enrolledCount: 0,
    placesLeft: 8,
    pointsPerHour: 1.5,
    status: 'draft',
  });
  t.deepEqual(a.place, { name: '中心广场', lat: 30.5, lng: 104.06 });
  t.false('enrolled' in a);
  t.deepEqual(r.body.occurrences, [a]);

  const again = await http.get(`/activities/${a.id}`, officer);
  t.is(again.status, 200);
  t.deepEqual(again.body, a);
});

test('the defaults: empty description, one point an hour, no series', async (t) => {
  const { officer } = await community();
  const { description: _d, pointsPerHour: _p, ...body } = activityBody(ctx.clock.now());
  const r = await http.post('/activities', officer, body);
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.activity.description, '');
  t.is(r.body.activity.pointsPerHour, 1);
  t.is(r.body.activity.seriesId, null);
  t.is(r.body.occurrences.length, 1);
});

test('an end before (or at) the start is refused with activities.invalid_time and nothing is created', async (t) => {
  const { officer } = await community();
  const now = ctx.clock.now();
  const before = activityBody(now, {
    startsAt: new Date(now.getTime() + 120 * MIN).toISOString(),
    endsAt: new Date(now.getTime() + 60 * MIN).toISOString(),
  });
  assertError(t, await http.post('/activities', officer, before), 400, 'activities.invalid_time');
  const same = activityBody(now, {
    startsAt: new Date(now.getTime() + 60 * MIN).toISOString(),
    endsAt: new Date(now.getTime() + 60 * MIN).toISOString(),
  });
  assertError(t, await http.post('/activities', officer, same), 400, 'activities.invalid_time');
  const list = await http.get('/activities', officer);
  t.deepEqual(list.body.activities, []);
});

test('invalid bodies are refused with request.invalid and details naming the field', async (t) => {
  const { officer } = await community();
  const now = ctx.clock.now();

  const category = await http.post('/activities', officer, activityBody(now, { category: 'karaoke' }));
  assertError(t, category, 400, 'request.invalid');
  t.true(
    details(category).some((d) => d.path === 'category'),
    JSON.stringify(category.body),
  );

  const { place: _place, ...noPlace } = activityBody(now);
  const missing = await http.post('/activities', officer, noPlace);
  assertError(t, missing, 400, 'request.invalid');
  t.true(
    details(missing).some((d) => d.path === 'place'),
    JSON.stringify(missing.body),
  );

  const zero = await http.post('/activities', officer, activityBody(now, { capacity: 0 }));
  assertError(t, zero, 400, 'request.invalid');
  t.true(
    details(zero).some((d) => d.path === 'capacity'),
    JSON.stringify(zero.body),
  );

  const unknown = await http.post('/activities', officer, activityBody(now, { colour: 'red' }));
  assertError(t, unknown, 400, 'request.invalid');
  t.true(
    details(unknown).some((d) => d.message.includes('colour')),
    JSON.stringify(unknown.body),
  );

  const badPlace = await http.post(
    '/activities',
    officer,
    activityBody(now, { place: { name: '广场', lat: 91, lng: 104 } }),
  );
  assertError(t, badPlace, 400, 'request.invalid');
  t.true(
    details(badPlace).some((d) => d.path === 'place.lat'),
    JSON.stringify(badPlace.body),
  );

  const noTime = await http.post('/activities', officer, activityBody(now, { startsAt: '明天上午' }));
  assertError(t, noTime, 400, 'request.invalid');
  t.true(details(noTime).some((d) => d.path === 'startsAt'));

  const zeroRate = await http.post('/activities', officer, activityBody(now, { pointsPerHour: 0 }));
  assertError(t, zeroRate, 400, 'request.invalid');
  t.true(details(zeroRate).some((d) => d.path === 'pointsPerHour'));

  const list = await http.get('/activities', officer);
  t.deepEqual(list.body.activities, [], 'nothing was created');
});

test('a volunteer cannot create, edit, publish or cancel (auth.forbidden); no token is auth.required', async (t) => {
  const { officer, volunteer } = await community();
  assertError(
    t,
    await http.post('/activities', volunteer, activityBody(ctx.clock.now())),
    403,
    'auth.forbidden',
  );
  assertError(
    t,
    await http.post('/activities', undefined, activityBody(ctx.clock.now())),
    401,
    'auth.required',
  );
  const id = await draft(officer);
  assertError(t, await http.patch(`/activities/${id}`, volunteer, { title: 'x' }), 403, 'auth.forbidden');
  assertError(t, await http.post(`/activities/${id}/publish`, volunteer), 403, 'auth.forbidden');
  assertError(t, await http.post(`/activities/${id}/cancel`, volunteer), 403, 'auth.forbidden');
  const a = await http.get(`/activities/${id}`, officer);
  t.is(a.body.status, 'draft');
  t.is(a.body.title, '为独居老人洗澡');
  const list = await http.get('/activities', officer);
  t.is(list.body.activities.length, 1, 'only the officer’s draft exists');
});

// ---- drafts and publishing ----

test('volunteers do not see drafts', async (t) => {
  const { officer, volunteer } = await community();
  const id = await draft(officer);

  const list = await http.get('/activities', volunteer);
  t.is(list.status, 200);
  t.deepEqual(list.body.activities, []);
  const drafts = await http.get('/activities?status=draft', volunteer);
  t.is(drafts.status, 200);
  t.deepEqual(drafts.body.activities, []);
  assertError(t, await http.get(`/activities/${id}`, volunteer), 404, 'activities.not_found');

  const staff = await http.get('/activities', officer);
  t.deepEqual(
    staff.body.activities.map((a: { id: number }) => a.id),
    [id],
  );
  t.is((await http.get(`/activities/${id}`, officer)).status, 200);
  assertError(t, await http.get('/activities/999999', officer), 404, 'activities.not_found');
});

test('publishing makes it published and visible; publishing twice is activities.already_published', async (t) => {
  const { officer, volunteer } = await community();
  const id = await draft(officer);
  const pub = await http.post(`/activities/${id}/publish`, officer);
  t.is(pub.status, 200, JSON.stringify(pub.body));
  t.is(pub.body.status, 'published');
  t.is(pub.body.id, id);

  assertError(t, await http.post(`/activities/${id}/publish`, officer), 409, 'activities.already_published');

  const seen = await http.get(`/activities/${id}`, volunteer);
  t.is(seen.status, 200);
  t.is(seen.body.status, 'published');
  t.false(seen.body.enrolled);
});

// ---- editing ----

test('PATCH changes the fields given and keeps the others', async (t) => {
  const { officer } = await community();
  const id = await publishedActivity(ctx, officer);
  const before = (await http.get(`/activities/${id}`, officer)).body;
  const now = ctx.clock.now();
  const startsAt = new Date(now.getTime() + 3 * 60 * MIN).toISOString();
  const endsAt = new Date(now.getTime() + 5 * 60 * MIN).toISOString();
  const r = await http.patch(`/activities/${id}`, officer, {
    title: '助老送餐',
    category: 'elder_meals',
    description: '午餐送到家',
    place: { name: '老年食堂', lat: 30.82, lng: 104.15 },
    startsAt,
    endsAt,
    capacity: 12,
    pointsPerHour: 2.25,
  });
  t.is(r.status, 200, JSON.stringify(r.body));
  const expected = {
    ...before,
    title: '助老送餐',
    category: 'elder_meals',
    description: '午餐送到家',
    place: { name: '老年食堂', lat: 30.82, lng: 104.15 },
    startsAt,
    endsAt,
    capacity: 12,
    placesLeft: 12,
    pointsPerHour: 2.25,
  };
  t.deepEqual(r.body, expected);
  t.deepEqual((await http.get(`/activities/${id}`, officer)).body, expected);

  const partial = await http.patch(`/activities/${id}`, officer, { title: '只改标题' });
  t.is(partial.status, 200);
  t.deepEqual(partial.body, { ...expected, title: '只改标题' });
});

test('PATCH refuses an end before the start, unknown fields and capacity 0, changing nothing', async (t) => {
  const { officer } = await community();
  const id = await draft(officer);
  const before = (await http.get(`/activities/${id}`, officer)).body;
  // moving only the start past the current end
  const late = new Date(new Date(before.endsAt).getTime() + 10 * MIN).toISOString();
  assertError(
    t,
    await http.patch(`/activities/${id}`, officer, { startsAt: late }),
    400,
    'activities.invalid_time',
  );
  const unknown = await http.patch(`/activities/${id}`, officer, { status: 'published' });
  assertError(t, unknown, 400, 'request.invalid');
  t.true(details(unknown).some((d) => d.message.includes('status')));
  assertError(t, await http.patch(`/activities/${id}`, officer, { capacity: 0 }), 400, 'request.invalid');
  t.deepEqual((await http.get(`/activities/${id}`, officer)).body, before);
});

test('capacity below the number enrolled is activities.capacity_below_enrolled', async (t) => {
  const { c, officer } = await community();
  const id = await publishedActivity(ctx, officer, { capacity: 5 });
  for (let i = 0; i < 3; i++) {
    const v = await ctx.addUser('volunteer', c.id);
    t.is((await http.post(`/activities/${id}/enrolment`, v)).status, 200);
  }
  const r = await http.patch(`/activities/${id}`, officer, { capacity: 2 });
  assertError(t, r, 409, 'activities.capacity_below_enrolled');
  t.deepEqual(r.body.error.meta, { enrolled: 3 });
  t.is((await http.get(`/activities/${id}`, officer)).body.capacity, 5);

  const exact = await http.patch(`/activities/${id}`, officer, { capacity: 3 });
  t.is(exact.status, 200, JSON.stringify(exact.body));
  t.is(exact.body.capacity, 3);
  t.is(exact.body.placesLeft, 0);
});

test('cancel makes it cancelled; cancelling twice, editing or publishing it afterwards is refused', async (t) => {
  const { officer, volunteer } = await community();
  const id = await publishedActivity(ctx, officer);
  const r = await http.post(`/activities/${id}/cancel`, officer);
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.status, 'cancelled');

  assertError(t, await http.post(`/activities/${id}/cancel`, officer), 409, 'activities.already_cancelled');
  assertError(
    t,
    await http.patch(`/activities/${id}`, officer, { title: '改' }),
    409,
    'activities.not_editable',
  );
  assertError(t, await http.post(`/activities/${id}/publish`, officer), 409, 'activities.already_cancelled');
  const after = await http.get(`/activities/${id}`, officer);
  t.is(after.body.status, 'cancelled');
  t.is(after.body.title, '为独居老人洗澡');

  // A draft can be cancelled too.
  const d = await draft(officer);
  const cd = await http.post(`/activities/${d}/cancel`, officer);
  t.is(cd.status, 200);
  t.is(cd.body.status, 'cancelled');

  const list = await http.get('/activities', volunteer);
  t.deepEqual(list.body.activities, [], 'cancelled activities are not upcoming for volunteers');
});

// ---- weekly series ----

test('repeatWeeks: 4 creates four weekly occurrences at the same local time sharing one seriesId', async (t) => {
  const { officer } = await community();
  // 19:30 in Asia/Shanghai, two days from the clock
  const local = inZone(ctx.clock.now()).add(2, 'day').hour(19).minute(30).second(0).millisecond(0);
  const startsAt = local.toDate();
  const endsAt = new Date(startsAt.getTime() + 90 * MIN);
  const r = await http.post(
    '/activities',
    officer,
    activityBody(ctx.clock.now(), {
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      repeatWeeks: 4,
    }),
  );
  t.is(r.status, 201, JSON.stringify(r.body));
  const occ = r.body.occurrences as {
    id: number;
    seriesId: string;
    startsAt: string;
    endsAt: string;
    status: string;
  }[];
  t.is(occ.length, 4);
  t.deepEqual(r.body.activity, occ[0]);
  t.is(occ[0]!.startsAt, startsAt.toISOString());
  t.regex(occ[0]!.seriesId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.is(new Set(occ.map((o) => o.seriesId)).size, 1);
  t.is(new Set(occ.map((o) => o.id)).size, 4);
  occ.forEach((o, week) => {
    const s = inZone(o.startsAt);
    const e = inZone(o.endsAt);
    t.is(s.format('HH:mm'), '19:30', `week ${week}`);
    t.is(e.format('HH:mm'), '21:00', `week ${week}`);
    t.is(s.day(), local.day(), `same weekday in week ${week}`);
    t.is(s.format('YYYY-MM-DD'), local.add(week, 'week').format('YYYY-MM-DD'));
    t.is(new Date(o.startsAt).getTime() - startsAt.getTime(), week * 7 * 24 * 60 * MIN);
    t.is(o.status, 'draft');
  });

  const list = await http.get('/activities', officer);
  t.deepEqual(
    list.body.activities.map((a: { id: number }) => a.id),
    occ.map((o) => o.id),
  );

  // Out of range
  for (const repeatWeeks of [0, 53, 1.5]) {
    const bad = await http.post('/activities', officer, activityBody(ctx.clock.now(), { repeatWeeks }));
    assertError(t, bad, 400, 'request.invalid');
    t.true(details(bad).some((d) => d.path === 'repeatWeeks'));
  }
});

// ---- communities ----

test('an officer of another community cannot see, edit, publish or cancel: 404 as a missing one', async (t) => {
  const { officer } = await community();
  const other = await community();
  const d = await draft(officer);
  const p = await publishedActivity(ctx, officer);

  assertError(t, await http.get(`/activities/${d}`, other.officer), 404, 'activities.not_found');
  assertError(t, await http.get(`/activities/${p}`, other.officer), 404, 'activities.not_found');
  assertError(
    t,
    await http.patch(`/activities/${d}`, other.officer, { title: '别人' }),
    404,
    'activities.not_found',
  );
  assertError(t, await http.post(`/activities/${d}/publish`, other.officer), 404, 'activities.not_found');
  assertError(t, await http.post(`/activities/${p}/cancel`, other.officer), 404, 'activities.not_found');
  assertError(t, await http.get(`/activities/${p}/checkin-code`, other.officer), 404, 'activities.not_found');

  const theirs = await http.get('/activities', other.officer);
  t.deepEqual(theirs.body.activities, []);
  const dNow = await http.get(`/activities/${d}`, officer);
  t.is(dNow.body.status, 'draft');
  t.is(dNow.body.title, '为独居老人洗澡');
  t.is((await http.get(`/activities/${p}`, officer)).body.status, 'published');
});

test('a volunteer of another community cannot see or enrol: 404 as a missing one', async (t) => {
  const { officer } = await community();
  const other = await community();
  const p = await publishedActivity(ctx, officer);
  assertError(t, await http.post(`/activities/${p}/enrolment`, other.volunteer), 404, 'activities.not_found');
  assertError(t, await http.get(`/activities/${p}`, other.volunteer), 404, 'activities.not_found');
  assertError(
    t,
    await http.delete(`/activities/${p}/enrolment`, other.volunteer),
    404,
    'activities.not_found',
  );
  t.deepEqual((await http.get('/activities', other.volunteer)).body.activities, []);
  t.is((await http.get(`/activities/${p}`, officer)).body.enrolledCount, 0);
});

// ---- listing ----

test('volunteers list the published upcoming activities of their community with their enrolled flag', async (t) => {
  const { c, officer, volunteer } = await community();
  const other = await community();
  const second = await publishedActivity(ctx, officer, { title: '第二场' }, 180, 60);
  const first = await publishedActivity(ctx, officer, { title: '第一场' }, 60, 60);
  const d = await draft(officer, { title: '草稿' });
  const cancelled = await publishedActivity(ctx, officer, { title: '取消' });
  t.is((await http.post(`/activities/${cancelled}/cancel`, officer)).status, 200);
  await publishedActivity(ctx, other.officer, { title: '别的社区' });

  t.is((await http.post(`/activities/${first}/enrolment`, volunteer)).status, 200);
  const friend = await ctx.addUser('volunteer', c.id);
  t.is((await http.post(`/activities/${second}/enrolment`, friend)).status, 200);

  const r = await http.get('/activities', volunteer);
  t.is(r.status, 200);
  const items = r.body.activities as {
    id: number;
    enrolled: boolean;
    enrolledCount: number;
    status: string;
  }[];
  t.deepEqual(
    items.map((a) => [a.id, a.enrolled, a.enrolledCount, a.status]),
    [
      [first, true, 1, 'published'],
      [second, false, 1, 'published'],
    ],
  );

  const staff = await http.get('/activities', officer);
  t.deepEqual(
    staff.body.activities.map((a: { id: number }) => a.id).sort(),
    [first, second, d, cancelled].sort(),
  );
  t.false('enrolled' in staff.body.activities[0]);
  const onlyDrafts = await http.get('/activities?status=draft', officer);
  t.deepEqual(
    onlyDrafts.body.activities.map((a: { id: number }) => a.id),
    [d],
  );
  const limited = await http.get('/activities?limit=1', volunteer);
  t.deepEqual(
    limited.body.activities.map((a: { id: number }) => a.id),
    [first],
  );
  assertError(t, await http.get('/activities?status=archived', volunteer), 400, 'request.invalid');
});

test('enrolled volunteers are told when an activity is cancelled or moved; the others are not', async (t) => {
  const { c, officer, volunteer } = await community();
  const c2 = await ctx.addUser('volunteer', c.id);
  const bystander = await ctx.addUser('volunteer', c.id);
  const id = await publishedActivity(ctx, officer, { title: '社区义诊' }, 600, 60);
  t.is((await http.post(`/activities/${id}/enrolment`, volunteer)).status, 200);
  t.is((await http.post(`/activities/${id}/enrolment`, c2)).status, 200);
  const kinds = async (who: typeof volunteer) =>
    ((await http.get('/me/notifications', who)).body.notifications as Array<{ kind: string; data: unknown }>)
      .filter((n) => n.kind.startsWith('activity.'))
      .map((n) => [n.kind, n.data]);

  // a new title alone is not news; a new start time is
  t.is((await http.patch(`/activities/${id}`, officer, { title: '社区义诊（改名）' })).status, 200);
  t.deepEqual(await kinds(volunteer), []);
  const at = (m: number) => new Date(ctx.clock.now().getTime() + m * MIN).toISOString();
  const moved = await http.patch(`/activities/${id}`, officer, { startsAt: at(700), endsAt: at(760) });
  t.is(moved.status, 200, JSON.stringify(moved.body));
  t.deepEqual(await kinds(volunteer), [['activity.changed', { activityId: id }]]);

  t.is((await http.post(`/activities/${id}/cancel`, officer)).status, 200);
  const told = (await http.get('/me/notifications', c2)).body.notifications as Array<{
    kind: string;
    body: string;
  }>;
  const cancelled = told.find((n) => n.kind === 'activity.cancelled');
  t.truthy(cancelled);
  t.true(cancelled!.body.includes('社区义诊（改名）'));
  t.deepEqual(await kinds(bystander), []);
});
