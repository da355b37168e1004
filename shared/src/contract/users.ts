/** Response schemas of the users module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { roleSchema } from '../schemas';
import { idOut, listOut, textOut, timeOut } from './common';

/** A display or real name (the profile takes at most 40 characters). */
const nameOut = textOut(40);
/** `138****5678`: the phone is masked on the wire, even to its owner. */
const phoneMaskedOut = textOut(20);

/** The signed-in user as they see themselves (sign-in answers and PUT /me/profile). */
export const userMeOut = z.strictObject({
  id: idOut,
  role: roleSchema,
  communityId: idOut,
  displayName: nameOut,
  realName: nameOut.nullable(),
  phoneMasked: phoneMaskedOut.nullable(),
  photoRef: textOut(500).nullable(),
  /** The privacy notice accepted, when personal data was first given; null before. */
  consent: z.strictObject({ version: textOut(20).nullable(), at: timeOut }).nullable(),
});
export type UserMeDto = z.infer<typeof userMeOut>;

/** A community as the sign-in page lists it. */
export const userCommunityOut = z.strictObject({ id: idOut, name: textOut(200) });
export type UserCommunityDto = z.infer<typeof userCommunityOut>;

/** GET /me: the user and their community. */
export const userMeWithCommunityOut = userMeOut.extend({ community: userCommunityOut.nullable() });
export type UserMeWithCommunityDto = z.infer<typeof userMeWithCommunityOut>;

/** GET /communities. */
export const usersCommunitiesOut = z.strictObject({ communities: listOut(userCommunityOut, 1000) });
export type UsersCommunitiesDto = z.infer<typeof usersCommunitiesOut>;

/** A volunteer as an officer of the community sees them (GET /volunteers). */
export const userVolunteerOut = z.strictObject({
  id: idOut,
  displayName: nameOut,
  realName: nameOut.nullable(),
  phoneMasked: phoneMaskedOut.nullable(),
  /** The photo in force, signed for a few minutes (officers compare it at a dispute); null without one. */
  photoUrl: textOut(1000).nullable(),
  hasWechat: z.boolean(),
});
export type UserVolunteerDto = z.infer<typeof userVolunteerOut>;

export const usersVolunteersOut = z.strictObject({ volunteers: listOut(userVolunteerOut, 100_000) });
export type UsersVolunteersDto = z.infer<typeof usersVolunteersOut>;
