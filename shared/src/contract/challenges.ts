/**
 * Response schemas of the challenges module's routes (building blocks in ./common.ts).
 *
 * Residents appear by their display name only: a proposal's author is `{ displayName }`, never an id,
 * a phone or a real name, and the strict objects make a leaked field fail the test-time check.
 */
import { z } from 'zod';
import {
  challengeStatuses,
  MAX_BONUS_PARTICIPANTS,
  MAX_BONUS_POINTS,
  MAX_CHALLENGE_PHOTOS,
} from '../challenges';
import { type ActivityDto, activityOut } from './activities';
import { countOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

/** A ledger line's id (PostgreSQL `bigint`, within JavaScript's safe integers). */
const ledgerEntryIdOut = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A challenge as every route presents it. */
export const challengeOut = z.strictObject({
  id: idOut,
  communityId: idOut,
  title: textOut(80),
  problem: textOut(2000),
  photoUrls: listOut(textOut(500), MAX_CHALLENGE_PHOTOS),
  merchant: z.strictObject({ id: idOut, name: textOut(80) }),
  /** The merchant's sponsored bonus for each confirmed participant of the converted activity. */
  bonus: z
    .strictObject({
      pointsPerParticipant: pointsOut.min(0.01).max(MAX_BONUS_POINTS),
      maxParticipants: z.number().int().min(1).max(MAX_BONUS_PARTICIPANTS),
    })
    .nullable(),
  status: z.enum(challengeStatuses),
  winningProposalId: idOut.nullable(),
  activityId: idOut.nullable(),
  /** Whether the converted activity carries the sponsored bonus. */
  activityBonus: z.boolean(),
  closedAt: timeOut.nullable(),
  takeDownReason: textOut(500).nullable(),
  createdAt: timeOut,
});
export type ChallengeDto = z.infer<typeof challengeOut>;

/** GET /challenges: newest first (at most 100), with counts; `mine` only in a shop's answer. */
export const challengesListOut = z.strictObject({
  challenges: listOut(
    challengeOut.extend({
      proposalCount: countOut,
      voteCount: countOut,
      /** Present for merchant staff only: whether their own shop posted it. */
      mine: z.boolean().optional(),
    }),
    100,
  ),
});
export type ChallengesListDto = z.infer<typeof challengesListOut>;
export type ChallengeListItemDto = ChallengesListDto['challenges'][number];

/** A proposal as the challenge's page shows it. */
export const challengeProposalOut = z.strictObject({
  id: idOut,
  text: textOut(1000),
  author: z.strictObject({ displayName: textOut(40) }),
  mine: z.boolean(),
  votes: countOut,
  winner: z.boolean(),
  createdAt: timeOut,
});
export type ChallengeProposalDto = z.infer<typeof challengeProposalOut>;

/** GET /challenges/:id: the challenge, its proposals (earliest first) and the caller's vote. */
export const challengeDetailOut = challengeOut.extend({
  myVote: idOut.nullable(),
  proposals: listOut(challengeProposalOut),
});
export type ChallengeDetailDto = z.infer<typeof challengeDetailOut>;

/** POST /challenges/:id/proposals. */
export const challengeProposalCreatedOut = z.strictObject({
  id: idOut,
  challengeId: idOut,
  text: textOut(1000),
  createdAt: timeOut,
});
export type ChallengeProposalCreatedDto = z.infer<typeof challengeProposalCreatedOut>;

/** PUT /challenges/:id/vote. */
export const challengeVoteOut = z.strictObject({ challengeId: idOut, myVote: idOut });
export type ChallengeVoteDto = z.infer<typeof challengeVoteOut>;

/** POST /challenges/:id/close: the closed challenge and every proposal's votes. */
export const challengeClosedOut = challengeOut.extend({
  tally: listOut(z.strictObject({ proposalId: idOut, votes: countOut })),
});
export type ChallengeClosedDto = z.infer<typeof challengeClosedOut>;

/** POST /challenges/:id/take-down. */
export const challengeTakenDownOut = z.strictObject({
  id: idOut,
  communityId: idOut,
  status: z.literal('taken_down'),
  takeDownReason: textOut(500),
});
export type ChallengeTakenDownDto = z.infer<typeof challengeTakenDownOut>;

/** The activity a winning solution became, as the activities module presents it. */
export const challengeActivityOut = activityOut;
export type ChallengeActivityDto = ActivityDto;

/** POST /challenges/:id/convert: the converted challenge and its activity (published or a draft). */
export const challengeConvertedOut = z.strictObject({
  challenge: challengeOut,
  activity: challengeActivityOut,
});
export type ChallengeConvertedDto = z.infer<typeof challengeConvertedOut>;

/** POST /challenges/:id/award-bonus: who was credited now, and how many places are left. */
export const challengeBonusAwardOut = z.strictObject({
  challengeId: idOut,
  communityId: idOut,
  activityId: idOut,
  awarded: listOut(
    z.strictObject({
      userId: idOut,
      points: pointsOut,
      /** The 'sponsorship' ledger line; null if that line was already there. */
      ledgerEntryId: ledgerEntryIdOut.nullable(),
    }),
    MAX_BONUS_PARTICIPANTS,
  ),
  alreadyAwarded: z.number().int().min(0).max(MAX_BONUS_PARTICIPANTS),
  remainingPlaces: z.number().int().min(0).max(MAX_BONUS_PARTICIPANTS),
});
export type ChallengeBonusAwardDto = z.infer<typeof challengeBonusAwardOut>;
