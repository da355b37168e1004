import {
  type ChallengeCreateInput,
  type ChallengeStatus,
  challengeAcceptsIdeas,
  isMerchantInAlliance,
  toHundredths,
} from '@timebank/shared';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { isStaff } from '../../policy/policy';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';
import { type ChallengeLookups, presentChallenge } from './challenges.internals';
import { challengeProposals, challenges, challengeVotes } from './challenges.table';

/** 商家难题 rounds: a shop posts its problem, the community proposes and votes. */
export function createChallengeRoundsService(deps: { db: Db; clock: Clock; lookups: ChallengeLookups }) {
  const { db, clock } = deps;
  const { visible, merchantOf } = deps.lookups;

  return {
    /** The owner of an alliance merchant (active or warned) puts a problem to its community. */
    async postChallenge(staff: AuthUser, input: ChallengeCreateInput) {
      const { merchant, isOwner } = await membershipOf(db, staff);
      if (!isOwner) fail('merchants.owner_only');
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      const [c] = await db
        .insert(challenges)
        .values({
          communityId: merchant.communityId,
          merchantId: merchant.id,
          authorId: staff.id,
          title: input.title,
          problem: input.problem,
          photoUrls: input.photoUrls,
          bonusPoints: input.bonus ? toHundredths(input.bonus.pointsPerParticipant) : null,
          bonusMaxParticipants: input.bonus ? input.bonus.maxParticipants : null,
          createdAt: clock.now(),
        })
        .returning();
      return presentChallenge(c!, merchant);
    },

    /** The community's challenges, newest first, with the number of proposals and votes. */
    async listChallenges(user: AuthUser, query: { status?: ChallengeStatus | undefined }) {
      const conditions = [eq(challenges.communityId, user.communityId)];
      if (query.status) conditions.push(eq(challenges.status, query.status));
      if (!isStaff(user)) {
        conditions.push(ne(challenges.status, 'taken_down'));
        conditions.push(inArray(merchants.status, ['active', 'warned']));
      }
      let mineOnly: number | undefined;
      if (user.role === 'merchant_staff') {
        // A shop sees the community's challenges too (they are public within it), its own marked.
        mineOnly = (await membershipOf(db, user).catch(() => undefined))?.merchant.id;
      }
      const rows = await db
        .select({
          c: challenges,
          merchant: { id: merchants.id, name: merchants.name },
          proposals:
            sql<number>`(select count(*) from ${challengeProposals} p where p.challenge_id = "challenges"."id")`.mapWith(
              Number,
            ),
          votes:
            sql<number>`(select count(*) from ${challengeVotes} v where v.challenge_id = "challenges"."id")`.mapWith(
              Number,
            ),
        })
        .from(challenges)
        .innerJoin(merchants, eq(merchants.id, challenges.merchantId))
        .where(and(...conditions))
        .orderBy(desc(challenges.id))
        .limit(100);
      return {
        challenges: rows.map((r) => ({
          ...presentChallenge(r.c, r.merchant),
          proposalCount: r.proposals,
          voteCount: r.votes,
          ...(mineOnly !== undefined ? { mine: r.c.merchantId === mineOnly } : {}),
        })),
      };
    },

    /** One challenge with its proposals and their vote counts, and the caller's own vote. */
    async getChallenge(user: AuthUser, id: number) {
      const c = await visible(db, user, id);
      const merchant = await merchantOf(db, c.merchantId);
      const rows = await db
        .select({
          p: challengeProposals,
          authorName: users.displayName,
          votes:
            sql<number>`(select count(*) from ${challengeVotes} v where v.proposal_id = "challenge_proposals"."id")`.mapWith(
              Number,
            ),
        })
        .from(challengeProposals)
        .innerJoin(users, eq(users.id, challengeProposals.authorId))
        .where(eq(challengeProposals.challengeId, c.id))
        .orderBy(asc(challengeProposals.createdAt), asc(challengeProposals.id));
      const [mine] = await db
        .select({ proposalId: challengeVotes.proposalId })
        .from(challengeVotes)
        .where(and(eq(challengeVotes.challengeId, c.id), eq(challengeVotes.voterId, user.id)));
      return {
        ...presentChallenge(c, merchant),
        myVote: mine?.proposalId ?? null,
        proposals: rows.map((r) => ({
          id: r.p.id,
          text: r.p.text,
          // Residents are shown by their chosen display name only, never a phone or real name.
          author: { displayName: r.authorName },
          mine: r.p.authorId === user.id,
          votes: r.votes,
          winner: c.winningProposalId === r.p.id,
          createdAt: r.p.createdAt.toISOString(),
        })),
      };
    },

    /** A resident proposes a solution while the round is open; one proposal each. */
    async propose(user: AuthUser, id: number, text: string) {
      return inTransaction(db, async (tx) => {
        const c = await visible(tx, user, id, 'share');
        if (!challengeAcceptsIdeas(c.status)) fail('challenges.not_open');
        const [p] = await tx
          .insert(challengeProposals)
          .values({ challengeId: c.id, authorId: user.id, text, createdAt: clock.now() })
          .onConflictDoNothing()
          .returning();
        if (!p) fail('challenges.already_proposed');
        return { id: p.id, challengeId: c.id, text: p.text, createdAt: p.createdAt.toISOString() };
      });
    },

    /**
     * One vote per person per challenge. Voting again while the round is open moves the vote to the
     * new proposal; the unique (challenge, voter) pair keeps concurrent votes to one row. Nobody votes
     * for their own proposal. The challenge row is share-locked so a round closing meanwhile waits.
     */
    async vote(user: AuthUser, id: number, proposalId: number) {
      return inTransaction(db, async (tx) => {
        const c = await visible(tx, user, id, 'share');
        if (c.communityId !== user.communityId) fail('challenges.not_found');
        if (!challengeAcceptsIdeas(c.status)) fail('challenges.not_open');
        const [p] = await tx
          .select()
          .from(challengeProposals)
          .where(and(eq(challengeProposals.id, proposalId), eq(challengeProposals.challengeId, c.id)));
        if (!p) fail('challenges.proposal_not_found');
        if (p.authorId === user.id) fail('challenges.own_proposal');
        const now = clock.now();
        await tx
          .insert(challengeVotes)
          .values({ challengeId: c.id, proposalId: p.id, voterId: user.id, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({
            target: [challengeVotes.challengeId, challengeVotes.voterId],
            set: { proposalId: p.id, updatedAt: now },
          });
        return { challengeId: c.id, myVote: p.id };
      });
    },

    /** The officer closes the round: the proposal with most votes wins, ties to the earliest. */
  };
}
