import {
  type AcceptanceScope,
  type AcceptanceSide,
  acceptanceScopeLabels,
  effectiveScope,
  honours,
} from '@timebank/shared';
import { asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { noteAudit } from '../audit/audit.note';
import { canManage } from '../users/scope';
import { communities, districts } from './communities.table';

/** Every community with its district and their 通存通兑 decisions, by community id. */
async function sides(ex: Executor) {
  const rows = await ex
    .select({
      id: communities.id,
      name: communities.name,
      districtId: communities.districtId,
      communityScope: communities.acceptanceScope,
      districtScope: districts.acceptanceScope,
    })
    .from(communities)
    .innerJoin(districts, eq(districts.id, communities.districtId))
    .orderBy(asc(communities.id));
  return rows.map((r) => ({ name: r.name, side: { ...r, communityId: r.id } as AcceptanceSide }));
}

/** The community's policy in force and the communities at whose shops its certificates count. */
async function acceptanceOf(ex: Executor, communityId: number) {
  const all = await sides(ex);
  const mine = all.find((c) => c.side.communityId === communityId);
  if (!mine) fail('communities.not_found');
  const scope = effectiveScope(mine.side);
  const honouredIn = all
    .filter((c) => honours(mine.side, c.side))
    .sort((a, b) => Number(b.side.communityId === communityId) - Number(a.side.communityId === communityId))
    .map((c) => ({ id: c.side.communityId, name: c.name }));
  return {
    communityId,
    districtId: mine.side.districtId,
    communityScope: mine.side.communityScope,
    districtScope: mine.side.districtScope,
    scope,
    label: acceptanceScopeLabels[scope],
    honouredIn,
  };
}

/**
 * 通存通兑 as a decided policy (shared/src/acceptance.ts): each district decides for its communities,
 * a community may decide for itself; the till applies both sides' decisions.
 */
export function createCommunitiesService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Anyone signed in may read a community's policy: holders see where their certificate counts. */
    acceptance: (communityId: number) => acceptanceOf(db, communityId),

    /** An officer of the community (or a district administrator of its district) decides; null: as the district. */
    async setCommunityAcceptance(user: AuthUser, communityId: number, scope: AcceptanceScope | null) {
      // Another community's id answers as a missing one.
      if (!(await canManage(db, user, communityId))) fail('communities.not_found');
      return inTransaction(db, async (tx) => {
        const [before] = await tx
          .select({ scope: communities.acceptanceScope })
          .from(communities)
          .where(eq(communities.id, communityId))
          .for('update');
        if (!before) fail('communities.not_found');
        await tx.update(communities).set({ acceptanceScope: scope }).where(eq(communities.id, communityId));
        noteAudit({
          entity: { type: 'communities', id: communityId },
          communityId,
          before: { acceptanceScope: before.scope },
          after: { acceptanceScope: scope },
        });
        return acceptanceOf(tx, communityId);
      });
    },

    /** A district administrator decides for the communities of their own district. */
    async setDistrictAcceptance(user: AuthUser, districtId: number, scope: AcceptanceScope) {
      const [home] = await db
        .select({ districtId: communities.districtId })
        .from(communities)
        .where(eq(communities.id, user.communityId));
      if (home?.districtId !== districtId) fail('districts.not_found');
      return inTransaction(db, async (tx) => {
        const [before] = await tx
          .select({ scope: districts.acceptanceScope })
          .from(districts)
          .where(eq(districts.id, districtId))
          .for('update');
        if (!before) fail('districts.not_found');
        await tx.update(districts).set({ acceptanceScope: scope }).where(eq(districts.id, districtId));
        noteAudit({
          entity: { type: 'districts', id: districtId },
          communityId: user.communityId,
          before: { acceptanceScope: before.scope },
          after: { acceptanceScope: scope },
        });
        return { districtId, scope, label: acceptanceScopeLabels[scope] };
      });
    },
  };
}

export type CommunitiesService = ReturnType<typeof createCommunitiesService>;
