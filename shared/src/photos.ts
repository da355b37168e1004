/**
 * Photos, one pipeline: every image (a volunteer's profile photo, a product's, an offer's, a
 * challenge's, a shop's) is uploaded as JPEG, PNG or WebP, re-encoded by the server and stored by the
 * SHA-256 of its re-encoded bytes (`ph_<hex>`). Profile photos are personal data: served only through
 * short-lived signed links issued to who may see them. The others are public.
 */
import { z } from 'zod';
import { idText, intText, PHOTO_ID_PATTERN } from './primitives';

export const photoPurposes = ['profile', 'product', 'offer', 'challenge', 'shop'] as const;
export type PhotoPurpose = (typeof photoPurposes)[number];
/** Served to anyone without a signature (they are shown in public lists). */
export const publicPhotoPurposes: readonly PhotoPurpose[] = ['product', 'offer', 'challenge', 'shop'];

/** What the upload route takes: the bytes themselves, or one file in a multipart form (WeChat). */
export const photoUploadTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The two fixed sizes every photo is stored at (longest side, px). */
export const PHOTO_SIZES = { large: 640, small: 160 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;

/** The wording of the personal-information consent a volunteer accepts before giving personal data. */
export const PROFILE_CONSENT_VERSION = '2026-12';

export const photoUploadQuery = z.object({ purpose: z.enum(photoPurposes) }).strict();

export const photoRefParam = z
  .object({ ref: z.string().max(67).regex(PHOTO_ID_PATTERN, 'photo_ref_not_ours') })
  .strict();

/** A signed link's query: expiry (unix seconds) and signature; public photos need neither. */
export const photoServeQuery = z
  .object({
    exp: intText(0, 2_147_483_647).optional(),
    sig: z
      .string()
      .max(43)
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .optional(),
    size: z.enum(['large', 'small']).optional(),
  })
  .strict();

/** 资料变更: a certified volunteer's new photo or real name waits for an officer. */
export const profileChangeStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ProfileChangeStatus = (typeof profileChangeStatuses)[number];

export const profileChangeIdParam = z.object({ id: idText }).strict();
export const profileChangesQuery = z.object({ communityId: idText.optional() }).strict();
export const profileChangeRejectBody = z.object({ reason: z.string().trim().min(1).max(200) }).strict();
