import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed photo links: `?exp=<unix seconds>&sig=<base64url HMAC-SHA-256 of "<ref>.<exp>">` with the
 * secret from configuration (PHOTO_URL_SECRET). Whoever holds the link may fetch the photo until it
 * expires; links are only handed to who may see the photo.
 */
export function createPhotoSigner(deps: { secret: string; ttlSeconds: number; baseUrl: () => string }) {
  const key = Buffer.from(deps.secret, 'utf8');
  const mac = (ref: string, exp: number) =>
    createHmac('sha256', key).update(`${ref}.${exp}`).digest('base64url');
  return {
    /** A link to `ref` valid for `ttlSeconds` (default: the configured few minutes) from `now`. */
    signedUrl(ref: string, now: Date, ttlSeconds = deps.ttlSeconds): string {
      const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
      return `${deps.baseUrl()}/api/v1/photos/${ref}?exp=${exp}&sig=${mac(ref, exp)}`;
    },
    /** A public photo's plain link (products, offers, challenges, shops). */
    publicUrl(ref: string): string {
      return `${deps.baseUrl()}/api/v1/photos/${ref}`;
    },
    /** Seconds the link has left, or null when it is forged, altered or expired. */
    check(ref: string, exp: number | undefined, sig: string | undefined, now: Date): number | null {
      if (exp === undefined || sig === undefined) return null;
      const expected = Buffer.from(mac(ref, exp));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const left = exp - Math.floor(now.getTime() / 1000);
      return left > 0 ? left : null;
    },
  };
}

export type PhotoSigner = ReturnType<typeof createPhotoSigner>;
