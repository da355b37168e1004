import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import type { ActivitiesService } from '../activities/activities.service';
import { createChallengeDecisionsService } from './challenges.decisions';
import { createChallengeLookups } from './challenges.internals';
import { createChallengeRoundsService } from './challenges.rounds';

/**
 * 商家难题: the challenges module's service in its two parts — the round (challenges.rounds) and the
 * officers' decisions on it (challenges.decisions) — over the shared lookups and presenter.
 */
export function createChallengesService(deps: { db: Db; clock: Clock; activities: ActivitiesService }) {
  const lookups = createChallengeLookups();
  return {
    ...createChallengeRoundsService({ ...deps, lookups }),
    ...createChallengeDecisionsService({ ...deps, lookups }),
  };
}

export type ChallengesService = ReturnType<typeof createChallengesService>;
