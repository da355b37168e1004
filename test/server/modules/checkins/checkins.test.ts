/** Check-in and check-out with the rotating code. Every test moves the clock, so all are serial. */
import test from 'ava';
import jwt from 'jsonwebtoken';
import { createTokenService, generateKeyPair } from '../../../../server/src/modules/auth/tokens';
import {
  createTestContext,
  currentCode,
  MIN,
  publishedActivity,
  type TestContext,
  type TestUser,
} from '../../../helpers/context';
import { alignClock, api, assertError, claims } from './support';

let ctx: TestContext;
let http: ReturnType<typeof api>;
test.before(async () => {
  ctx = await createTestContext();
  http = api(ctx);
});
test.after.always(async () => {
  await ctx?.close();
});

/** Where activityBody puts the activity. */
const PLACE = { lat: 30.8236, lng: 104.1589 };
/** Metres per degree of latitude. */
const M_PER_DEG = 111_195;

/**
 * A community with an officer, a volunteer and a published activity starting in 10 min (check-in is
 * open) lasting `minutes`; the clock sits at the start of a code slot.
 */
async function setup(overrides: Record<string, unknown> = {}, minutes = 60) {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  alignClock(ctx);
  const id = await publishedActivity(ctx, officer, overrides, 10, minutes);
  const a = (await http.get(`/activities/${id}`, officer)).body;
  return {
    c,
    officer,
    volunteer,
    id,
    startsAt: new Date(a.startsAt as string),
    endsAt: new Date(a.endsAt as string),
  };
}

