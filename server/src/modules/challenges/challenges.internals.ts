import { fromHundredths, isMerchantInAlliance } from '@timebank/shared';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource, isStaff } from '../../policy/policy';
import { merchants } from '../merchants/merchants.table';
import { challenges } from './challenges.table';

export type ChallengeRow = typeof challenges.$inferSelect;

// Correlated counts name the outer table explicitly: drizzle leaves columns unqualified when a query
// reads a single table, and an unqualified "id" would bind to the inner table.

export function presentChallenge(c: ChallengeRow, merchant: { id: number; name: string }) {
  return {
    id: c.id,
    communityId: c.communityId,
    title: c.title,
    problem: c.problem,
    photoUrls: c.photoUrls,
    merchant: { id: merchant.id, name: merchant.name },
    bonus:
      c.bonusPoints === null || c.bonusMaxParticipants === null
        ? null
        : {
            pointsPerParticipant: fromHundredths(c.bonusPoints),
            maxParticipants: c.bonusMaxParticipants,
          },
    status: c.status,
    winningProposalId: c.winningProposalId,
    activityId: c.activityId,
    activityBonus: c.activityBonus,
    closedAt: c.closedAt?.toISOString() ?? null,
    takeDownReason: c.takeDownReason,
    createdAt: c.createdAt.toISOString(),
  };
}

/** What the two parts share: a challenge loaded, a challenge as the user may see it, its shop. */
export function createChallengeLookups() {
  async function load(tx: Executor, id: number, lock?: 'update' | 'share') {
    const q = tx.select().from(challenges).where(eq(challenges.id, id)).limit(1);
    const [c] = lock ? await q.for(lock) : await q;
    if (!c) fail('challenges.not_found');
    return c;
  }

  /**
   * The challenge, if the user may see it: officers of the community (or its district administrator)
   * see everything; everyone else sees their own community's challenges that are not taken down.
   */
  async function visible(tx: Executor, user: AuthUser, id: number, lock?: 'update' | 'share') {
    const c = await load(tx, id, lock);
    await authorizeResource(
      tx,
      user,
      'challenges.read',
      { communityId: c.communityId },
      'challenges.not_found',
    );
    if (isStaff(user)) return c;
    // Another community's challenge is not there at all for a resident or a shop, nor is one taken
    // down or posted by a shop that has since been suspended or removed (as on the board).
    if (c.status === 'taken_down') fail('challenges.not_found');
    const [m] = await tx
      .select({ status: merchants.status })
      .from(merchants)
      .where(eq(merchants.id, c.merchantId));
    if (!m || !isMerchantInAlliance(m.status)) fail('challenges.not_found');
    return c;
  }

  async function merchantOf(tx: Executor, merchantId: number) {
    const [m] = await tx
      .select({ id: merchants.id, name: merchants.name })
      .from(merchants)
      .where(eq(merchants.id, merchantId));
    return m ?? { id: merchantId, name: '' };
  }

  return { load, visible, merchantOf };
}

export type ChallengeLookups = ReturnType<typeof createChallengeLookups>;
