import sharp from 'sharp';
import type { TestContext, TestUser } from '../../../helpers/context';

/** A JPEG of one colour (a different colour gives different bytes, so a different photo). */
export const jpeg = (r: number, size = 200) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r, g: 120, b: 60 } } })
    .jpeg()
    .toBuffer();

/** Records the consent, uploads a profile photo, answers its ref. */
export async function uploadProfilePhoto(ctx: TestContext, u: TestUser, colour = 10): Promise<string> {
  await ctx.request().put('/api/v1/me/profile').set(u.auth).send({ consentVersion: '2026-12' });
  const r = await ctx
    .request()
    .post('/api/v1/photos?purpose=profile')
    .set(u.auth)
    .set('Content-Type', 'image/jpeg')
    .send(await jpeg(colour));
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.photoRef as string;
}

/** The path and query of an absolute link the API handed out. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
