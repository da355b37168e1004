import test from 'ava';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../../../server/src/modules/audit/audit.table';
import { photos } from '../../../../server/src/modules/photos/photos.table';
import { profileChanges } from '../../../../server/src/modules/users/profile-changes.table';
import { users } from '../../../../server/src/modules/users/users.table';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { shop as merchant, verify } from '../merchants/support';
import { jpeg, pathOf, uploadProfilePhoto } from '../photos/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const put = (u: TestUser, body: object) => ctx.request().put('/api/v1/me/profile').set(u.auth).send(body);
const profile = (u: TestUser) => ctx.request().get('/api/v1/me/profile').set(u.auth);
const pending = (officer: TestUser) => ctx.request().get('/api/v1/profile-changes').set(officer.auth);
const row = async (u: TestUser) => (await ctx.db.select().from(users).where(eq(users.id, u.id)))[0]!;

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const v = await ctx.addUser('volunteer', c.id);
  return { c, officer, v };
}

test.serial('before a certificate, a new photo and real name apply at once', async (t) => {
  const { v } = await setup();
  const ref = await uploadProfilePhoto(ctx, v, 40);
  const r = await put(v, { photoRef: ref, realName: '王小明' });
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.photoRef, ref);
  t.is(r.body.realName, '王小明');
  t.false(r.body.approvalRequired);
  t.is(r.body.pendingChange, null);
  t.is(r.body.photoApprovedAt, null);
  t.truthy(r.body.photoUrl);
});

test.serial(
  'with a certificate: the change waits, the old stays in force, an officer approves',
  async (t) => {
    const { officer, v } = await setup();
    const old = await uploadProfilePhoto(ctx, v, 50);
    await put(v, { photoRef: old, realName: '王小明' });
    await certifiedVolunteer(ctx, officer, v);
    const next = await uploadProfilePhoto(ctx, v, 60);

    const r = await put(v, { photoRef: next, realName: '王晓明', displayName: '小明' });
    t.is(r.status, 200, JSON.stringify(r.body));
    t.true(r.body.approvalRequired);
    t.is(r.body.photoRef, old, 'the old photo stays in force');
    t.is(r.body.realName, '王小明');
    t.is(r.body.displayName, '小明', 'the display name applies at once');
    t.is(r.body.pendingChange.status, 'pending');
    t.is(r.body.pendingChange.realName, '王晓明');
    t.true(r.body.pendingChange.photoUrl.includes(next));

    // The till still shows the old photo.
    const shop = await merchant(ctx, officer);
    const device = await openDevice(ctx, v);
    const check = await verify(ctx, shop.owner, device.code());
    t.true(check.body.valid, JSON.stringify(check.body));
    t.is(check.body.holder.photoRef, old);
    t.is(check.body.holder.maskedName, '王*明');
    t.is(check.body.holder.photoApprovedAt, null);

    const list = await pending(officer);
    t.is(list.status, 200, JSON.stringify(list.body));
    const item = list.body.changes.find((c: { userId: number }) => c.userId === v.id);
    t.truthy(item);
    t.is(item.currentRealName, '王小明');
    t.true(item.currentPhotoUrl.includes(old));
    t.true(item.photoUrl.includes(next));
    t.is((await ctx.request().get(pathOf(item.photoUrl))).status, 200);

    ctx.clock.advance(60_000);
    const ok = await ctx
      .request()
      .post(`/api/v1/profile-changes/${item.id}/approve`)
      .set(officer.auth)
      .send({});
    t.is(ok.status, 200, JSON.stringify(ok.body));
    t.is(ok.body.status, 'approved');
    const after = await row(v);
    t.is(after.photoRef, next);
    t.is(after.realName, '王晓明');
    t.is(after.photoApprovedAt?.toISOString(), ctx.clock.now().toISOString());

    ctx.clock.advance(60_000);
    const again = await verify(ctx, shop.owner, device.code());
    t.true(again.body.valid, JSON.stringify(again.body));
    t.is(again.body.holder.photoRef, next);
    t.is(again.body.holder.photoApprovedAt, after.photoApprovedAt?.toISOString());

    // Decided once: a second decision is refused; the history keeps it.
    const twice = await ctx
      .request()
      .post(`/api/v1/profile-changes/${item.id}/reject`)
      .set(officer.auth)
      .send({ reason: '不清楚' });
    t.is(twice.status, 409);
    t.is(twice.body.error.code, 'profile_changes.not_pending');
    const me = await profile(v);
    t.is(me.body.pendingChange, null);
    t.is(me.body.history[0].status, 'approved');
    t.is(me.body.photoApprovedAt, after.photoApprovedAt?.toISOString());
    // Audited, without the personal data.
    const [entry] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'profile_changes'), eq(auditLog.targetId, String(item.id))));
    t.truthy(entry);
    t.false(JSON.stringify(entry).includes('王晓明'));
  },
);

