/**
 * Mass assignment: a client must not set what only the server decides (points, balances, roles,
 * statuses, owners, communities) by adding fields to a request body.
 *  - Every body schema of every route, down to its nested objects, refuses unknown keys (zod .strict())
 *    or at least strips them; none passes them through.
 *  - Every route with a body answers a body of such fields with 400 request.invalid, naming them.
 *  - For the routes that create or change what matters, a valid body with any one extra field is
 *    refused, nothing is stored, and the same body without it succeeds (so the test can fail).
 *  - Routes without a body ignore one: sending these fields there changes none of them.
 */
import type { Role } from '@timebank/shared';
import test, { type ExecutionContext } from 'ava';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { activeMerchant, applicationBody, certifiedVolunteer, openDevice } from '../../helpers/alliance';
import { activityBody, createTestContext, type TestContext, type TestUser } from '../../helpers/context';
import { attended, confirm, rows } from '../modules/attendance/support';

/** Fields a client might try to slip in, with values that would matter if they got through. */
const EXTRAS: Record<string, unknown> = {
  points: 999,
  amount: 99_900,
  balance: 99_900,
  lifetimeEarned: 99_900,
  lifetimeMinutes: 60_000,
  creditedPoints: 99_900,
  creditedMinutes: 6000,
  role: 'district_admin',
  isAdmin: true,
  communityId: 999_999,
  districtId: 999_999,
  status: 'active',
  certificateStatus: 'active',
  level: 3,
  userId: 1,
  holderId: 1,
  merchantId: 1,
  ownerId: 1,
  createdBy: 1,
  confirmedBy: 1,
  enrolledCount: 0,
  credentialSerial: 'FORGED-0001',
  id: 424_242,
};

let ctx: TestContext;
let users: Record<Role, TestUser>;
let other: { id: number };
test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity();
  other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await activeMerchant(ctx, officer);
  users = {
    volunteer: await ctx.addUser('volunteer', c.id),
    officer,
    merchant_staff: shop.owner,
    district_admin: await ctx.addUser('district_admin', c.id),
  };
});
test.after.always(async () => {
  await ctx?.close();
});

// ---------------------------------------------------------------------------------------------------
// zod internals, read only: walk a schema to every object schema in it

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every object schema reachable from `s`, with its path and how it treats unknown keys. */
function objects(s: z.ZodType, path = '(body)', seen = new Set<unknown>()): { path: string; def: Def }[] {
  if (seen.has(s)) return [];
  seen.add(s);
  const d = defOf(s);
  const inner = (x: z.ZodType | undefined, p = path) => (x ? objects(x, p, seen) : []);
  switch (d.type) {
    case 'object':
      return [
        { path, def: d },
        ...Object.entries(d.shape ?? {}).flatMap(([k, v]) => objects(v, `${path}.${k}`, seen)),
      ];
    case 'array':
      return inner(d.element, `${path}[]`);
    case 'union':
      return (d.options ?? []).flatMap((o) => inner(o));
    case 'intersection':
      return [...inner(d.left), ...inner(d.right)];
    case 'pipe':
      return [...inner(d.in), ...inner(d.out)];
    case 'lazy':
      return d.getter ? inner(d.getter()) : [];
    default:
      return inner(d.innerType);
  }
}

/** The keys a body schema accepts at its top level (an extra that is one of them is an input there). */
function inputKeys(s: z.ZodType): Set<string> {
  const keys = new Set<string>();
  for (const o of objects(s))
    if (o.path === '(body)') for (const k of Object.keys(o.def.shape ?? {})) keys.add(k);
  return keys;
}

const concrete = (path: string) => path.replace(/:(\w+)/g, '1');
const bodyRoutes = () => ctx.app.specs.filter((s) => s.body);

// ---------------------------------------------------------------------------------------------------

