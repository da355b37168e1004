import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import { helpRequests, householdLog } from '../../../../server/src/modules/households/households.table';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { confirm, moveTo, rows, stays } from '../attendance/support';
import {
  addProxy,
  arrange,
  CONSENT,
  convertBody,
  householdBody,
  raise,
  registerHousehold,
  requestBody,
} from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const api = (path: string) => `/api/v1${path}`;

async function logOf(householdId: number) {
  return rows<{ actor_id: number; actor_role: string; action: string; request_id: number | null }>(
    ctx,
    sql`SELECT actor_id, actor_role::text AS actor_role, action::text AS action, request_id
        FROM household_log WHERE household_id = ${householdId} ORDER BY id`,
  );
}

test.serial('registering needs the household consent: who, when, which wording', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);

  const none = await ctx
    .request()
    .post(api('/households'))
    .set(officer.auth)
    .send(householdBody({ consent: undefined }));
  t.is(none.status, 400);
  t.is(none.body.error.code, 'households.consent_required');

  const refused = await ctx
    .request()
    .post(api('/households'))
    .set(officer.auth)
    .send(householdBody({ consent: { ...CONSENT, agreed: false } }));
  t.is(refused.status, 400);
  t.is(refused.body.error.code, 'households.consent_required');

  const idNumber = await ctx
    .request()
    .post(api('/households'))
    .set(officer.auth)
    .send(householdBody({ idNumber: '510114194001011234' }));
  t.is(idNumber.status, 400);
  t.is(idNumber.body.error.code, 'request.invalid');

  const [{ n: before }] = (await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM households`,
  )) as [{ n: number }];
  const ok = await ctx.request().post(api('/households')).set(officer.auth).send(householdBody());
  t.is(ok.status, 201, JSON.stringify(ok.body));
  t.is(ok.body.status, 'active');
  t.is(ok.body.label, '张奶奶');
  t.deepEqual(ok.body.consent, {
    givenBy: '本人',
    givenAt: new Date(CONSENT.givenAt).toISOString(),
    version: '2026-11',
    recordedBy: officer.id,
  });
  const [{ n: after }] = (await rows<{ n: number }>(ctx, sql`SELECT count(*)::int AS n FROM households`)) as [
    { n: number },
  ];
  t.is(after, before + 1, 'the refused registrations stored nothing');

  const audit = await ctx.request().get(api('/audit')).query({ action: 'households' }).set(officer.auth);
  t.is(audit.status, 200);
  t.true(
    audit.body.entries.some((e: { action: string }) => e.action === 'POST /households'),
    JSON.stringify(audit.body.entries.map((e: { action: string }) => e.action)),
  );
});

test.serial('officers of another community, volunteers and shops see nothing of a household', async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const stranger = await ctx.addUser('officer', other.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const staff = await ctx.addUser('merchant_staff', c.id);
  const hid = await registerHousehold(ctx, officer);
  const rid = await raise(ctx, officer, hid);

  for (const [method, path, body] of [
    ['get', `/households/${hid}`, undefined],
    ['patch', `/households/${hid}`, { notes: 'x' }],
    ['get', `/households/${hid}/log`, undefined],
    ['post', `/households/${hid}/requests`, requestBody()],
    ['post', `/households/${hid}/proxies`, { userId: volunteer.id, relation: '邻居' }],
    ['post', `/households/${hid}/withdraw-consent`, { reason: '本人要求' }],
  ] as const) {
    const r = await ctx.request()[method](api(path)).set(stranger.auth).send(body);
    t.is(r.status, 404, `${method} ${path}`);
    t.is(r.body.error.code, 'households.not_found', `${method} ${path}`);
  }
  for (const action of ['convert', 'complete', 'cancel']) {
    const body = action === 'convert' ? convertBody(ctx) : {};
    const r = await ctx
      .request()
      .post(api(`/help-requests/${rid}/${action}`))
      .set(stranger.auth)
      .send(body);
    t.is(r.status, 404, action);
    t.is(r.body.error.code, 'households.request_not_found');
  }
  const list = await ctx.request().get(api('/households')).set(stranger.auth);
  t.deepEqual(list.body.households, []);
  const reqs = await ctx.request().get(api('/help-requests')).set(stranger.auth);
  t.deepEqual(reqs.body.requests, []);

  for (const user of [volunteer, staff]) {
    const r = await ctx
      .request()
      .get(api(`/households/${hid}`))
      .set(user.auth);
    t.is(r.status, 403);
    t.is(r.body.error.code, 'auth.forbidden');
  }
  // A volunteer who is not a proxy: nothing listed, and the household "does not exist".
  const mine = await ctx.request().get(api('/me/households')).set(volunteer.auth);
  t.deepEqual(mine.body.households, []);
  const view = await ctx
    .request()
    .get(api(`/me/households/${hid}`))
    .set(volunteer.auth);
  t.is(view.status, 404);
  t.is(view.body.error.code, 'households.not_found');
  const ask = await ctx
    .request()
    .post(api(`/me/households/${hid}/requests`))
    .set(volunteer.auth)
    .send(requestBody());
  t.is(ask.status, 404);
  const cancel = await ctx
    .request()
    .post(api(`/me/help-requests/${rid}/cancel`))
    .set(volunteer.auth);
  t.is(cancel.status, 404);
  t.is(cancel.body.error.code, 'households.request_not_found');
  t.false(
    (await logOf(hid)).some((l) => l.actor_id === volunteer.id),
    'refused attempts write nothing to the log',
  );
});

test.serial('a proxy acts for their household only, and every proxy action is logged', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const daughter = await ctx.addUser('volunteer', c.id, { displayName: '李梅' });
  const a = await registerHousehold(ctx, officer);
  const b = await registerHousehold(ctx, officer, { label: '王爷爷' });
  await addProxy(ctx, officer, a, daughter);
  const bRequest = await raise(ctx, officer, b);

  const mine = await ctx.request().get(api('/me/households')).set(daughter.auth);
  t.is(mine.status, 200);
  t.deepEqual(
    mine.body.households.map((h: { id: number; relation: string }) => [h.id, h.relation]),
    [[a, '女儿']],
  );
  t.is(mine.body.households[0].phone, undefined, 'a proxy does not get the phone or the officer notes');
  t.is(mine.body.households[0].notes, undefined);

  // The other household: refused, and nothing is logged there.
  t.is(
    (
      await ctx
        .request()
        .get(api(`/me/households/${b}`))
        .set(daughter.auth)
    ).status,
    404,
  );
  t.is(
    (
      await ctx
        .request()
        .post(api(`/me/households/${b}/requests`))
        .set(daughter.auth)
        .send(requestBody())
    ).status,
    404,
  );
  t.is(
    (
      await ctx
        .request()
        .post(api(`/me/help-requests/${bRequest}/cancel`))
        .set(daughter.auth)
    ).status,
    404,
  );
  t.false((await logOf(b)).some((l) => l.actor_id === daughter.id));

  const rid = await raise(ctx, daughter, a, { kind: 'shopping', details: '买米和油' });
  const second = await raise(ctx, daughter, a, { kind: 'visit' });
  const view = await ctx
    .request()
    .get(api(`/me/households/${a}`))
    .set(daughter.auth);
  t.is(view.status, 200);
  t.deepEqual(
    view.body.requests.map((r: { id: number; raisedAs: string; status: string }) => [
      r.id,
      r.raisedAs,
      r.status,
    ]),
    [
      [second, 'proxy', 'open'],
      [rid, 'proxy', 'open'],
    ],
  );
  const cancelled = await ctx
    .request()
    .post(api(`/me/help-requests/${second}/cancel`))
    .set(daughter.auth);
  t.is(cancelled.status, 200);
  t.is(cancelled.body.status, 'cancelled');
  const again = await ctx
    .request()
    .post(api(`/me/help-requests/${second}/cancel`))
    .set(daughter.auth);
  t.is(again.status, 409);
  t.is(again.body.error.code, 'households.invalid_transition');

  const proxyLog = (await logOf(a)).filter((l) => l.actor_id === daughter.id);
  t.deepEqual(
    proxyLog.map((l) => [l.actor_role, l.action, l.request_id]),
    [
      ['proxy', 'request.raised', rid],
      ['proxy', 'request.raised', second],
      ['proxy', 'history.viewed', null],
      ['proxy', 'request.cancelled', second],
    ],
  );
  // Officers read the same log through the API, with who did it.
  const log = await ctx
    .request()
    .get(api(`/households/${a}/log`))
    .set(officer.auth);
  t.is(log.status, 200);
  const byProxy = log.body.entries.filter((e: { actor: { id: number } }) => e.actor.id === daughter.id);
  t.is(byProxy.length, 4);
  t.is(byProxy[0].actor.displayName, '李梅');
  t.is(byProxy[0].actorRole, 'proxy');
  t.truthy(byProxy[0].at);

  // The log is append-only in the database.
  await t.throwsAsync(() => ctx.db.execute(sql`UPDATE household_log SET action = 'proxy.added'`));
  await t.throwsAsync(() => ctx.db.execute(sql`DELETE FROM household_log`));

  // Removing the proxy ends their access.
  const removed = await ctx
    .request()
    .delete(api(`/households/${a}/proxies/${daughter.id}`))
    .set(officer.auth);
  t.is(removed.status, 204);
  t.is(
    (
      await ctx
        .request()
        .get(api(`/me/households/${a}`))
        .set(daughter.auth)
    ).status,
    404,
  );
  t.deepEqual((await ctx.request().get(api('/me/households')).set(daughter.auth)).body.households, []);
});

test.serial('only a volunteer of the same community can be a proxy, once', async (t) => {
  const c = await ctx.addCommunity();
  const other = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const hid = await registerHousehold(ctx, officer);
  const outsider = await ctx.addUser('volunteer', other.id);
  const staff = await ctx.addUser('merchant_staff', c.id);
  for (const user of [outsider, staff, officer]) {
    const r = await ctx
      .request()
      .post(api(`/households/${hid}/proxies`))
      .set(officer.auth)
      .send({ userId: user.id, relation: '邻居' });
    t.is(r.status, 400);
    t.is(r.body.error.code, 'households.proxy_invalid');
  }
  const neighbour = await ctx.addUser('volunteer', c.id);
  await addProxy(ctx, officer, hid, neighbour, '邻居');
  const dup = await ctx
    .request()
    .post(api(`/households/${hid}/proxies`))
    .set(officer.auth)
    .send({ userId: neighbour.id, relation: '邻居' });
  t.is(dup.status, 409);
  t.is(dup.body.error.code, 'households.proxy_exists');
  const note = await rows<{ kind: string }>(
    ctx,
    sql`SELECT kind FROM notifications WHERE user_id = ${neighbour.id}`,
  );
  t.deepEqual(
    note.map((n) => n.kind),
    ['household.proxy_added'],
  );
});

test.serial(
  'a converted request becomes an activity; the history shows who helped, when, and the hours',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const daughter = await ctx.addUser('volunteer', c.id);
    const helper = await ctx.addUser('volunteer', c.id, { displayName: '王阿姨' });
    const absent = await ctx.addUser('volunteer', c.id);
    const hid = await registerHousehold(ctx, officer);
    await addProxy(ctx, officer, hid, daughter);
    const rid = await raise(ctx, daughter, hid, { kind: 'bath' });

    const early = await ctx
      .request()
      .post(api(`/help-requests/${rid}/complete`))
      .set(officer.auth)
      .send({});
    t.is(early.status, 409);
    t.is(early.body.error.code, 'households.invalid_transition');
    const badTime = await ctx
      .request()
      .post(api(`/help-requests/${rid}/convert`))
      .set(officer.auth)
      .send(convertBody(ctx, 10, -30));
    t.is(badTime.status, 400);
    t.is(badTime.body.error.code, 'activities.invalid_time');

    const converted = await ctx
      .request()
      .post(api(`/help-requests/${rid}/convert`))
      .set(officer.auth)
      .send(convertBody(ctx, 10, 120));
    t.is(converted.status, 200, JSON.stringify(converted.body));
    t.is(converted.body.request.status, 'scheduled');
    const activityId = converted.body.activity.id as number;
    t.is(converted.body.request.activityId, activityId);
    t.is(converted.body.activity.status, 'published');
    t.is(converted.body.activity.category, 'elder_bathing');
    t.is(converted.body.activity.title, '上门助浴');
    t.is(converted.body.activity.place.name, '张奶奶家', 'the place the officer chose');
    t.false(
      converted.body.activity.title.includes('张奶奶'),
      "the household's label is not in the public title",
    );

    const twice = await ctx
      .request()
      .post(api(`/help-requests/${rid}/convert`))
      .set(officer.auth)
      .send(convertBody(ctx));
    t.is(twice.status, 409);
    t.is(twice.body.error.code, 'households.invalid_transition');

    // An ordinary activity: volunteers see it, enrol, check in and out; the officer confirms.
    const listed = await ctx.request().get(api('/activities')).set(helper.auth);
    t.true(listed.body.activities.some((a: { id: number }) => a.id === activityId));
    for (const v of [helper, absent]) {
      const e = await ctx
        .request()
        .post(api(`/activities/${activityId}/enrolment`))
        .set(v.auth);
      t.is(e.status, 200, JSON.stringify(e.body));
    }
    const startsAt = new Date(converted.body.activity.startsAt);
    const endsAt = new Date(converted.body.activity.endsAt);
    const act = { id: activityId, startsAt, endsAt };
    const [attendanceId] = await stays(ctx, officer, act, [{ volunteer: helper }]);
    moveTo(ctx, endsAt);

    // Not confirmed yet: nobody is listed as having helped.
    const pending = await ctx
      .request()
      .get(api(`/households/${hid}`))
      .set(officer.auth);
    t.deepEqual(pending.body.requests[0].helpers, []);

    const ok = await confirm(ctx, officer, [attendanceId!]);
    t.is(ok.status, 200, JSON.stringify(ok.body));
    const ledger = await ctx.request().get(api('/me/ledger')).set(helper.auth);
    t.is(ledger.body.balance, 2, 'hours credited through the normal attendance flow');

    const done = await ctx
      .request()
      .post(api(`/help-requests/${rid}/complete`))
      .set(officer.auth)
      .send({ note: '洗得很顺利' });
    t.is(done.status, 200);
    t.is(done.body.status, 'done');

    const detail = await ctx
      .request()
      .get(api(`/households/${hid}`))
      .set(officer.auth);
    t.is(detail.status, 200);
    const [req] = detail.body.requests;
    t.is(req.id, rid);
    t.is(req.status, 'done');
    t.is(req.activity.id, activityId);
    t.is(req.helpers.length, 1, 'only the confirmed attendance counts');
    t.is(req.helpers[0].volunteer.id, helper.id);
    t.is(req.helpers[0].volunteer.displayName, '王阿姨');
    t.is(req.helpers[0].hours, 2);
    t.is(req.helpers[0].minutes, 120);
    t.is(req.helpers[0].at, startsAt.toISOString());
    t.deepEqual(detail.body.summary, { requests: 1, done: 1, visits: 1, helpers: 1, hours: 2 });
    t.deepEqual(
      detail.body.proxies.map((p: { userId: number }) => p.userId),
      [daughter.id],
    );

    // The proxy sees the same history.
    const seen = await ctx
      .request()
      .get(api(`/me/households/${hid}`))
      .set(daughter.auth);
    t.is(seen.status, 200);
    t.is(seen.body.requests[0].helpers[0].volunteer.displayName, '王阿姨');
    t.is(seen.body.summary.hours, 2);
    const told = await rows<{ kind: string }>(
      ctx,
      sql`SELECT kind FROM notifications WHERE user_id = ${daughter.id} ORDER BY id`,
    );
    t.deepEqual(
      told.map((n) => n.kind),
      ['household.proxy_added', 'household.request_scheduled', 'household.request_done'],
    );
    t.deepEqual(
      (await logOf(hid)).map((l) => l.action),
      [
        'household.registered',
        'proxy.added',
        'request.raised',
        'request.scheduled',
        'request.done',
        'history.viewed',
      ],
    );
  },
);

test.serial(
  'cancelling a scheduled request cancels its activity if it has not started; the enrolled are told',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const helper = await ctx.addUser('volunteer', c.id);
    const hid = await registerHousehold(ctx, officer);
    const rid = await raise(ctx, officer, hid);
    const activityId = await arrange(ctx, officer, rid);
    const enrol = await ctx
      .request()
      .post(api(`/activities/${activityId}/enrolment`))
      .set(helper.auth);
    t.is(enrol.status, 200, JSON.stringify(enrol.body));
    const cancelled = await ctx
      .request()
      .post(api(`/help-requests/${rid}/cancel`))
      .set(officer.auth)
      .send({ note: '家属已安排' });
    t.is(cancelled.status, 200);
    t.is(cancelled.body.status, 'cancelled');
    const act = await ctx
      .request()
      .get(api(`/activities/${activityId}`))
      .set(officer.auth);
    t.is(act.body.status, 'cancelled');
    // Through the activities service: the volunteer who had enrolled is told not to come.
    const inbox = await ctx.request().get(api('/me/notifications')).set(helper.auth);
    t.deepEqual(
      inbox.body.notifications
        .filter((n: { kind: string }) => n.kind === 'activity.cancelled')
        .map((n: { data: { activityId: number } }) => n.data.activityId),
      [activityId],
    );
    const again = await ctx
      .request()
      .post(api(`/help-requests/${rid}/cancel`))
      .set(officer.auth)
      .send({});
    t.is(again.status, 409);
  },
);

test.serial(
  'cancelling the arranged activity on the activities page puts the request back to open, logged and told',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const proxy = await ctx.addUser('volunteer', c.id);
    const hid = await registerHousehold(ctx, officer);
    await addProxy(ctx, officer, hid, proxy);
    const rid = await raise(ctx, officer, hid);
    const activityId = await arrange(ctx, officer, rid);
    const cancelled = await ctx
      .request()
      .post(api(`/activities/${activityId}/cancel`))
      .set(officer.auth);
    t.is(cancelled.status, 200, JSON.stringify(cancelled.body));

    const [row] = await ctx.db.select().from(helpRequests).where(eq(helpRequests.id, rid));
    t.like(row, { status: 'open', activityId: null, scheduledAt: null, closedAt: null });
    const log = await ctx.db
      .select({ action: householdLog.action, requestId: householdLog.requestId })
      .from(householdLog)
      .where(eq(householdLog.householdId, hid))
      .orderBy(householdLog.id);
    t.deepEqual(log.at(-1), { action: 'request.reopened', requestId: rid });
    const inbox = await ctx.request().get(api('/me/notifications')).set(proxy.auth);
    t.true(
      inbox.body.notifications.some((n: { kind: string }) => n.kind === 'household.request_reopened'),
      JSON.stringify(inbox.body),
    );
    // Arranged again as a new activity, like any open request.
    const again = await ctx
      .request()
      .post(api(`/help-requests/${rid}/convert`))
      .set(officer.auth)
      .send(convertBody(ctx, 240, 60));
    t.is(again.status, 200, JSON.stringify(again.body));
    t.is(again.body.request.status, 'scheduled');
    t.not(again.body.activity.id, activityId);
  },
);

test.serial('withdrawing consent archives the household and clears its personal data', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const proxy = await ctx.addUser('volunteer', c.id);
  const hid = await registerHousehold(ctx, officer);
  await addProxy(ctx, officer, hid, proxy);
  const open = await raise(ctx, proxy, hid, { details: '住 3 栋，钥匙在门垫下' });

  const r = await ctx
    .request()
    .post(api(`/households/${hid}/withdraw-consent`))
    .set(officer.auth)
    .send({ reason: '本人要求删除' });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.status, 'archived');
  t.is(r.body.label, null);
  t.is(r.body.address, null);
  t.is(r.body.phone, null);
  t.is(r.body.notes, null);
  t.truthy(r.body.withdrawnAt);

  const [row] = await rows<Record<string, unknown>>(
    ctx,
    sql`SELECT status::text AS status, label, address, phone, notes, consent_version FROM households WHERE id = ${hid}`,
  );
  t.deepEqual(row, {
    status: 'archived',
    label: null,
    address: null,
    phone: null,
    notes: null,
    consent_version: '2026-11',
  });
  const [req] = await rows<{ status: string; details: string }>(
    ctx,
    sql`SELECT status::text AS status, details FROM help_requests WHERE id = ${open}`,
  );
  t.deepEqual(req, { status: 'cancelled', details: '' });

  // The database refuses personal data on an archived household.
  await t.throwsAsync(() => ctx.db.execute(sql`UPDATE households SET label = '张奶奶' WHERE id = ${hid}`));

  // Proxies lose access; nothing more can be asked or changed.
  t.is(
    (
      await ctx
        .request()
        .get(api(`/me/households/${hid}`))
        .set(proxy.auth)
    ).status,
    404,
  );
  const more = await ctx
    .request()
    .post(api(`/households/${hid}/requests`))
    .set(officer.auth)
    .send(requestBody());
  t.is(more.status, 409);
  t.is(more.body.error.code, 'households.archived');
  const patch = await ctx
    .request()
    .patch(api(`/households/${hid}`))
    .set(officer.auth)
    .send({ label: 'x' });
  t.is(patch.status, 409);
  const twice = await ctx
    .request()
    .post(api(`/households/${hid}/withdraw-consent`))
    .set(officer.auth)
    .send({ reason: '再次' });
  t.is(twice.status, 409);
  t.is(twice.body.error.code, 'households.archived');

  const active = await ctx.request().get(api('/households')).set(officer.auth);
  t.false(active.body.households.some((h: { id: number }) => h.id === hid));
  const archived = await ctx
    .request()
    .get(api('/households'))
    .query({ status: 'archived' })
    .set(officer.auth);
  t.true(archived.body.households.some((h: { id: number }) => h.id === hid));

  // Nor does the audit log keep what identified the household: it says who did what, not to whom.
  const logged = await rows<{ text: string }>(
    ctx,
    sql`SELECT coalesce(params::text, '') || coalesce(before::text, '') || coalesce(after::text, '') AS text
        FROM audit_log WHERE action ILIKE '%households%' OR action ILIKE '%help-requests%'`,
  );
  t.true(logged.length >= 3, `${logged.length} audit entries`);
  for (const secret of ['张奶奶', '紫瑞街 3 栋', '028-83990000', '钥匙在门垫下']) {
    t.false(
      logged.some((l) => l.text.includes(secret)),
      `the audit log still holds ${secret}`,
    );
  }
});

test.serial('officers list requests with their household and correct a household', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const hid = await registerHousehold(ctx, officer);
  const rid = await raise(ctx, officer, hid, { kind: 'digital_help' });
  const list = await ctx.request().get(api('/help-requests')).query({ status: 'open' }).set(officer.auth);
  t.is(list.status, 200);
  t.deepEqual(
    list.body.requests.map((r: { id: number; household: { id: number; label: string } }) => [
      r.id,
      r.household.id,
      r.household.label,
    ]),
    [[rid, hid, '张奶奶']],
  );
  const patched = await ctx
    .request()
    .patch(api(`/households/${hid}`))
    .set(officer.auth)
    .send({ phone: null, notes: '已装扶手' });
  t.is(patched.status, 200);
  t.is(patched.body.phone, null);
  t.is(patched.body.notes, '已装扶手');
  const households = await ctx.request().get(api('/households')).set(officer.auth);
  t.is(households.body.households[0].openRequests, 1);
});

test.serial('two officers converting the same request at once make one activity', async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const second = await ctx.addUser('officer', c.id);
  const hid = await registerHousehold(ctx, officer);
  const rid = await raise(ctx, officer, hid);
  const [a, b] = await Promise.all(
    [officer, second].map((o) =>
      ctx
        .request()
        .post(api(`/help-requests/${rid}/convert`))
        .set(o.auth)
        .send(convertBody(ctx)),
    ),
  );
  t.deepEqual([a!.status, b!.status].sort(), [200, 409]);
  const linked = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM activities a JOIN help_requests r ON r.activity_id = a.id WHERE r.id = ${rid}`,
  );
  t.is(linked[0]!.n, 1);
  const orphans = await rows<{ n: number }>(
    ctx,
    sql`SELECT count(*)::int AS n FROM activities a
        WHERE a.community_id = ${c.id} AND NOT EXISTS (SELECT 1 FROM help_requests r WHERE r.activity_id = a.id)`,
  );
  t.is(orphans[0]!.n, 0, 'the refused conversion left no activity behind');
});
