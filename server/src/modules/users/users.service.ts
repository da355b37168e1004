import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { communities } from '../communities/communities.table';
import { presentMe, presentVolunteerForOfficer } from './users.presenter';
import { findUserById, listVolunteers } from './users.repository';

export interface ProfileUpdate {
  displayName?: string | undefined;
  realName?: string | undefined;
  phone?: string | undefined;
  photoRef?: string | undefined;
  consentVersion?: string | undefined;
}

export function createUsersService(deps: {
  db: Db;
  clock: Clock;
  /** A signed link to a profile photo (for the community's officers). */
  photoUrl?: (ref: string | null) => string | null;
}) {
  const { db } = deps;
  return {
    async getMe(user: AuthUser) {
      const row = await findUserById(db, user.id);
      if (!row) fail('users.not_found');
      const [community] = await db.select().from(communities).where(eq(communities.id, row.communityId));
      return { ...presentMe(row), community: community ? { id: community.id, name: community.name } : null };
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
      return {
        volunteers: rows.map((u) => presentVolunteerForOfficer(u, deps.photoUrl?.(u.photoRef) ?? null)),
      };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