test('every object in every request body refuses unknown keys (.strict()), none passes them through', (t) => {
  const loose: string[] = [];
  const stripping: string[] = [];
  let n = 0;
  for (const spec of bodyRoutes()) {
    const found = objects(spec.body!);
    t.true(found.length > 0, `${spec.method} ${spec.path}: the body is an object`);
    for (const o of found) {
      n++;
      const catchall = o.def.catchall ? defOf(o.def.catchall).type : undefined;
      if (catchall === undefined) stripping.push(`${spec.method} ${spec.path} ${o.path}`);
      else if (catchall !== 'never') loose.push(`${spec.method} ${spec.path} ${o.path} (${catchall})`);
    }
  }
  // the walk itself finds nested objects and tells the three kinds apart
  const probe = z
    .object({ a: z.object({ b: z.array(z.looseObject({})).optional() }), c: z.object({}).strict() })
    .strict();
  t.deepEqual(
    objects(probe).map((o) => [o.path, o.def.catchall ? defOf(o.def.catchall).type : 'strip']),
    [
      ['(body)', 'never'],
      ['(body).a', 'strip'],
      ['(body).a.b[]', 'unknown'],
      ['(body).c', 'never'],
    ],
  );
  t.deepEqual(loose, [], 'objects that pass unknown keys through to the services');
  t.deepEqual(stripping, [], 'objects that silently drop unknown keys instead of refusing them');
  t.true(n >= bodyRoutes().length);
});

test('every route with a body answers 400 request.invalid to a body of server-decided fields, naming them', async (t) => {
  const roles: Role[] = ['volunteer', 'officer', 'merchant_staff', 'district_admin'];
  let checked = 0;
  for (const spec of bodyRoutes()) {
    const role =
      spec.access === 'public' ? undefined : spec.access === 'signed_in' ? 'volunteer' : spec.access[0]!;
    if (role !== undefined && !roles.includes(role)) {
      t.fail(`${spec.method} ${spec.path}: no fixture for role ${role}`);
      continue;
    }
    const r = ctx
      .request()
      [spec.method](concrete(spec.path))
      .set(role ? users[role].auth : {});
    const res = await r.send(EXTRAS);
    const label = `${spec.method} ${spec.path}`;
    t.is(res.status, 400, `${label}: ${res.status} ${JSON.stringify(res.body)}`);
    t.is(res.body.error?.code, 'request.invalid', label);
    const details = (res.body.error?.details ?? []) as { message: string }[];
    const text = details.map((d) => d.message).join(' ');
    const legit = inputKeys(spec.body!);
    for (const k of Object.keys(EXTRAS).filter((x) => !legit.has(x))) {
      t.true(text.includes(`"${k}"`), `${label}: the refusal names ${k}: ${text}`);
    }
    checked++;
  }
  t.true(checked >= 30, `checked ${checked} routes`);
});

// ---------------------------------------------------------------------------------------------------
// Valid bodies plus one extra field: refused, nothing stored; without the extra: accepted

type Sender = (
  extra: Record<string, unknown>,
) => Promise<{ status: number; body: { error?: { code?: string } } }>;

/** Sends `valid` with each extra that is not an input of the route; all must be 400 and leave `state` alone. */
async function refusesEach(
  t: ExecutionContext,
  label: string,
  legit: string[],
  send: Sender,
  state: () => Promise<unknown>,
) {
  const before = await state();
  for (const [k, v] of Object.entries(EXTRAS)) {
    if (legit.includes(k)) continue;
    const r = await send({ [k]: v });
    t.is(r.status, 400, `${label} with ${k}: ${r.status} ${JSON.stringify(r.body)}`);
    t.is(r.body.error?.code, 'request.invalid', `${label} with ${k}`);
  }
  t.deepEqual(await state(), before, `${label}: nothing changed`);
}

const one = async <T>(q: ReturnType<typeof sql>) => (await rows<T>(ctx, q))[0];

test.serial('profile: role, community, admin flags and points cannot be set', async (t) => {
  const v = await ctx.addUser('volunteer', users.officer.communityId);
  const valid = { displayName: '新名字' };
  const state = () =>
    one(
      sql`SELECT role::text AS role, community_id, display_name, real_name, phone FROM users WHERE id = ${v.id}`,
    );
  await refusesEach(
    t,
    'PUT /me/profile',
    [],
    (x) =>
      ctx
        .request()
        .put('/api/v1/me/profile')
        .set(v.auth)
        .send({ ...valid, ...x }),
    state,
  );
  const ok = await ctx.request().put('/api/v1/me/profile').set(v.auth).send(valid);
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.like(await state(), { role: 'volunteer', community_id: v.communityId, display_name: '新名字' });
});

