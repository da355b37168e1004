import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { createHouseholdInternals, type HouseholdsDeps } from './households.internals';
import { createHouseholdProxiesService } from './proxies.service';
import { createHouseholdRegistryService } from './registry.service';
import { createHelpRequestsService } from './requests.service';

export type { ConvertInput, HelpRequestInput, HouseholdInput, HouseholdPatch } from './households.present';

/**
 * 帮扶对象: the households module's one service, made of its three parts along their seams — the
 * register (registry.service), the proxies (proxies.service) and the help requests
 * (requests.service) — over what they share (households.internals) and the presenters
 * (households.present).
 */
export function createHouseholdsService(deps: HouseholdsDeps & { db: Db; clock: Clock }) {
  const internals = createHouseholdInternals(deps);
  const parts = { db: deps.db, clock: deps.clock, internals };
  return {
    ...createHouseholdRegistryService(parts),
    ...createHouseholdProxiesService(parts),
    ...createHelpRequestsService({ ...parts, activities: deps.activities }),
  };
}

export type HouseholdsService = ReturnType<typeof createHouseholdsService>;
