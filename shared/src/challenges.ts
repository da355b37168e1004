/**
 * Business challenges, resident solutions (after Ashdod's "אתגרים עסקיים – פתרונות תושבים"): an
 * alliance merchant posts a problem, residents propose solutions, the community votes, an officer
 * closes the round and may turn the winning solution into a volunteer activity, optionally with a
 * bonus the merchant sponsors for each confirmed participant.
 */
import { z } from 'zod';
import { idBody, photoRef } from './primitives';
import { activityCreateBody } from './schemas';

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const challengeStatuses = ['open', 'closed', 'converted', 'taken_down'] as const;
export type ChallengeStatus = (typeof challengeStatuses)[number];

/** A sponsored bonus: points for each confirmed participant, for at most this many participants. */
export const MAX_BONUS_POINTS = 20;
export const MAX_BONUS_PARTICIPANTS = 500;
export const MAX_CHALLENGE_PHOTOS = 6;

export const challengeBonusSchema = z
  .object({
    pointsPerParticipant: z.number().min(0.01).max(MAX_BONUS_POINTS).multipleOf(0.01),
    maxParticipants: z.number().int().min(1).max(MAX_BONUS_PARTICIPANTS),
  })
  .strict();

export const challengeCreateBody = z
  .object({
    title: trimmed(80),
    problem: trimmed(2000),
    photoUrls: z.array(photoRef).max(MAX_CHALLENGE_PHOTOS).default([]),
    bonus: challengeBonusSchema.nullable().default(null),
  })
  .strict();
export type ChallengeCreateInput = z.infer<typeof challengeCreateBody>;

export const challengeListQuery = z.object({ status: z.enum(challengeStatuses).optional() }).strict();

export const proposalCreateBody = z.object({ text: trimmed(1000) }).strict();

export const challengeVoteBody = z.object({ proposalId: idBody }).strict();

/** The winning solution becomes an activity: the usual activity fields, one occurrence. */
export const challengeConvertBody = activityCreateBody
  .omit({ repeatWeeks: true })
  .extend({
    /** Publish straight away so residents can enrol; otherwise it stays a draft. */
    publish: z.boolean().default(true),
    /** Attach the merchant's sponsored bonus (when the challenge has one). */
    withBonus: z.boolean().default(true),
  })
  .strict();
export type ChallengeConvertInput = z.infer<typeof challengeConvertBody>;

export interface TallyEntry {
  id: number;
  votes: number;
  /** When the proposal was made; ties go to the earliest. */
  createdAt: Date | string;
}

/**
 * The winner of a round: most votes; a tie goes to the earliest proposal (then the lower id).
 * A proposal nobody voted for does not win, so a round without votes has no winner.
 */
export function tallyWinner(proposals: readonly TallyEntry[]): number | null {
  let best: TallyEntry | undefined;
  for (const p of proposals) {
    if (p.votes <= 0) continue;
    if (!best || p.votes > best.votes) {
      best = p;
      continue;
    }
    if (p.votes === best.votes) {
      const a = new Date(p.createdAt).getTime();
      const b = new Date(best.createdAt).getTime();
      if (a < b || (a === b && p.id < best.id)) best = p;
    }
  }
  return best ? best.id : null;
}

/** Who gets a sponsored bonus: the first participants up to the cap, minus those already awarded. */
export function bonusRecipients(
  eligibleInOrder: readonly number[],
  alreadyAwarded: ReadonlySet<number>,
  cap: number,
): number[] {
  const room = Math.max(0, cap - alreadyAwarded.size);
  const out: number[] = [];
  for (const userId of eligibleInOrder) {
    if (out.length >= room) break;
    if (alreadyAwarded.has(userId) || out.includes(userId)) continue;
    out.push(userId);
  }
  return out;
}