const checkIn = (v: TestUser, body: object) => http.post('/checkins', v, body);
const checkOut = (v: TestUser, body: object) => http.post('/checkouts', v, body);
async function attendance(id: number, officer: TestUser) {
  const r = await http.get(`/activities/${id}/attendance`, officer);
  if (r.status !== 200) throw new Error(`attendance failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items as {
    id: number;
    volunteer: { id: number };
    status: string;
    checkInAt: string | null;
    checkOutAt: string | null;
    flags: string[];
  }[];
}

// ---- check-in ----

test.serial('check-in with a fresh code is 201 and recorded', async (t) => {
  const { officer, volunteer, id } = await setup();
  t.is((await http.post(`/activities/${id}/enrolment`, volunteer)).status, 200);
  const code = await currentCode(ctx, officer, id);
  const r = await checkIn(volunteer, { code, activityId: id, ...PLACE });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.like(r.body, {
    activity: { id },
    volunteer: { id: volunteer.id },
    source: 'checkin',
    status: 'checked_in',
    checkInAt: ctx.clock.now().toISOString(),
    checkOutAt: null,
    checkInDistanceM: 0,
    confirmedAt: null,
  });
  t.deepEqual(r.body.flags, ['missing_checkout']);

  const items = await attendance(id, officer);
  t.deepEqual(
    items.map((i) => [i.id, i.volunteer.id, i.status]),
    [[r.body.id, volunteer.id, 'checked_in']],
  );
  // Already enrolled: no second place taken.
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 1);
});

test.serial('activityId is optional: the code names the activity', async (t) => {
  const { officer, volunteer, id } = await setup();
  const code = await currentCode(ctx, officer, id);
  const r = await checkIn(volunteer, { code, ...PLACE });
  t.is(r.status, 201, JSON.stringify(r.body));
  t.is(r.body.activity.id, id);
});

test.serial('a code older than 45 s is checkins.code_expired and nothing is recorded', async (t) => {
  const { c, officer, volunteer, id } = await setup();
  const early = await ctx.addUser('volunteer', c.id);
  const code = await currentCode(ctx, officer, id); // made now, at the start of the slot
  ctx.clock.advance(44_000);
  t.is((await checkIn(early, { code, activityId: id, ...PLACE })).status, 201, 'still fresh at 44 s');
  ctx.clock.advance(2_000); // 46 s
  assertError(t, await checkIn(volunteer, { code, activityId: id, ...PLACE }), 400, 'checkins.code_expired');
  assertError(t, await checkOut(early, { code, activityId: id, ...PLACE }), 400, 'checkins.code_expired');

  const items = await attendance(id, officer);
  t.deepEqual(
    items.map((i) => [i.volunteer.id, i.status]),
    [[early.id, 'checked_in']],
  );
  t.false((await http.get(`/activities/${id}`, volunteer)).body.enrolled);
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 1);
});

test.serial('a code for another activity than the one given is checkins.code_wrong_activity', async (t) => {
  const { officer, volunteer, id } = await setup();
  const otherId = await publishedActivity(ctx, officer, { title: '另一场' }, 10, 60);
  const code = await currentCode(ctx, officer, otherId);
  assertError(
    t,
    await checkIn(volunteer, { code, activityId: id, ...PLACE }),
    400,
    'checkins.code_wrong_activity',
  );
  assertError(
    t,
    await checkOut(volunteer, { code, activityId: id, ...PLACE }),
    400,
    'checkins.code_wrong_activity',
  );
  t.deepEqual(await attendance(id, officer), []);
  t.deepEqual(await attendance(otherId, officer), []);
  t.false((await http.get(`/activities/${otherId}`, volunteer)).body.enrolled);
});

test.serial('garbage, a forged code or a session token is checkins.code_invalid', async (t) => {
  const { officer, volunteer, id } = await setup();
  const now = ctx.clock.now();
  const forger = createTokenService({ keys: generateKeyPair(), clock: ctx.clock, sessionTtlSeconds: 3600 });
  const real = await currentCode(ctx, officer, id);
  const [h, , s] = real.split('.');
  const tamperedPayload = Buffer.from(
    JSON.stringify({ ...claims(real), exp: (claims(real).iat as number) + 3600 }),
  ).toString('base64url');
  const unsigned = jwt.sign({ act: id, iat: Math.floor(now.getTime() / 1000) }, '', {
    algorithm: 'none',
    audience: 'timebank:checkin',
    issuer: 'timebank-alliance',
  });
  const bad = {
    garbage: 'not-a-code',
    jwtShaped: 'aaa.bbb.ccc',
    otherKey: forger.signCheckinCode(id, now, 45),
    session: volunteer.token,
    officerSession: officer.token,
    tampered: `${h}.${tamperedPayload}.${s}`,
    unsigned,
  };
  for (const [name, code] of Object.entries(bad)) {
    const r = await checkIn(volunteer, { code, activityId: id, ...PLACE });
    assertError(t, r, 400, 'checkins.code_invalid');
    if (r.body.error?.code !== 'checkins.code_invalid') t.log(name);
    assertError(
      t,
      await checkOut(volunteer, { code, activityId: id, ...PLACE }),
      400,
      'checkins.code_invalid',
    );
  }
  assertError(t, await checkIn(volunteer, { code: '', activityId: id }), 400, 'request.invalid');
  assertError(t, await checkIn(volunteer, { activityId: id }), 400, 'request.invalid');
  assertError(t, await checkIn(volunteer, { code: real, activityId: id, note: 'x' }), 400, 'request.invalid');
  // Nor is a code a session.
  assertError(
    t,
    await ctx
      .request()
      .get('/api/v1/activities')
      .set({ Authorization: `Bearer ${real}` }),
    401,
    'auth.invalid_token',
  );
  t.deepEqual(await attendance(id, officer), []);
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 0);
});

test.serial(
  'check-in closes at the end: a code made at the last moment fails one second later',
  async (t) => {
    const { c, officer, volunteer, id, endsAt } = await setup({}, 30);
    const onTime = await ctx.addUser('volunteer', c.id);
    ctx.clock.set(endsAt);
    const code = await currentCode(ctx, officer, id);
    t.is((await checkIn(onTime, { code, activityId: id, ...PLACE })).status, 201, 'at the end itself');
    ctx.clock.advance(1000);
    assertError(
      t,
      await checkIn(volunteer, { code, activityId: id, ...PLACE }),
      400,
      'checkins.outside_window',
    );
    t.deepEqual(
      (await attendance(id, officer)).map((i) => i.volunteer.id),
      [onTime.id],
    );
    t.false((await http.get(`/activities/${id}`, volunteer)).body.enrolled);
    t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 1);
  },
);

test.serial('checking in twice is checkins.already_checked_in and keeps the first check-in', async (t) => {
  const { officer, volunteer, id } = await setup();
  const first = await checkIn(volunteer, {
    code: await currentCode(ctx, officer, id),
    activityId: id,
    ...PLACE,
  });
  t.is(first.status, 201);
  ctx.clock.advance(60_000);
  const code = await currentCode(ctx, officer, id);
  assertError(
    t,
    await checkIn(volunteer, { code, activityId: id, ...PLACE }),
    409,
    'checkins.already_checked_in',
  );
  const items = await attendance(id, officer);
  t.is(items.length, 1);
  t.is(items[0]!.checkInAt, first.body.checkInAt);
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 1);
});

test.serial('the same volunteer checking in twice at once is recorded once', async (t) => {
  const { officer, volunteer, id } = await setup();
  const code = await currentCode(ctx, officer, id);
  const answers = await Promise.all(
    Array.from({ length: 4 }, () => checkIn(volunteer, { code, activityId: id, ...PLACE })),
  );
  t.is(answers.filter((r) => r.status === 201).length, 1);
  t.is(
    answers.filter((r) => r.status === 409 && r.body.error?.code === 'checkins.already_checked_in').length,
    3,
    JSON.stringify(answers.map((r) => [r.status, r.body.error?.code])),
  );
  t.is((await attendance(id, officer)).length, 1);
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 1);
});

test.serial(
  'a walk-in is enrolled while places remain, refused with activities.full when full',
  async (t) => {
    const { c, officer, volunteer, id } = await setup({ capacity: 2 });
    const walkIn = await ctx.addUser('volunteer', c.id);
    const late = await ctx.addUser('volunteer', c.id);
    t.is((await http.post(`/activities/${id}/enrolment`, volunteer)).status, 200);
    const code = await currentCode(ctx, officer, id);

    const r = await checkIn(walkIn, { code, activityId: id, ...PLACE });
    t.is(r.status, 201, JSON.stringify(r.body));
    t.true((await http.get(`/activities/${id}`, walkIn)).body.enrolled);
    t.like((await http.get(`/activities/${id}`, officer)).body, { enrolledCount: 2, placesLeft: 0 });

    assertError(t, await checkIn(late, { code, activityId: id, ...PLACE }), 409, 'activities.full');
    t.false((await http.get(`/activities/${id}`, late)).body.enrolled);
    t.like((await http.get(`/activities/${id}`, officer)).body, { enrolledCount: 2, placesLeft: 0 });
    t.deepEqual(
      (await attendance(id, officer)).map((i) => i.volunteer.id),
      [walkIn.id],
    );
    // The enrolled volunteer still has a place.
    t.is((await checkIn(volunteer, { code, activityId: id, ...PLACE })).status, 201);
  },
);

test.serial('walk-ins at once into the last places: only as many as there are places', async (t) => {
  const { c, officer, id } = await setup({ capacity: 2 });
  const crowd = await Promise.all(Array.from({ length: 6 }, () => ctx.addUser('volunteer', c.id)));
  const code = await currentCode(ctx, officer, id);
  const answers = await Promise.all(crowd.map((v) => checkIn(v, { code, activityId: id, ...PLACE })));
  t.is(answers.filter((r) => r.status === 201).length, 2);
  t.is(
    answers.filter((r) => r.status === 409 && r.body.error?.code === 'activities.full').length,
    4,
    JSON.stringify(answers.map((r) => [r.status, r.body.error?.code])),
  );
  t.is((await attendance(id, officer)).length, 2);
  t.is((await http.get(`/activities/${id}`, officer)).body.enrolledCount, 2);
});

test.serial('location: near is not flagged; 2 km away or no location is flagged far_location', async (t) => {
  const { c, officer, volunteer, id } = await setup();
  const far = await ctx.addUser('volunteer', c.id);
  const blind = await ctx.addUser('volunteer', c.id);
  const half = await ctx.addUser('volunteer', c.id);
  const code = await currentCode(ctx, officer, id);

  const near = await checkIn(volunteer, {
    code,
    activityId: id,
    lat: PLACE.lat + 450 / M_PER_DEG,
    lng: PLACE.lng,
  });
  t.is(near.status, 201, JSON.stringify(near.body));
  t.false(near.body.flags.includes('far_location'));
  t.true(Math.abs(near.body.checkInDistanceM - 450) <= 5, String(near.body.checkInDistanceM));

  const away = await checkIn(far, {
    code,
    activityId: id,
    lat: PLACE.lat + 2000 / M_PER_DEG,
    lng: PLACE.lng,
  });
  t.is(away.status, 201, JSON.stringify(away.body));
  t.true(away.body.flags.includes('far_location'));
  t.true(Math.abs(away.body.checkInDistanceM - 2000) <= 10, String(away.body.checkInDistanceM));

  const none = await checkIn(blind, { code, activityId: id });
  t.is(none.status, 201, JSON.stringify(none.body));
  t.true(none.body.flags.includes('far_location'));
  t.is(none.body.checkInDistanceM, null);

  const onlyLat = await checkIn(half, { code, activityId: id, lat: PLACE.lat });
  t.is(onlyLat.status, 201);
  t.true(onlyLat.body.flags.includes('far_location'));

  const flagged = Object.fromEntries(
    (await attendance(id, officer)).map((i) => [i.volunteer.id, i.flags.includes('far_location')]),
  );
  t.deepEqual(flagged, { [volunteer.id]: false, [far.id]: true, [blind.id]: true, [half.id]: true });
});

test.serial('a code from an activity of another community is checkins.code_wrong_activity', async (t) => {
  const { volunteer } = await setup();
  const other = await setup();
  const code = await currentCode(ctx, other.officer, other.id);
  assertError(t, await checkIn(volunteer, { code, ...PLACE }), 400, 'checkins.code_wrong_activity');
  assertError(
    t,
    await checkIn(volunteer, { code, activityId: other.id, ...PLACE }),
    400,
    'checkins.code_wrong_activity',
  );
  assertError(t, await checkOut(volunteer, { code, ...PLACE }), 400, 'checkins.code_wrong_activity');
  t.deepEqual(await attendance(other.id, other.officer), []);
  t.is((await http.get(`/activities/${other.id}`, other.officer)).body.enrolledCount, 0);
});

test.serial('a code shown before the activity was cancelled no longer checks in', async (t) => {
  const { officer, volunteer, id } = await setup();
  const code = await currentCode(ctx, officer, id);
  t.is((await http.post(`/activities/${id}/cancel`, officer)).status, 200);
  assertError(
    t,
    await checkIn(volunteer, { code, activityId: id, ...PLACE }),
    409,
    'activities.not_published',
  );
  t.deepEqual(await attendance(id, officer), []);
});

test.serial('staff cannot check in or out (auth.forbidden)', async (t) => {
  const { officer, id } = await setup();
  const code = await currentCode(ctx, officer, id);
  assertError(t, await checkIn(officer, { code, activityId: id, ...PLACE }), 403, 'auth.forbidden');
  assertError(t, await checkOut(officer, { code, activityId: id, ...PLACE }), 403, 'auth.forbidden');
  assertError(t, await http.post('/checkins', undefined, { code, activityId: id }), 401, 'auth.required');
  t.deepEqual(await attendance(id, officer), []);
});

// ---- check-out ----

test.serial('check-out: not before check-in, once, from the start', async (t) => {
  const { officer, volunteer, id, startsAt, endsAt } = await setup();
  assertError(
    t,
    await checkOut(volunteer, { code: await currentCode(ctx, officer, id), activityId: id, ...PLACE }),
    409,
    'checkins.not_checked_in',
  );
  const ci = await checkIn(volunteer, {
    code: await currentCode(ctx, officer, id),
    activityId: id,
    ...PLACE,
  });
  t.is(ci.status, 201);
  // Checked in 10 min early; checking out before the start is outside the window.
  assertError(
    t,
    await checkOut(volunteer, { code: await currentCode(ctx, officer, id), activityId: id, ...PLACE }),
    400,
    'checkins.outside_window',
  );
  t.is((await attendance(id, officer))[0]!.checkOutAt, null);

  ctx.clock.set(endsAt);
  const out = await checkOut(volunteer, {
    code: await currentCode(ctx, officer, id),
    activityId: id,
    ...PLACE,
  });
  t.is(out.status, 200, JSON.stringify(out.body));
  t.like(out.body, {
    id: ci.body.id,
    status: 'checked_out',
    checkOutAt: endsAt.toISOString(),
    proposedMinutes: (endsAt.getTime() - startsAt.getTime()) / MIN,
    proposedPoints: 1,
  });
  t.deepEqual(out.body.flags, []);

  ctx.clock.advance(60_000);
  assertError(
    t,
    await checkOut(volunteer, { code: await currentCode(ctx, officer, id), activityId: id, ...PLACE }),
    409,
    'checkins.already_checked_out',
  );
  const items = await attendance(id, officer);
  t.is(items.length, 1);
  t.is(items[0]!.checkOutAt, endsAt.toISOString());
});

test.serial('check-out closes 60 min after the end', async (t) => {
  const { c, officer, volunteer, id, endsAt } = await setup({}, 30);
  const punctual = await ctx.addUser('volunteer', c.id);
  const code = await currentCode(ctx, officer, id);
  t.is((await checkIn(volunteer, { code, activityId: id, ...PLACE })).status, 201);
  t.is((await checkIn(punctual, { code, activityId: id, ...PLACE })).status, 201);

  ctx.clock.set(new Date(endsAt.getTime() + 60 * MIN));
  const last = await currentCode(ctx, officer, id);
  t.is((await checkOut(punctual, { code: last, activityId: id, ...PLACE })).status, 200, 'at end + 60 min');
  ctx.clock.advance(1000);
  assertError(
    t,
    await checkOut(volunteer, { code: last, activityId: id, ...PLACE }),
    400,
    'checkins.outside_window',
  );

  const byVolunteer = Object.fromEntries((await attendance(id, officer)).map((i) => [i.volunteer.id, i]));
  t.is(byVolunteer[volunteer.id]!.status, 'checked_in');
  t.is(byVolunteer[volunteer.id]!.checkOutAt, null);
  t.is(byVolunteer[punctual.id]!.status, 'checked_out');
});

test.serial('a far check-out flags an attendance that was near at check-in', async (t) => {
  const { officer, volunteer, id, endsAt } = await setup();
  const ci = await checkIn(volunteer, {
    code: await currentCode(ctx, officer, id),
    activityId: id,
    ...PLACE,
  });
  t.false(ci.body.flags.includes('far_location'));
  ctx.clock.set(endsAt);
  const out = await checkOut(volunteer, {
    code: await currentCode(ctx, officer, id),
    activityId: id,
    lat: PLACE.lat + 2000 / M_PER_DEG,
    lng: PLACE.lng,
  });
  t.is(out.status, 200);
  t.deepEqual(out.body.flags, ['far_location']);
});
