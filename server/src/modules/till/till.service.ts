import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { createTillChecksService } from './till.checks';
import { createCredentialOpening } from './till.opening';
import { createTillVerifyService } from './till.verify';

/**
 * 核验台: the till's service in its parts — opening the credential on a device (till.opening), the
 * check itself (till.verify) and the trail of checks and alerts (till.checks). Devices listed and
 * closed by their holder are till.devices; discounts recorded after a check, till.discounts.
 */
export function createTillService(deps: {
  db: Db;
  clock: Clock;
  /** A link to the holder's photo that staff may open during the check (signed for a few minutes). */
  photoUrl?: (ref: string | null) => string | null;
}) {
  return {
    ...createCredentialOpening(deps),
    ...createTillVerifyService(deps),
    ...createTillChecksService(deps),
  };
}

export type TillService = ReturnType<typeof createTillService>;
