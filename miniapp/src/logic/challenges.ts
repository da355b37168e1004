/**
 * 商家难题 · 居民献策 (business challenges, resident solutions): the DTOs, the forms validated with
 * the server's schemas, and what each role may do with a challenge in its current state.
 * Plain TypeScript: tested with ava.
 */

import type {
  ChallengeBonusAwardDto,
  ChallengeDetailDto,
  ChallengeDto,
  ChallengeListItemDto,
  ChallengeProposalDto,
} from '@timebank/shared';
import {
  actionsFrom,
  type ChallengeStatus,
  challengeAcceptsIdeas,
  challengeConvertBody,
  challengeCreateBody,
  challengeLifecycle,
  proposalCreateBody,
  type Role,
  takeDownBody,
} from '@timebank/shared';
import type { z } from 'zod';
import { type ActivityForm, buildActivityInput, type FormResult } from './forms';
import { type I18nKey, type Lang, t } from './i18n';

export type { ChallengeDetailDto, ChallengeDto, ChallengeListItemDto, ChallengeStatus };

/** As the API answers it (inferred from the shared response schema). */
export type ChallengeBonusDto = NonNullable<ChallengeDto['bonus']>;

/** As the API answers it (inferred from the shared response schema). */
export type ProposalDto = ChallengeProposalDto;

/** As the API answers it (inferred from the shared response schema). */
export type BonusAwardDto = ChallengeBonusAwardDto;

export const CHALLENGE_STATUS_KEYS: Record<ChallengeStatus, I18nKey> = {
  open: 'challenges.status.open',
  closed: 'challenges.status.closed',
  converted: 'challenges.status.converted',
  taken_down: 'challenges.status.taken_down',
};

export const statusTag = (s: ChallengeStatus) =>
  s === 'open'
    ? 'tag tag--green'
    : s === 'converted'
      ? 'tag'
      : s === 'closed'
        ? 'tag tag--amber'
        : 'tag tag--grey';

/** "每位参与者 +1 积分，限 20 人", or null when the shop sponsors nothing. */
export function bonusText(bonus: ChallengeBonusDto | null, lang: Lang = 'zh'): string | null {
  if (!bonus) return null;
  return t('challenges.bonus', lang, {
    points: bonus.pointsPerParticipant,
    max: bonus.maxParticipants,
  });
}

// ---- what a user may do ----

export interface Viewer {
  role: Role;
}

/** Residents propose while the round is open, and only once. */
export function canPropose(viewer: Viewer, c: ChallengeDetailDto): boolean {
  return viewer.role === 'volunteer' && challengeAcceptsIdeas(c.status) && !c.proposals.some((p) => p.mine);
}

/** Everyone of the community but the district administrator votes, never for their own proposal. */
export function canVoteFor(viewer: Viewer, c: ChallengeDetailDto, p: ProposalDto): boolean {
  return viewer.role !== 'district_admin' && challengeAcceptsIdeas(c.status) && !p.mine && c.myVote !== p.id;
}

/** Proposals with the share of votes each has, the leader marked (ties: the earliest, as the server). */
export function withShares(c: ChallengeDetailDto): Array<ProposalDto & { share: number; leading: boolean }> {
  const total = c.proposals.reduce((s, p) => s + p.votes, 0);
  let leader: ProposalDto | undefined;
  for (const p of c.proposals) {
    if (p.votes > 0 && (!leader || p.votes > leader.votes)) leader = p;
  }
  return c.proposals.map((p) => ({
    ...p,
    share: total ? Math.round((p.votes / total) * 100) : 0,
    leading: c.status === 'open' ? leader?.id === p.id : p.winner,
  }));
}

export type OfficerAction = 'close' | 'convert' | 'award' | 'take_down';

/** The officer's buttons for a challenge in its state. */
export function officerActions(c: ChallengeDto): OfficerAction[] {
  // The moves come from the shared table; converting also needs a winner to convert.
  const out: OfficerAction[] = actionsFrom(challengeLifecycle, c.status, 'officer').filter(
    (a) => a !== 'convert' || c.winningProposalId !== null,
  );
  // Awarding a sponsored bonus is no move: the challenge stays converted.
  if (c.status === 'converted' && c.activityBonus) out.push('award');
  return out;
}

// ---- forms ----

export interface ChallengeForm {
  title: string;
  problem: string;
  /** One https link a line. */
  photos: string;
  sponsor: boolean;
  bonusPoints: string;
  bonusMax: string;
}

export const emptyChallengeForm = (): ChallengeForm => ({
  title: '',
  problem: '',
  photos: '',
  sponsor: false,
  bonusPoints: '1',
  bonusMax: '10',
});

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

const FIELD_KEYS: Record<string, I18nKey> = {
  title: 'challenges.form.titleError',
  problem: 'challenges.form.problemError',
  photoUrls: 'challenges.form.photosError',
  'bonus.pointsPerParticipant': 'challenges.form.bonusPointsError',
  'bonus.maxParticipants': 'challenges.form.bonusMaxError',
};

export function buildChallenge(
  f: ChallengeForm,
  lang: Lang = 'zh',
): FormResult<z.infer<typeof challengeCreateBody>> {
  const photoUrls = f.photos
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = challengeCreateBody.safeParse({
    title: f.title,
    problem: f.problem,
    photoUrls,
    bonus: f.sponsor ? { pointsPerParticipant: num(f.bonusPoints), maxParticipants: num(f.bonusMax) } : null,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const field = path.startsWith('photoUrls') ? 'photoUrls' : path;
    const key = FIELD_KEYS[field];
    if (key && !errors[field]) errors[field] = t(key, lang);
  }
  const first = Object.values(errors)[0] ?? t('challenges.form.invalid', lang);
  return { ok: false, errors, first };
}

export function buildProposal(text: string, lang: Lang = 'zh'): FormResult<{ text: string }> {
  const parsed = proposalCreateBody.safeParse({ text });
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = t(text.trim() ? 'challenges.propose.tooLong' : 'challenges.propose.empty', lang);
  return { ok: false, errors: { text: first }, first };
}

export function buildTakeDown(reason: string, lang: Lang = 'zh'): FormResult<{ reason: string }> {
  const parsed = takeDownBody.safeParse({ reason });
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = t('challenges.officer.reasonNeeded', lang);
  return { ok: false, errors: { reason: first }, first };
}

/** The activity made from the winning solution: the usual activity form, one occurrence. */
export function buildConvert(
  f: ActivityForm,
  opts: { publish: boolean; withBonus: boolean },
  lang: Lang = 'zh',
): FormResult<z.infer<typeof challengeConvertBody>> {
  const built = buildActivityInput({ ...f, repeatWeeks: '1' });
  if (!built.ok) return built;
  const { repeatWeeks: _one, ...activity } = built.value;
  const parsed = challengeConvertBody.safeParse({ ...activity, ...opts });
  if (!parsed.success) return { ok: false, errors: {}, first: t('challenges.form.invalid', lang) };
  return { ok: true, value: parsed.data };
}

export const CHALLENGE_PAGES = {
  merchant: '/packages/merchant/pages/challenge/index',
  list: '/packages/volunteer/pages/challenges/index',
  detail: (id: number) => `/packages/volunteer/pages/challenges/detail/index?id=${id}`,
  officer: '/packages/officer/pages/challenges/index',
  convert: (id: number) => `/packages/officer/pages/challenges/convert/index?id=${id}`,
};
