import test from 'ava';
import sharp from 'sharp';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../../helpers/context';
import { shop as merchant, verify } from '../merchants/support';
import { jpeg, pathOf, uploadProfilePhoto } from './support';

let ctx: TestContext;
let communityId: number;
test.before(async () => {
  ctx = await createTestContext({ PHOTO_URL_TTL_SECONDS: '300' });
  communityId = (await ctx.addCommunity()).id;
});
test.after.always(async () => {
  await ctx?.close();
});

const me = (u: TestUser) => ctx.request().get('/api/v1/me/profile').set(u.auth);

/** A volunteer with a profile photo in force (set before any certificate), and its link. */
async function withPhoto(colour = 30) {
  const v = await ctx.addUser('volunteer', communityId);
  const ref = await uploadProfilePhoto(ctx, v, colour);
  const put = await ctx.request().put('/api/v1/me/profile').set(v.auth).send({ photoRef: ref });
  if (put.status !== 200) throw new Error(JSON.stringify(put.body));
  return { v, ref, url: put.body.photoUrl as string };
}

test.serial('the holder gets a signed link that serves the photo, private, for a few minutes', async (t) => {
  const { ref, url, v } = await withPhoto();
  t.true(url.startsWith(`${ctx.config.publicBaseUrl}/api/v1/photos/${ref}?exp=`), url);
  const r = await ctx.request().get(pathOf(url)).buffer(true);
  t.is(r.status, 200, r.text);
  t.is(r.headers['content-type'], 'image/jpeg');
  const cacheControl = String(r.headers['cache-control']);
  t.regex(cacheControl, /^private, max-age=(\d+)$/);
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1]);
  t.true(maxAge > 0 && maxAge <= 300, String(maxAge));
  const meta = await sharp(r.body as Buffer).metadata();
  t.is(meta.format, 'jpeg');
  const small = await ctx
    .request()
    .get(`${pathOf(url)}&size=small`)
    .buffer(true);
  t.is(small.status, 200);
  t.is((await sharp(small.body as Buffer).metadata()).width, 160);
  t.is((await me(v)).body.photoUrl.split('?')[0], url.split('?')[0]);
});

test.serial('an expired link → 403 photos.link_invalid', async (t) => {
  const { url } = await withPhoto(31);
  ctx.clock.advance(301_000);
  const r = await ctx.request().get(pathOf(url));
  t.is(r.status, 403, r.text);
  t.is(r.body.error.code, 'photos.link_invalid');
  t.is(r.headers['cache-control'], 'no-store');
});

test.serial('a forged, altered or missing signature → 403, whatever the photo', async (t) => {
  const { ref, url } = await withPhoto(32);
  const u = new URL(url);
  const exp = Number(u.searchParams.get('exp'));
  const sig = u.searchParams.get('sig')!;
  const other = (await withPhoto(120)).ref;
  for (const path of [
    `/api/v1/photos/${ref}`,
    `/api/v1/photos/${ref}?exp=${exp + 3600}&sig=${sig}`,
    `/api/v1/photos/${ref}?exp=${exp}&sig=${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
    `/api/v1/photos/${other}?exp=${exp}&sig=${sig}`,
  ]) {
    const r = await ctx.request().get(path);
    t.is(r.status, 403, path);
    t.is(r.body.error.code, 'photos.link_invalid', path);
  }
  const missing = await ctx.request().get(`/api/v1/photos/ph_${'ab'.repeat(32)}?exp=${exp}&sig=${sig}`);
  t.is(missing.status, 404);
  t.is(missing.body.error.code, 'photos.not_found');
  const notOurs = await ctx.request().get('/api/v1/photos/javascript:alert(1)');
  t.is(notOurs.status, 400);
});

test.serial('product photos are public: no signature, cached as immutable', async (t) => {
  const v = await ctx.addUser('volunteer', communityId);
  const up = await ctx
    .request()
    .post('/api/v1/photos?purpose=product')
    .set(v.auth)
    .set('Content-Type', 'image/jpeg')
    .send(await jpeg(90));
  t.is(up.status, 201);
  const r = await ctx.request().get(`/api/v1/photos/${up.body.photoRef}`);
  t.is(r.status, 200);
  t.is(r.headers['cache-control'], 'public, max-age=31536000, immutable');
});

test.serial("another volunteer's photo cannot be put in one's own profile", async (t) => {
  const { ref } = await withPhoto(34);
  const other = await ctx.addUser('volunteer', communityId);
  const r = await ctx
    .request()
    .put('/api/v1/me/profile')
    .set(other.auth)
    .send({ photoRef: ref, consentVersion: '2026-12' });
  t.is(r.status, 404, JSON.stringify(r.body));
  t.is(r.body.error.code, 'photos.not_found');
  t.is((await me(other)).body.photoUrl, null);
});

test.serial('officers of the community see the photo link; other communities are refused', async (t) => {
  const { v, ref } = await withPhoto(35);
  const officer = await ctx.addUser('officer', communityId);
  const list = await ctx.request().get('/api/v1/volunteers').set(officer.auth);
  t.is(list.status, 200);
  const mine = list.body.volunteers.find((x: { id: number }) => x.id === v.id);
  t.truthy(mine.photoUrl);
  t.true(mine.photoUrl.includes(ref));
  t.is((await ctx.request().get(pathOf(mine.photoUrl))).status, 200);
  const elsewhere = await ctx.addUser('officer', (await ctx.addCommunity()).id);
  const refused = await ctx
    .request()
    .get(`/api/v1/volunteers?communityId=${communityId}`)
    .set(elsewhere.auth);
  t.is(refused.status, 403);
  // Another volunteer is not given the link anywhere: their own profile carries only their photo.
  const other = await ctx.addUser('volunteer', communityId);
  t.false(JSON.stringify((await me(other)).body).includes(ref));
  t.is((await ctx.request().get('/api/v1/volunteers').set(other.auth)).status, 403);
});

test.serial('shop staff get the holder photo link with a valid check, valid for a few minutes', async (t) => {
  const officer = await ctx.addUser('officer', communityId);
  const shop = await merchant(ctx, officer);
  const volunteer = await ctx.addUser('volunteer', communityId);
  const ref = await uploadProfilePhoto(ctx, volunteer, 36);
  await ctx.request().put('/api/v1/me/profile').set(volunteer.auth).send({ photoRef: ref });
  await certifiedVolunteer(ctx, officer, volunteer);
  const device = await openDevice(ctx, volunteer);
  const r = await verify(ctx, shop.owner, device.code());
  t.true(r.body.valid, JSON.stringify(r.body));
  t.is(r.body.holder.photoRef, ref);
  t.truthy(r.body.holder.photoUrl);
  t.is(r.body.holder.photoApprovedAt, null);
  const photo = await ctx.request().get(pathOf(r.body.holder.photoUrl));
  t.is(photo.status, 200);
  ctx.clock.advance(301_000);
  t.is((await ctx.request().get(pathOf(r.body.holder.photoUrl))).status, 403);
  // A refused check carries no holder and so no link.
  const again = await verify(ctx, shop.owner, 'TB1.nonsense');
  t.false(again.body.valid);
  t.is(again.body.holder, undefined);
});