test.serial(
  'activities: status, community, places taken and owner cannot be set on create or update',
  async (t) => {
    const officer = users.officer;
    const count = () =>
      one(
        sql`SELECT count(*)::int AS n FROM activities WHERE community_id IN (${officer.communityId}, ${other.id})`,
      );
    const valid = activityBody(ctx.clock.now());
    await refusesEach(
      t,
      'POST /activities',
      [],
      (x) =>
        ctx
          .request()
          .post('/api/v1/activities')
          .set(officer.auth)
          .send({ ...valid, ...x }),
      count,
    );
    const created = await ctx.request().post('/api/v1/activities').set(officer.auth).send(valid);
    t.is(created.status, 201, JSON.stringify(created.body));
    const id = created.body.activity.id as number;
    const row = () =>
      one(
        sql`SELECT status::text AS status, community_id, enrolled_count, created_by, title, points_per_hour FROM activities WHERE id = ${id}`,
      );
    t.like(await row(), {
      status: 'draft',
      community_id: officer.communityId,
      enrolled_count: 0,
      created_by: officer.id,
    });

    await refusesEach(
      t,
      'PATCH /activities/:id',
      [],
      (x) =>
        ctx
          .request()
          .patch(`/api/v1/activities/${id}`)
          .set(officer.auth)
          .send({ title: '改名', ...x }),
      row,
    );
    const ok = await ctx
      .request()
      .patch(`/api/v1/activities/${id}`)
      .set(officer.auth)
      .send({ title: '改名' });
    t.is(ok.status, 200, JSON.stringify(ok.body));
    t.like(await row(), { status: 'draft', title: '改名', enrolled_count: 0 });
  },
);

test.serial(
  'attendance: no points, statuses or credited amounts from the body; the ledger stays as it was',
  async (t) => {
    const officer = users.officer;
    const v = await ctx.addUser('volunteer', officer.communityId);
    const w = await ctx.addUser('volunteer', officer.communityId);
    const { act, ids } = await attended(ctx, officer, [v], { minutes: 60 });
    const ledger = () =>
      rows(
        ctx,
        sql`SELECT l.account_id, l.amount, l.source_key, a.balance, a.lifetime_earned
          FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.user_id
          WHERE a.user_id IN (${v.id}, ${w.id}) ORDER BY l.id`,
      );
    const attendance = () =>
      rows(
        ctx,
        sql`SELECT id, user_id, status::text AS status, credited_points FROM attendances WHERE activity_id = ${act.id} ORDER BY id`,
      );
    const both = async () => [await ledger(), await attendance()];

    await refusesEach(t, 'POST /attendance/confirm', [], (x) => confirm(ctx, officer, ids).send(x), both);
    const manualBody = {
      activityId: act.id,
      userId: w.id,
      minutes: 30,
      reason: '没有手机',
      evidenceNote: '纸质签到表',
    };
    await refusesEach(
      t,
      'POST /attendance/manual',
      ['userId'],
      (x) =>
        ctx
          .request()
          .post('/api/v1/attendance/manual')
          .set(officer.auth)
          .send({ ...manualBody, ...x }),
      both,
    );

    const confirmed = await confirm(ctx, officer, ids);
    t.is(confirmed.status, 200, JSON.stringify(confirmed.body));
    const adjustBody = { minutes: 30, reason: '提前离开' };
    await refusesEach(
      t,
      'POST /attendance/:id/adjust',
      [],
      (x) =>
        ctx
          .request()
          .post(`/api/v1/attendance/${ids[0]}/adjust`)
          .set(officer.auth)
          .send({ ...adjustBody, ...x }),
      both,
    );
    const made = await ctx.request().post('/api/v1/attendance/manual').set(officer.auth).send(manualBody);
    t.is(made.status, 201, JSON.stringify(made.body));
    const [acc] = await rows<{ balance: number }>(
      ctx,
      sql`SELECT balance FROM accounts WHERE user_id = ${w.id}`,
    );
    t.is(acc!.balance, 50, 'credited from the minutes and the activity rate, nothing else');
  },
);

