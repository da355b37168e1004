import type { Config } from '@timebank/config';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import type { TokenService } from '../auth/tokens';
import { createCheckinService } from './checkin.service';
import { createAttendanceReviewService } from './review.service';

export type { Position } from './attendance.present';

/**
 * 出勤: the attendance module's service, in its two parts — volunteers' check-in and check-out
 * (checkin.service) and officers' review and crediting (review.service) — over the presenters
 * (attendance.present).
 */
export function createAttendanceService(deps: {
  db: Db;
  clock: Clock;
  tokens: TokenService;
  config: Pick<Config, 'rules'>;
}) {
  return { ...createCheckinService(deps), ...createAttendanceReviewService(deps) };
}

export type AttendanceService = ReturnType<typeof createAttendanceService>;
