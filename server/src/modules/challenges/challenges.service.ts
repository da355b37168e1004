import {
  bonusRecipients,
  type ChallengeConvertInput,
  type ChallengeCreateInput,
  type ChallengeStatus,
  challengeAcceptsIdeas,
  challengeLifecycle,
  fromHundredths,
  isMerchantInAlliance,
  moveTo,
  tallyWinner,
  toHundredths,
} from '@timebank/shared';
import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import type { ActivitiesService } from '../activities/activities.service';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { noteAudit } from '../audit/audit.note';
import { ledger } from '../ledger/ledger.service';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { notify } from '../notifications/notifications.service';
import { assertManages, isStaff } from '../users/scope';
import { users } from '../users/users.table';
import { challengeBonusAwards, challengeProposals, challenges, challengeVotes } from './challenges.table';

type ChallengeRow = typeof challenges.$inferSelect;

// Correlated counts name the outer table explicitly: drizzle leaves columns unqualified when a query
// reads a single table, and an unqualified "id" would bind to the inner table.

function presentChallenge(c: ChallengeRow, merchant: { id: number; name: string }) {
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

export function createChallengesService(deps: { db: Db; clock: Clock; activities: ActivitiesService }) {
  const { db, clock } = deps;

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
    if (isStaff(user)) {
      await assertManages(tx, user, c.communityId);
      return c;
    }
    // Another community's challenge is not there at all for a resident or a shop, nor is one taken
    // down or posted by a shop that has since been suspended or removed (as on the board).
    if (c.communityId !== user.communityId || c.status === 'taken_down') fail('challenges.not_found');
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
    async closeRound(officer: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const c = await load(tx, id, 'update');
        await assertManages(tx, officer, c.communityId);
        const { close } = challengeLifecycle.moves;
        if (!moveTo(challengeLifecycle, c.status, 'close')) fail('challenges.not_open');
        const tally = await tx
          .select({
            id: challengeProposals.id,
            authorId: challengeProposals.authorId,
            createdAt: challengeProposals.createdAt,
            votes:
              sql<number>`(select count(*) from ${challengeVotes} v where v.proposal_id = "challenge_proposals"."id")`.mapWith(
                Number,
              ),
          })
          .from(challengeProposals)
          .where(eq(challengeProposals.challengeId, c.id));
        const winner = tallyWinner(tally);
        const now = clock.now();
        const [closed] = await tx
          .update(challenges)
          .set({ status: close.to, winningProposalId: winner, closedBy: officer.id, closedAt: now })
          .where(and(eq(challenges.id, c.id), inArray(challenges.status, close.from)))
          .returning();
        const w = tally.find((t) => t.id === winner);
        noteAudit({
          entity: { type: 'challenges', id: c.id },
          communityId: c.communityId,
          before: { status: c.status, winningProposalId: c.winningProposalId },
          after: { status: closed!.status, winningProposalId: closed!.winningProposalId },
        });
        await notify(
          tx,
          c.authorId,
          {
            kind: 'challenges.closed',
            title: '难题征集已结束',
            body: w
              ? `「${c.title}」共收到 ${tally.length} 个方案，胜出方案得 ${w.votes} 票。`
              : `「${c.title}」本轮没有胜出方案。`,
            data: { challengeId: c.id, proposalId: w?.id ?? null },
          },
          now,
        );
        if (w) {
          await notify(
            tx,
            w.authorId,
            {
              kind: 'challenges.won',
              title: '您的方案胜出',
              body: `「${c.title}」的征集已结束，您的方案得票最多（${w.votes} 票）。`,
              data: { challengeId: c.id, proposalId: w.id },
            },
            now,
          );
        }
        return {
          ...presentChallenge(closed!, await merchantOf(tx, c.merchantId)),
          tally: tally.map((t) => ({ proposalId: t.id, votes: t.votes })),
        };
      });
    },

    async takeDown(officer: AuthUser, id: number, reason: string) {
      const c = await load(db, id);
      await assertManages(db, officer, c.communityId);
      const { row: u } = await applyMove(db, {
        lifecycle: challengeLifecycle,
        row: c,
        action: 'take_down',
        refusal: c.status === 'converted' ? 'challenges.already_converted' : 'challenges.already_taken_down',
        table: challenges,
        set: { takeDownReason: reason, takenDownBy: officer.id },
      });
      noteAudit({
        entity: { type: 'challenges', id },
        communityId: c.communityId,
        before: { status: c.status, takeDownReason: c.takeDownReason },
        after: { status: u.status, takeDownReason: u.takeDownReason },
      });
      return { id: u.id, communityId: u.communityId, status: u.status, takeDownReason: u.takeDownReason };
    },

    /**
     * Turns the winning solution into a volunteer activity through the activities service, so
     * enrolment, check-in and crediting work as for any activity. One transaction with the challenge
     * locked: the activity exists only if the challenge now points to it (a second conversion waits,
     * then finds it converted). The activity belongs to the challenge's community, which the officer
     * manages (a district administrator acts for any community of the district).
     */
    async convert(officer: AuthUser, id: number, input: ChallengeConvertInput) {
      return inTransaction(db, async (tx) => {
        const c = await load(tx, id, 'update');
        await assertManages(tx, officer, c.communityId);
        const { convert } = challengeLifecycle.moves;
        if (!moveTo(challengeLifecycle, c.status, 'convert')) {
          fail(c.status === 'converted' ? 'challenges.already_converted' : 'challenges.not_closed');
        }
        if (c.winningProposalId === null) fail('challenges.no_winner');
        const withBonus = input.withBonus && c.bonusPoints !== null;
        const { publish, withBonus: _ignored, ...activity } = input;
        const created = await deps.activities.createActivity(
          officer,
          { ...activity, repeatWeeks: 1 },
          { tx, communityId: c.communityId, publish },
        );
        const [claimed] = await tx
          .update(challenges)
          .set({ status: convert.to, activityId: created.activity.id, activityBonus: withBonus })
          .where(and(eq(challenges.id, c.id), inArray(challenges.status, convert.from)))
          .returning();
        if (!claimed) fail('challenges.already_converted');
        return {
          challenge: presentChallenge(claimed, await merchantOf(tx, c.merchantId)),
          activity: created.activity,
        };
      });
    },

    /**
     * After the activity, the officer awards the merchant's sponsored bonus to each participant whose
     * attendance is confirmed with points, first confirmed first, up to the cap. Each award is a row
     * (unique per challenge and volunteer) whose id is the source of a 'sponsorship' ledger line, so
     * awarding again credits nobody twice; it only adds participants confirmed since.
     */
    async awardBonus(officer: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const c = await load(tx, id, 'update');
        await assertManages(tx, officer, c.communityId);
        if (c.status !== 'converted' || c.activityId === null) fail('challenges.not_converted');
        if (!c.activityBonus || c.bonusPoints === null || c.bonusMaxParticipants === null)
          fail('challenges.no_bonus');
        const [act] = await tx.select().from(activities).where(eq(activities.id, c.activityId));
        if (!act) fail('activities.not_found');
        const now = clock.now();
        if (act.endsAt > now) fail('challenges.activity_not_ended');
        const confirmed = await tx
          .select({ id: attendances.id, userId: attendances.userId })
          .from(attendances)
          .where(
            and(
              eq(attendances.activityId, act.id),
              eq(attendances.status, 'confirmed'),
              gt(attendances.creditedPoints, 0),
            ),
          )
          .orderBy(asc(attendances.confirmedAt), asc(attendances.id));
        const existing = await tx
          .select({ userId: challengeBonusAwards.userId, slot: challengeBonusAwards.slot })
          .from(challengeBonusAwards)
          .where(eq(challengeBonusAwards.challengeId, c.id));
        const already = new Set(existing.map((e) => e.userId));
        const recipients = bonusRecipients(
          confirmed.map((a) => a.userId),
          already,
          c.bonusMaxParticipants,
        );
        const attendanceOf = new Map(confirmed.map((a) => [a.userId, a.id]));
        await ledger.lockAccounts(
          tx,
          recipients.map((userId) => ({ userId, communityId: c.communityId })),
        );
        const merchant = await merchantOf(tx, c.merchantId);
        let slot = existing.reduce((m, e) => Math.max(m, e.slot), 0);
        const awarded: Array<{ userId: number; points: number; ledgerEntryId: number | null }> = [];
        for (const userId of recipients) {
          slot += 1;
          const [award] = await tx
            .insert(challengeBonusAwards)
            .values({
              challengeId: c.id,
              userId,
              attendanceId: attendanceOf.get(userId)!,
              slot,
              amount: c.bonusPoints,
              awardedBy: officer.id,
              createdAt: now,
            })
            .onConflictDoNothing()
            .returning();
          if (!award) continue;
          const posted = await ledger.credit(tx, {
            holder: { userId, communityId: c.communityId },
            amount: c.bonusPoints,
            minutes: 0,
            kind: 'earn',
            reason: `商家赞助：${merchant.name}「${c.title}」`,
            source: { type: 'sponsorship', id: award.id },
            activityId: act.id,
            causedBy: officer.id,
            message: {
              title: `获得 ${fromHundredths(c.bonusPoints)} 积分（商家赞助）`,
              body: `${merchant.name} 赞助「${act.title}」的参与者。`,
              data: { activityId: act.id, challengeId: c.id },
            },
            now,
          });
          awarded.push({
            userId,
            points: fromHundredths(c.bonusPoints),
            ledgerEntryId: posted.entry.id,
          });
        }
        // Points moved by an officer: the audit row is written with them, naming who received what.
        noteAudit({
          entity: { type: 'challenges', id: c.id },
          communityId: c.communityId,
          before: { bonusAwarded: existing.length },
          after: {
            bonusAwarded: existing.length + awarded.length,
            recipients: awarded.map((a) => ({ userId: a.userId, points: a.points })),
          },
        });
        return {
          challengeId: c.id,
          communityId: c.communityId,
          activityId: act.id,
          awarded,
          alreadyAwarded: existing.length,
          remainingPlaces: Math.max(0, c.bonusMaxParticipants - existing.length - awarded.length),
        };
      });
    },
  };
}

export type ChallengesService = ReturnType<typeof createChallengesService>;