test.serial('check-in: no one else’s user id or a status from the body', async (t) => {
  const officer = users.officer;
  const v = await ctx.addUser('volunteer', officer.communityId);
  const act = await ctx
    .request()
    .post('/api/v1/activities')
    .set(officer.auth)
    .send(activityBody(ctx.clock.now(), {}, 10, 60));
  const id = act.body.activity.id as number;
  t.is((await ctx.request().post(`/api/v1/activities/${id}/publish`).set(officer.auth)).status, 200);
  const code = (await ctx.request().get(`/api/v1/activities/${id}/checkin-code`).set(officer.auth)).body.code;
  const state = () =>
    rows(ctx, sql`SELECT user_id, status::text AS status FROM attendances WHERE activity_id = ${id}`);
  const valid = { code, activityId: id, lat: 30.8237, lng: 104.159 };
  await refusesEach(
    t,
    'POST /checkins',
    [],
    (x) =>
      ctx
        .request()
        .post('/api/v1/checkins')
        .set(v.auth)
        .send({ ...valid, ...x }),
    state,
  );
  const ok = await ctx.request().post('/api/v1/checkins').set(v.auth).send(valid);
  t.is(ok.status, 201, JSON.stringify(ok.body));
  t.deepEqual(await state(), [{ user_id: v.id, status: 'checked_in' }]);
});

test.serial(
  'merchants: an application cannot make itself active, choose its credential or its owner’s role',
  async (t) => {
    const officer = users.officer;
    const valid = applicationBody(officer.communityId);
    const count = () => one(sql`SELECT count(*)::int AS n FROM merchants`);
    await refusesEach(
      t,
      'POST /merchants/applications',
      ['communityId'],
      (x) => {
        // the route allows 10 applications an hour from one address
        ctx.clock.advance(3601_000);
        return ctx
          .request()
          .post('/api/v1/merchants/applications')
          .send({ ...valid, ...x });
      },
      count,
    );
    // and inside the owner object
    ctx.clock.advance(3601_000);
    const nested = await ctx
      .request()
      .post('/api/v1/merchants/applications')
      .send({ ...valid, owner: { ...valid.owner, role: 'officer', isAdmin: true } });
    t.is(nested.status, 400, JSON.stringify(nested.body));
    ctx.clock.advance(3601_000);
    const ok = await ctx.request().post('/api/v1/merchants/applications').send(valid);
    t.is(ok.status, 201, JSON.stringify(ok.body));
    const [m] = await rows<{ status: string; credential_serial: string | null; role: string }>(
      ctx,
      sql`SELECT m.status::text AS status, m.credential_serial, u.role::text AS role
        FROM merchants m JOIN merchant_members mm ON mm.merchant_id = m.id JOIN users u ON u.id = mm.user_id
        WHERE m.id = ${ok.body.merchant.id}`,
    );
    t.like(m, { status: 'applied', credential_serial: null, role: 'merchant_staff' });

    // staff invitations: no role from the body
    const invite = { username: `clerk${process.pid}`, password: 'correct horse 2', displayName: '店员' };
    const staffCount = () =>
      rows(ctx, sql`SELECT role::text AS role, community_id FROM users WHERE username = ${invite.username}`);
    await refusesEach(
      t,
      'POST /merchants/me/staff',
      [],
      (x) =>
        ctx
          .request()
          .post('/api/v1/merchants/me/staff')
          .set(users.merchant_staff.auth)
          .send({ ...invite, ...x }),
      staffCount,
    );
    const added = await ctx
      .request()
      .post('/api/v1/merchants/me/staff')
      .set(users.merchant_staff.auth)
      .send(invite);
    t.is(added.status, 201, JSON.stringify(added.body));
    t.deepEqual(await staffCount(), [{ role: 'merchant_staff', community_id: officer.communityId }]);
  },
);