test.serial('a rejection keeps the old photo and name, with the reason in the history', async (t) => {
  const { officer, v } = await setup();
  await put(v, { realName: '李四', consentVersion: '2026-12' });
  await certifiedVolunteer(ctx, officer, v);
  const r = await put(v, { realName: '张三' });
  t.is(r.body.pendingChange.realName, '张三');
  const id = r.body.pendingChange.id;
  const bad = await ctx.request().post(`/api/v1/profile-changes/${id}/reject`).set(officer.auth).send({});
  t.is(bad.status, 400);
  const no = await ctx
    .request()
    .post(`/api/v1/profile-changes/${id}/reject`)
    .set(officer.auth)
    .send({ reason: '与身份证不符' });
  t.is(no.status, 200, JSON.stringify(no.body));
  t.is(no.body.status, 'rejected');
  t.is(no.body.reason, '与身份证不符');
  t.is((await row(v)).realName, '李四');
  const me = await profile(v);
  t.is(me.body.history[0].reason, '与身份证不符');
});

test.serial('a newer request replaces the waiting one; the volunteer may withdraw it', async (t) => {
  const { officer, v } = await setup();
  await put(v, { realName: '甲', consentVersion: '2026-12' });
  await certifiedVolunteer(ctx, officer, v);
  const first = (await put(v, { realName: '乙' })).body.pendingChange.id;
  const second = (await put(v, { realName: '丙' })).body.pendingChange;
  t.not(second.id, first);
  const [old] = await ctx.db.select().from(profileChanges).where(eq(profileChanges.id, first));
  t.is(old!.status, 'withdrawn');
  const w = await ctx.request().delete('/api/v1/me/profile-change').set(v.auth);
  t.is(w.status, 200, JSON.stringify(w.body));
  t.is(w.body.pendingChange, null);
  t.is(w.body.realName, '甲');
  t.is((await ctx.request().delete('/api/v1/me/profile-change').set(v.auth)).status, 404);
});

test.serial("another community's officer sees none of it and cannot decide", async (t) => {
  const { officer, v } = await setup();
  await put(v, { realName: '甲', consentVersion: '2026-12' });
  await certifiedVolunteer(ctx, officer, v);
  const id = (await put(v, { realName: '乙' })).body.pendingChange.id;
  const stranger = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  const list = await pending(stranger);
  t.false(list.body.changes.some((c: { id: number }) => c.id === id));
  const r = await ctx.request().post(`/api/v1/profile-changes/${id}/approve`).set(stranger.auth).send({});
  t.is(r.status, 404);
  t.is(r.body.error.code, 'profile_changes.not_found');
  t.is((await ctx.request().get('/api/v1/profile-changes').set(v.auth)).status, 403);
  t.is((await row(v)).realName, '甲');
});

test.serial('withdrawing consent deletes the photo bytes and the personal fields, audited', async (t) => {
  const { officer, v } = await setup();
  const ref = await uploadProfilePhoto(ctx, v, 70);
  await put(v, { photoRef: ref, realName: '赵六', phone: '13812345678' });
  await certifiedVolunteer(ctx, officer, v);
  const waiting = await uploadProfilePhoto(ctx, v, 80);
  await put(v, { photoRef: waiting });
  const link = (await profile(v)).body.pendingChange.photoUrl as string;
  t.is((await ctx.request().get(pathOf(link))).status, 200);

  // Someone else uploaded the same bytes: their copy stays.
  const other = await ctx.addUser('volunteer', v.communityId);
  await ctx.request().put('/api/v1/me/profile').set(other.auth).send({ consentVersion: '2026-12' });
  const same = await ctx
    .request()
    .post('/api/v1/photos?purpose=profile')
    .set(other.auth)
    .set('Content-Type', 'image/jpeg')
    .send(await jpeg(70));
  t.is(same.body.photoRef, ref);

  const r = await ctx.request().post('/api/v1/me/consent/withdraw').set(v.auth).send({});
  t.is(r.status, 200, JSON.stringify(r.body));
  t.is(r.body.photosDeleted, 2);
  // A link handed out before finds nothing any more.
  t.is((await ctx.request().get(pathOf(link))).status, 404);
  t.deepEqual(await ctx.db.select().from(photos).where(eq(photos.ownerId, v.id)), []);
  t.is((await ctx.db.select().from(photos).where(eq(photos.ownerId, other.id))).length, 1);
  const after = await row(v);
  t.deepEqual(
    [after.realName, after.phone, after.photoRef, after.consentAt, after.photoApprovedAt],
    [null, null, null, null, null],
  );
  const changes = await ctx.db.select().from(profileChanges).where(eq(profileChanges.userId, v.id));
  t.true(changes.every((c) => c.photoRef === null && c.realName === null && c.status !== 'pending'));
  const [entry] = await ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'POST /me/consent/withdraw'), eq(auditLog.actorId, v.id)));
  t.truthy(entry);
  t.false(JSON.stringify(entry).includes('赵六'));
  t.false(JSON.stringify(entry).includes('13812345678'));
  // Withdrawing twice: nothing to withdraw.
  const twice = await ctx.request().post('/api/v1/me/consent/withdraw').set(v.auth).send({});
  t.is(twice.status, 409);
  t.is(twice.body.error.code, 'profile.no_consent');
  // And no new profile photo without consenting again.
  const up = await ctx
    .request()
    .post('/api/v1/photos?purpose=profile')
    .set(v.auth)
    .set('Content-Type', 'image/jpeg')
    .send(await jpeg(90));
  t.is(up.body.error?.code, 'profile.consent_required');
});
