import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { communities } from '../communities/communities.table';
import { presentMe, presentVolunteerForOfficer } from './users.presenter';
import { findUserById, listVolunteers } from './users.repository';
import { users } from './users.table';

export interface ProfileUpdate {
  displayName?: string | undefined;
  realName?: string | undefined;
  phone?: string | undefined;
  photoRef?: string | undefined;
  consentVersion?: string | undefined;
}

export function createUsersService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;
  return {
    async getMe(user: AuthUser) {
      const row = await findUserById(db, user.id);
      if (!row) fail('users.not_found');
      const [community] = await db.select().from(communities).where(eq(communities.id, row.communityId));
      return { ...presentMe(row), community: community ? { id: community.id, name: community.name } : null };
    },

    /** Personal data (real name, phone, photo) is stored only with consent on record (PIPL). */
    async updateProfile(user: AuthUser, input: ProfileUpdate) {
      const row = await findUserById(db, user.id);
      if (!row) fail('users.not_found');
      const personal =
        input.realName !== undefined || input.phone !== undefined || input.photoRef !== undefined;
      if (personal && !row.consentAt && !input.consentVersion) fail('profile.consent_required');
      const now = deps.clock.now();
      const [updated] = await db
        .update(users)
        .set({
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.realName !== undefined ? { realName: input.realName } : {}),
          ...(input.phone !== undefined ? { phone: input.phone } : {}),
          ...(input.photoRef !== undefined ? { photoRef: input.photoRef } : {}),
          ...(input.consentVersion ? { consentVersion: input.consentVersion, consentAt: now } : {}),
          updatedAt: now,
        })
        .where(eq(users.id, user.id))
        .returning();
      return presentMe(updated!);
    },

    async listCommunities() {
      const rows = await db
        .select({ id: communities.id, name: communities.name })
        .from(communities)
        .orderBy(communities.id);
      return { communities: rows };
    },

    async listVolunteers(user: AuthUser, communityId?: number) {
      const target = communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'volunteers.list', target);
      const rows = await listVolunteers(db, target);
      return { volunteers: rows.map(presentVolunteerForOfficer) };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
