import test from 'ava';
import { eq } from 'drizzle-orm';
import { users } from '../../../../server/src/modules/users/users.table';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { uploadProfilePhoto } from '../photos/support';

const PHONE = '13812345678';
let ctx: TestContext;
let communityId: number;
test.before(async () => {
  ctx = await createTestContext();
  communityId = (await ctx.addCommunity()).id;
});
test.after.always(async () => {
  await ctx?.close();
});

const put = (u: TestUser, body: unknown) =>
  ctx
    .request()
    .put('/api/v1/me/profile')
    .set(u.auth)
    .send(body as object);
const getMe = (u: TestUser) => ctx.request().get('/api/v1/me').set(u.auth);
const row = async (u: TestUser) => (await ctx.db.select().from(users).where(eq(users.id, u.id)))[0]!;

test('a phone without consent → 400 profile.consent_required, and nothing changes', async (t) => {
  const v = await ctx.addUser('volunteer', communityId, { displayName: '原名' });
  const before = await row(v);
  const res = await put(v, { phone: PHONE, displayName: '新名字', realName: '张三' });
  t.is(res.status, 400, JSON.stringify(res.body));
  t.is(res.body.error.code, 'profile.consent_required');
  const after = await row(v);
  t.deepEqual(after, before);
  t.is(after.phone, null);
  t.is(after.displayName, '原名');
  const me = await getMe(v);
  t.is(me.body.phoneMasked, null);
  t.is(me.body.consent, null);
});

test('a display name alone needs no consent', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  const res = await put(v, { displayName: '小王' });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.displayName, '小王');
  t.is((await row(v)).displayName, '小王');
});

test('with consent the phone is stored, and only ever shown masked', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  const res = await put(v, { phone: PHONE, realName: '张三', consentVersion: '2026-01' });
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.phoneMasked, '138****5678');
  t.false(res.text.includes(PHONE));
  t.deepEqual(res.body.consent, { version: '2026-01', at: ctx.clock.now().toISOString() });

  const stored = await row(v);
  t.is(stored.phone, PHONE);
  t.is(stored.realName, '张三');
  t.is(stored.consentVersion, '2026-01');

  const me = await getMe(v);
  t.is(me.status, 200);
  t.is(me.body.phoneMasked, '138****5678');
  t.is(me.body.realName, '张三');
  t.false(me.text.includes(PHONE));
  t.false(me.text.includes('"phone"'));

  // An officer of the community sees it masked too.
  const officer = await ctx.addUser('officer', communityId);
  const list = await ctx.request().get('/api/v1/volunteers').set(officer.auth);
  t.is(list.status, 200);
  t.true(
    list.body.volunteers.some(
      (x: { id: number; phoneMasked: string }) => x.id === v.id && x.phoneMasked === '138****5678',
    ),
  );
  t.false(list.text.includes(PHONE));

  // Consent on record: a later change needs no new consentVersion.
  const later = await put(v, { phone: '13900001111' });
  t.is(later.status, 200, JSON.stringify(later.body));
  t.is(later.body.phoneMasked, '139****1111');
  t.is((await row(v)).consentVersion, '2026-01');
});

test('an invalid phone → 400 request.invalid naming the field "phone"', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  for (const phone of ['12345', '2381234567x', '138123456789', 'abc']) {
    const res = await put(v, { phone, consentVersion: '2026-01' });
    t.is(res.status, 400, phone);
    t.is(res.body.error.code, 'request.invalid', phone);
    t.true(Array.isArray(res.body.error.details), phone);
    t.true(
      res.body.error.details.some((d: { path: string }) => d.path === 'phone'),
      JSON.stringify(res.body.error.details),
    );
  }
  const r = await row(v);
  t.is(r.phone, null);
  t.is(r.consentAt, null, 'a refused request records no consent either');
});

test('unknown fields are refused (no mass assignment): role stays volunteer', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  for (const extra of [
    { role: 'officer' },
    { communityId: communityId + 1 },
    { disabled: false },
    { id: 1 },
  ]) {
    const res = await put(v, { displayName: '想当官', ...extra });
    t.is(res.status, 400, JSON.stringify(extra));
    t.is(res.body.error.code, 'request.invalid', JSON.stringify(extra));
  }
  const r = await row(v);
  t.is(r.role, 'volunteer');
  t.is(r.communityId, communityId);
  t.not(r.displayName, '想当官');
  const me = await getMe(v);
  t.is(me.body.role, 'volunteer');
});

test('the profile needs a signed-in user → 401 auth.required', async (t) => {
  const res = await ctx.request().put('/api/v1/me/profile').send({ displayName: 'x' });
  t.is(res.status, 401);
  t.is(res.body.error.code, 'auth.required');
});

test('a photo that is not our own image or a public https link → 400, and nothing changes', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  const before = await row(v);
  for (const photoRef of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<b>x</b>',
    'https://169.254.169.254/latest/meta-data',
    'https://localhost/me.jpg',
  ]) {
    const res = await put(v, { photoRef, consentVersion: '2026-01' });
    t.is(res.status, 400, photoRef);
    t.is(res.body.error.code, 'request.invalid', photoRef);
    t.is(res.body.error.details[0].path, 'photoRef', photoRef);
  }
  t.deepEqual(await row(v), before);
  // An id of ours, but of no photo this user uploaded: 404.
  const missing = await put(v, { photoRef: `ph_${'0f'.repeat(32)}`, consentVersion: '2026-01' });
  t.is(missing.status, 404, JSON.stringify(missing.body));
  t.is(missing.body.error.code, 'photos.not_found');
  const ok = await put(v, { photoRef: await uploadProfilePhoto(ctx, v), consentVersion: '2026-01' });
  t.is(ok.status, 200, JSON.stringify(ok.body));
});
