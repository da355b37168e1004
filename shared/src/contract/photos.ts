/** Response schemas of the photos module and of the profile page (building blocks in ./common.ts). */
import { z } from 'zod';
import { profileChangeStatuses } from '../photos';
import { idOut, listOut, textOut, timeOut } from './common';
import { userMeOut } from './users';

/** POST /photos: the stored image's id, to put in a profile, product, offer, challenge or shop. */
export const photoUploadedOut = z.strictObject({
  photoRef: z
    .string()
    .max(67)
    .regex(/^ph_[0-9a-f]{64}$/),
  width: z.number().int().min(1).max(640),
  height: z.number().int().min(1).max(640),
});
export type PhotoUploadedDto = z.infer<typeof photoUploadedOut>;

/** A signed (or, for public photos, plain) address of a stored photo. */
export const photoUrlOut = textOut(1000);

/** A photo or real-name change as the volunteer or an officer sees it. */
export const profileChangeOut = z.strictObject({
  id: idOut,
  userId: idOut,
  status: z.enum(profileChangeStatuses),
  /** The proposed real name; null when only the photo changes. */
  realName: textOut(40).nullable(),
  /** The proposed photo (a signed link, valid for a few minutes); null when only the name changes. */
  photoUrl: photoUrlOut.nullable(),
  reason: textOut(200).nullable(),
  createdAt: timeOut,
  decidedAt: timeOut.nullable(),
});
export type ProfileChangeDto = z.infer<typeof profileChangeOut>;

/** GET/PUT /me/profile: the user as on GET /me, with the photo's link and any waiting change. */
export const profileOut = userMeOut.extend({
  /** The photo in force (a signed link valid for a few minutes), or null. */
  photoUrl: photoUrlOut.nullable(),
  /** When an officer last approved the photo in force; null when it never needed approval. */
  photoApprovedAt: timeOut.nullable(),
  /** Whether a new photo or real name waits for an officer (a certificate exists). */
  approvalRequired: z.boolean(),
  pendingChange: profileChangeOut.nullable(),
  /** The last decided changes, newest first. */
  history: listOut(profileChangeOut, 20),
});
export type ProfileDto = z.infer<typeof profileOut>;

/** An officer's list of pending changes, each with the photo and name now in force beside it. */
export const pendingProfileChangeOut = profileChangeOut.extend({
  displayName: textOut(40),
  currentRealName: textOut(40).nullable(),
  currentPhotoUrl: photoUrlOut.nullable(),
});
export const profileChangesOut = z.strictObject({ changes: listOut(pendingProfileChangeOut, 1000) });
export type ProfileChangesDto = z.infer<typeof profileChangesOut>;

/** POST /me/consent/withdraw: what was deleted. */
export const consentWithdrawnOut = z.strictObject({
  withdrawnAt: timeOut,
  photosDeleted: z.number().int().min(0).max(100_000),
});
export type ConsentWithdrawnDto = z.infer<typeof consentWithdrawnOut>;