test.serial('certificates and the till: no level, holder or status from the body', async (t) => {
  const officer = users.officer;
  const v = await certifiedVolunteer(ctx, officer);
  const [cert] = await rows<{ id: number }>(ctx, sql`SELECT id FROM certificates WHERE user_id = ${v.id}`);
  const certRow = () =>
    one(
      sql`SELECT status::text AS status, level, user_id, community_id FROM certificates WHERE id = ${cert!.id}`,
    );
  const devices = () =>
    rows(ctx, sql`SELECT holder_id, certificate_id, active FROM till_devices WHERE holder_id = ${v.id}`);

  await refusesEach(
    t,
    'POST /me/till-device',
    [],
    (x) =>
      ctx
        .request()
        .post('/api/v1/me/till-device')
        .set(v.auth)
        .send({ label: '我的手机', ...x }),
    devices,
  );
  const device = await openDevice(ctx, v);
  const check = await ctx
    .request()
    .post('/api/v1/verifications')
    .set(users.merchant_staff.auth)
    .send({ code: device.code() });
  t.is(check.body.valid, true, JSON.stringify(check.body));
  const discounts = () =>
    rows(
      ctx,
      sql`SELECT holder_id, merchant_id, saving_cents FROM discounts WHERE verification_id = ${check.body.id}`,
    );
  await refusesEach(
    t,
    'POST /verifications/:id/discount',
    [],
    (x) =>
      ctx
        .request()
        .post(`/api/v1/verifications/${check.body.id}/discount`)
        .set(users.merchant_staff.auth)
        .send({ billAmount: 25, savingAmount: 5, ...x }),
    discounts,
  );
  const recorded = await ctx
    .request()
    .post(`/api/v1/verifications/${check.body.id}/discount`)
    .set(users.merchant_staff.auth)
    .send({ billAmount: 25, savingAmount: 5 });
  t.is(recorded.status, 201, JSON.stringify(recorded.body));

  await refusesEach(
    t,
    'POST /certificates/:id/status',
    [],
    (x) =>
      ctx
        .request()
        .post(`/api/v1/certificates/${cert!.id}/status`)
        .set(officer.auth)
        .send({ action: 'suspend', reason: '借给他人使用', ...x }),
    certRow,
  );
  const suspended = await ctx
    .request()
    .post(`/api/v1/certificates/${cert!.id}/status`)
    .set(officer.auth)
    .send({ action: 'suspend', reason: '借给他人使用' });
  t.is(suspended.status, 200, JSON.stringify(suspended.body));
  t.like(await certRow(), { status: 'suspended', level: 1, user_id: v.id });
});

test.serial(
  'routes without a body ignore one: enrolling with points, status and role changes none of them',
  async (t) => {
    const officer = users.officer;
    const v = await ctx.addUser('volunteer', officer.communityId);
    const act = await ctx
      .request()
      .post('/api/v1/activities')
      .set(officer.auth)
      .send(activityBody(ctx.clock.now()));
    const id = act.body.activity.id as number;
    const published = await ctx
      .request()
      .post(`/api/v1/activities/${id}/publish`)
      .set(officer.auth)
      .send(EXTRAS);
    t.is(published.status, 200, JSON.stringify(published.body));
    const enrolled = await ctx.request().post(`/api/v1/activities/${id}/enrolment`).set(v.auth).send(EXTRAS);
    t.true(enrolled.status < 300, JSON.stringify(enrolled.body));
    t.like(
      await one(
        sql`SELECT status::text AS status, community_id, enrolled_count FROM activities WHERE id = ${id}`,
      ),
      { status: 'published', community_id: officer.communityId, enrolled_count: 1 },
    );
    t.like(await one(sql`SELECT role::text AS role, community_id FROM users WHERE id = ${v.id}`), {
      role: 'volunteer',
      community_id: officer.communityId,
    });
    t.like(await one(sql`SELECT balance, lifetime_earned FROM accounts WHERE user_id = ${v.id}`), {
      balance: 0,
      lifetime_earned: 0,
    });
    t.deepEqual(await rows(ctx, sql`SELECT id FROM ledger_entries WHERE account_id = ${v.id}`), []);
    t.deepEqual(await rows(ctx, sql`SELECT id FROM certificates WHERE user_id = ${v.id}`), []);
  },
);
