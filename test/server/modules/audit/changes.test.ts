import test from 'ava';
import { eq } from 'drizzle-orm';
import { attendances } from '../../../../server/src/modules/attendance/attendance.table';
import { certificates } from '../../../../server/src/modules/certificates/certificates.table';
import { activeMerchant, certifiedVolunteer } from '../../../helpers/alliance';
import { assertError } from '../../../helpers/api';
import { activityBody, createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { attended, confirm } from '../attendance/support';
import { addProxy, raise, registerHousehold } from '../households/support';

let ctx: TestContext;
let officerA: TestUser;
let officerB: TestUser;
let admin: TestUser;
let volunteer: TestUser;
let communityA: number;
let communityB: number;

interface Entry {
  id: number;
  actor: { id: number; role: string };
  communityId: number;
  action: string;
  target: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const list = async (user: TestUser, query = '') => {
  const r = await ctx.request().get(`/api/v1/audit${query}`).set(user.auth);
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { entries: Entry[] }).entries;
};
const ok = (r: { status: number; body: unknown }, status = 200) => {
  if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown>;
};
/** The newest entry of the officer's log for the action and target. */
const entryFor = async (user: TestUser, action: string, targetId: number | string) => {
  const e = (await list(user, `?action=${encodeURIComponent(action)}`)).find(
    (x) => x.target.id === String(targetId),
  );
  if (!e) throw new Error(`no entry for ${action} ${targetId}`);
  return e;
};

test.before(async () => {
  ctx = await createTestContext();
  const a = await ctx.addCommunity('紫瑞街社区');
  const b = await ctx.addCommunity('桂湖社区', { districtId: a.districtId });
  communityA = a.id;
  communityB = b.id;
  officerA = await ctx.addUser('officer', a.id);
  officerB = await ctx.addUser('officer', b.id);
  // The district administrator's own account belongs to community B.
  admin = await ctx.addUser('district_admin', b.id);
  volunteer = await certifiedVolunteer(ctx, officerA);
});
test.after.always(async () => {
  await ctx?.close();
});

test.serial('a merchant transition records the status before and after', async (t) => {
  const shop = await activeMerchant(ctx, officerA);
  const e = await entryFor(officerA, 'transitions', shop.id);
  t.is(e.communityId, communityA);
  t.deepEqual(e.target, { type: 'merchants', id: String(shop.id) });
  t.deepEqual(e.before, { status: 'applied', statusReason: null, credentialSerial: null });
  t.like(e.after, { status: 'active', statusReason: '证照齐全，信誉良好' });
  t.regex(String(e.after?.credentialSerial), /-M-0*\d+$/);

  ok(
    await ctx
      .request()
      .post(`/api/v1/merchants/${shop.id}/transitions`)
      .set(officerA.auth)
      .send({ action: 'warn', reason: '未按承诺给折扣' }),
  );
  const warn = (await list(officerA, '?action=transitions'))[0]!;
  // Unchanged fields (the credential serial) are left out.
  t.deepEqual(warn.before, { status: 'active', statusReason: '证照齐全，信誉良好' });
  t.deepEqual(warn.after, { status: 'warned', statusReason: '未按承诺给折扣' });
});

test.serial('a certificate revocation records active → revoked', async (t) => {
  const [cert] = await ctx.db.select().from(certificates).where(eq(certificates.userId, volunteer.id));
  t.truthy(cert, 'the volunteer holds a certificate');
  ok(
    await ctx
      .request()
      .post(`/api/v1/certificates/${cert!.id}/status`)
      .set(officerA.auth)
      .send({ action: 'revoke', reason: '将证书借给他人使用' }),
  );
  const e = await entryFor(officerA, 'certificates', cert!.id);
  t.is(e.action, 'POST /certificates/:id/status');
  t.deepEqual(e.before, { status: 'active', statusReason: null });
  t.deepEqual(e.after, { status: 'revoked', statusReason: '将证书借给他人使用' });
});

test.serial('an attendance adjustment records the minutes and points before and after', async (t) => {
  const [att] = await ctx.db.select().from(attendances).where(eq(attendances.userId, volunteer.id));
  t.is(att!.creditedMinutes, 180);
  ok(
    await ctx
      .request()
      .post(`/api/v1/attendance/${att!.id}/adjust`)
      .set(officerA.auth)
      .send({ minutes: 120, reason: '提前一小时离开' }),
  );
  const e = await entryFor(officerA, 'adjust', att!.id);
  t.deepEqual(e.target, { type: 'attendance', id: String(att!.id) });
  t.like(e.before, { minutes: 180, points: 3 });
  t.like(e.after, { minutes: 120, points: 2, minutesOverride: 120, overrideReason: '提前一小时离开' });
  t.false('status' in (e.after ?? {}), 'the status did not change and is left out');
  // Written in the adjustment's own transaction, and only there (not again after the route).
  const all = (await list(officerA, `?action=${encodeURIComponent('adjust')}`)).filter(
    (x) => x.target.id === String(att!.id),
  );
  t.is(all.length, 1);
});

test.serial('an activity edit and cancellation keep only what changed', async (t) => {
  const created = ok(
    await ctx.request().post('/api/v1/activities').set(officerA.auth).send(activityBody(ctx.clock.now())),
    201,
  ) as { activity: { id: number } };
  const id = created.activity.id;
  ok(await ctx.request().patch(`/api/v1/activities/${id}`).set(officerA.auth).send({ title: '陪老人散步' }));
  const edit = await entryFor(officerA, 'PATCH /activities', id);
  t.deepEqual(edit.before, { title: '为独居老人洗澡' });
  t.deepEqual(edit.after, { title: '陪老人散步' });
  ok(await ctx.request().post(`/api/v1/activities/${id}/cancel`).set(officerA.auth));
  const cancel = await entryFor(officerA, 'cancel', id);
  t.deepEqual(cancel.before, { status: 'draft' });
  t.deepEqual(cancel.after, { status: 'cancelled' });
});

test.serial('a case outcome and a board take-down record their state before and after', async (t) => {
  const shop = await activeMerchant(ctx, officerA);
  const reported = ok(
    await ctx
      .request()
      .post('/api/v1/reports')
      .set(volunteer.auth)
      .send({ kind: 'refused_discount', merchantId: shop.id, description: '出示证书后店员说不打折' }),
    201,
  ) as { id: number };
  ok(
    await ctx
      .request()
      .post(`/api/v1/cases/${reported.id}/close`)
      .set(officerA.auth)
      .send({ outcome: '已约谈店主，承诺改正', resolution: 'upheld' }),
  );
  const closed = await entryFor(officerA, 'close', reported.id);
  t.deepEqual(closed.before, { status: 'open', outcome: null, resolution: null });
  t.deepEqual(closed.after, { status: 'closed', outcome: '已约谈店主，承诺改正', resolution: 'upheld' });

  const posted = ok(
    await ctx
      .request()
      .post('/api/v1/board/posts')
      .set(shop.owner.auth)
      .send({ kind: 'recruitment', title: '招收银员', body: '招聘周末兼职收银员一名' }),
    201,
  ) as { id: number };
  ok(
    await ctx
      .request()
      .post(`/api/v1/board/posts/${posted.id}/take-down`)
      .set(officerA.auth)
      .send({ reason: '含有不实信息' }),
  );
  const down = await entryFor(officerA, 'take-down', posted.id);
  t.deepEqual(down.before, { status: 'published', takeDownReason: null });
  t.deepEqual(down.after, { status: 'taken_down', takeDownReason: '含有不实信息' });
});

test.serial(
  "a district administrator's action is filed under the affected community, not their own",
  async (t) => {
    const shop = await activeMerchant(ctx, officerA);
    ok(
      await ctx
        .request()
        .post(`/api/v1/merchants/${shop.id}/transitions`)
        .set(admin.auth)
        .send({ action: 'suspend', reason: '多次投诉' }),
    );
    const seenByA = await entryFor(officerA, 'transitions', shop.id);
    t.like(seenByA, {
      actor: { id: admin.id, role: 'district_admin' },
      communityId: communityA,
      before: { status: 'active' },
      after: { status: 'suspended', statusReason: '多次投诉' },
    });
    const byAdmin = (await list(officerB)).filter((e) => e.actor.id === admin.id);
    t.deepEqual(byAdmin, [], "community B's officer does not see it");
    // The district administrator sees it in the district view and in community A's view.
    t.true((await list(admin)).some((e) => e.id === seenByA.id));
    t.true((await list(admin, `?communityId=${communityA}`)).some((e) => e.id === seenByA.id));
    t.false((await list(admin, `?communityId=${communityB}`)).some((e) => e.id === seenByA.id));
  },
);

test.serial("an officer of community B cannot read community A's entries", async (t) => {
  const theirs = await list(officerB);
  t.true(
    theirs.every((e) => e.communityId === communityB),
    'only entries of their own community',
  );
  t.false(theirs.some((e) => e.actor.id === officerA.id));
  const peek = await ctx.request().get(`/api/v1/audit?communityId=${communityA}`).set(officerB.auth);
  assertError(t, peek, 403, 'auth.wrong_community');
});

test.serial(
  'a confirmation records each attendance before and after, filed under its community',
  async (t) => {
    const v1 = await ctx.addUser('volunteer', communityA);
    const v2 = await ctx.addUser('volunteer', communityA);
    const { ids } = await attended(ctx, officerA, [v1, v2], { minutes: 120, pointsPerHour: 1 });
    const r = await confirm(ctx, admin, ids);
    t.is(r.status, 200, JSON.stringify(r.body));
    const e = await entryFor(officerA, 'confirm', ids.join(','));
    t.like(e, { actor: { id: admin.id }, communityId: communityA, target: { type: 'attendance' } });
    for (const id of ids) {
      t.like(e.before?.[String(id)], { status: 'checked_out', minutes: null, points: null });
      t.like(e.after?.[String(id)], { status: 'confirmed', minutes: 120, points: 2 });
    }
  },
);

test.serial(
  "an officer's household changes record what changed, never what identifies the household",
  async (t) => {
    const hid = await registerHousehold(ctx, officerA);
    const registered = await entryFor(officerA, 'POST /households', hid);
    t.like(registered, { communityId: communityA, target: { type: 'households', id: String(hid) } });
    t.deepEqual(registered.after, { status: 'active', category: 'elderly_alone' });

    ok(
      await ctx
        .request()
        .patch(`/api/v1/households/${hid}`)
        .set(officerA.auth)
        .send({ phone: '13900000000', notes: '周二上午在家' }),
    );
    const edit = await entryFor(officerA, 'PATCH /households/:id', hid);
    t.deepEqual(edit.after, { edited: ['phone', 'notes'] }, 'which fields, not their values');

    const proxy = await ctx.addUser('volunteer', communityA);
    await addProxy(ctx, officerA, hid, proxy);
    const added = await entryFor(officerA, 'POST /households/:id/proxies', hid);
    t.deepEqual(added.before, { proxy: null });
    t.deepEqual(added.after, { proxy: { userId: proxy.id } });

    const rid = await raise(ctx, officerA, hid);
    const raised = await entryFor(officerA, 'POST /households/:id/requests', rid);
    t.like(raised, { target: { type: 'help-requests', id: String(rid) } });
    t.deepEqual(raised.after, { status: 'open', kind: 'meal' });
    ok(await ctx.request().post(`/api/v1/help-requests/${rid}/cancel`).set(officerA.auth).send({ note: '' }));
    const cancelled = await entryFor(officerA, 'POST /help-requests/:id/cancel', rid);
    t.deepEqual([cancelled.before, cancelled.after], [{ status: 'open' }, { status: 'cancelled' }]);

    const all = JSON.stringify(await list(officerA, '?action=households'));
    for (const secret of ['张奶奶', '13900000000', '周二上午在家', '少盐'])
      t.false(all.includes(secret), secret);
  },
);
