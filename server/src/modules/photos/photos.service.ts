import type { Config } from '@timebank/config';
import { type PhotoPurpose, type PhotoSize, photoUploadTypes, publicPhotoPurposes } from '@timebank/shared';
import { eq, sql } from 'drizzle-orm';
import type { Context } from 'koa';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { AppError, fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { findUserById } from '../users/users.repository';
import { processPhoto } from './photos.pipeline';
import type { PhotoSigner } from './photos.signing';
import { photos } from './photos.table';

/**
 * Reads the request body up to `max` bytes: a declared length above it is refused before a byte is
 * read, and a body that runs past it (chunked, or lying about its length) is cut off.
 */
async function readBody(ctx: Context, max: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    ctx.set('Connection', 'close');
    fail('photos.too_large');
  }
  const req = ctx.req;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        // Not destroyed: the 413 still goes out, and the connection closes after it.
        stop();
        req.pause();
        ctx.set('Connection', 'close');
        reject(new AppError('photos.too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * The first file of a multipart/form-data body (what WeChat's `uploadFile` sends): the bytes of the
 * part that has a filename, or of the first part.
 */
export function firstMultipartFile(body: Buffer, boundary: string): Buffer | null {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  let first: Buffer | null = null;
  while (at >= 0) {
    const headersStart = at + delimiter.length;
    if (body.subarray(headersStart, headersStart + 2).toString() === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd < 0) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    if (next < 0) break;
    const headers = body.subarray(headersStart, headersEnd).toString('latin1');
    const content = body.subarray(headersEnd + 4, next);
    if (/filename=/i.test(headers)) return content;
    first ??= content;
    at = next + 2;
  }
  return first;
}

export function createPhotosService(deps: { db: Db; clock: Clock; config: Config; signer: PhotoSigner }) {
  const { db, clock, config, signer } = deps;
  const { maxBytes, maxPixels } = config.photos;

  /** The image bytes of an upload: the raw body (image/jpeg, png, webp) or a multipart form's file. */
  async function uploadedBytes(ctx: Context): Promise<Buffer> {
    const type = ctx.get('content-type');
    if (/^multipart\/form-data/i.test(type)) {
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
      if (!boundary) fail('photos.not_an_image');
      // A form carries a few hundred bytes of headers beside the file.
      const body = await readBody(ctx, maxBytes + 16_384);
      const file = firstMultipartFile(body, boundary[1] ?? boundary[2]!);
      if (!file || file.length === 0) fail('photos.not_an_image');
      if (file.length > maxBytes) fail('photos.too_large');
      return file;
    }
    const mime = type.split(';')[0]!.trim().toLowerCase();
    if (!(photoUploadTypes as readonly string[]).includes(mime)) fail('photos.unsupported_type');
    const body = await readBody(ctx, maxBytes);
    if (body.length === 0) fail('photos.not_an_image');
    return body;
  }

  return {
    signer,

    /**
     * Stores an uploaded image for a purpose. A profile photo needs the owner's consent on record
     * (PIPL): it is personal data. The same bytes uploaded twice are one row.
     */
    async upload(user: AuthUser, purpose: PhotoPurpose, ctx: Context) {
      if (purpose === 'profile') {
        const me = await findUserById(db, user.id);
        if (!me) fail('users.not_found');
        if (!me.consentAt) fail('profile.consent_required');
      }
      const bytes = await uploadedBytes(ctx);
      const p = await processPhoto(bytes, maxPixels);
      await db
        .insert(photos)
        .values({
          ref: p.ref,
          ownerId: user.id,
          purpose,
          contentType: 'image/jpeg',
          width: p.width,
          height: p.height,
          large: p.large,
          small: p.small,
          createdAt: clock.now(),
        })
        .onConflictDoNothing();
      return { photoRef: p.ref, width: p.width, height: p.height };
    },

    /**
     * A stored photo's bytes. Public purposes need no signature; a profile photo needs a valid,
     * unexpired signed link (403 photos.link_invalid otherwise). Sets the answer's caching.
     */
    async serve(ref: string, q: { exp?: number; sig?: string; size?: PhotoSize }, ctx: Context) {
      const column = q.size === 'small' ? photos.small : photos.large;
      // The same bytes may be stored for several owners: a public copy makes them public.
      const [row] = await db
        .select({ purpose: photos.purpose, bytes: column })
        .from(photos)
        .where(eq(photos.ref, ref))
        .orderBy(sql`${photos.purpose} = 'profile'`)
        .limit(1);
      const signedFor = signer.check(ref, q.exp, q.sig, clock.now());
      if (!row) {
        // A valid link to a deleted photo (consent withdrawn) and a missing one look the same.
        fail('photos.not_found');
      }
      if (publicPhotoPurposes.includes(row.purpose)) {
        ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        if (signedFor === null) fail('photos.link_invalid');
        ctx.set('Cache-Control', `private, max-age=${signedFor}`);
      }
      ctx.type = 'image/jpeg';
      ctx.set('Content-Security-Policy', "default-src 'none'");
      return row.bytes;
    },

    /** A link to a photo for someone allowed to see it: signed for profile photos, plain otherwise. */
    urlFor(ref: string | null | undefined, ttlSeconds?: number): string | null {
      if (!ref) return null;
      if (!ref.startsWith('ph_')) return ref.startsWith('https://') ? ref : null;
      return signer.signedUrl(ref, clock.now(), ttlSeconds);
    },
  };
}

export type PhotosService = ReturnType<typeof createPhotosService>;
