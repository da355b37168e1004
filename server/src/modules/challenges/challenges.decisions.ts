import {
  bonusRecipients,
  type ChallengeConvertInput,
  challengeLifecycle,
  fromHundredths,
  moveTo,
  tallyWinner,
} from '@timebank/shared';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import type { ActivitiesService } from '../activities/activities.service';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { noteAudit } from '../audit/audit.note';
import { ledger } from '../ledger/ledger.service';
import { notify } from '../notifications/notifications.service';
import { type ChallengeLookups, presentChallenge } from './challenges.internals';
import { challengeBonusAwards, challengeProposals, challenges, challengeVotes } from './challenges.table';

/** Officers' decisions on a round: close it, take it down, turn the winning idea into an activity, award the bonus. */
export function createChallengeDecisionsService(deps: {
  db: Db;
  clock: Clock;
  activities: ActivitiesService;
  lookups: ChallengeLookups;
}) {
  const { db, clock } = deps;
  const { load, merchantOf } = deps.lookups;

  return {
    async closeRound(officer: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const c = await load(tx, id, 'update');
        await authorizeResource(
          tx,
          officer,
          'challenges.manage',
          { communityId: c.communityId },
          'challenges.not_found',
        );
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
      await authorizeResource(
        db,
        officer,
        'challenges.manage',
        { communityId: c.communityId },
        'challenges.not_found',
      );
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
        await authorizeResource(
          tx,
          officer,
          'challenges.manage',
          { communityId: c.communityId },
          'challenges.not_found',
        );
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
        await authorizeResource(
          tx,
          officer,
          'challenges.manage',
          { communityId: c.communityId },
          'challenges.not_found',
        );
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
