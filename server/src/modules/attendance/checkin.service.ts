import type { Config } from '@timebank/config';
import {
  attendanceLifecycle,
  CODE_MAX_AGE_SECONDS,
  CODE_ROTATION_SECONDS,
  checkinWindow,
  checkoutWindow,
  distanceMetres,
  moveTo,
  parseCheckinCode,
  within,
} from '@timebank/shared';
import { and, asc, eq, gt, lt, ne } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { can } from '../../policy/policy';
import type { ActivityRow } from '../activities/activities.presenter';
import { getActivity, insertEnrolment } from '../activities/activities.repository';
import { activities } from '../activities/activities.table';
import type { TokenService } from '../auth/tokens';
import { type Position, presentAttendance } from './attendance.present';
import { attendances } from './attendance.table';

/** 签到签退: a volunteer's check-in and check-out with the activity's rotating code, and their open attendance. */
export function createCheckinService(deps: {
  db: Db;
  clock: Clock;
  tokens: TokenService;
  config: Pick<Config, 'rules'>;
}) {
  const { db, clock } = deps;

  /** Checks a scanned code against the activity the volunteer is at. */
  function readCode(code: string, expectedActivityId: number | undefined) {
    const input = parseCheckinCode(code);
    let r: ReturnType<typeof deps.tokens.verifyCheckinCode>;
    if (input.kind === 'signed') r = deps.tokens.verifyCheckinCode(input.token);
    else if (input.kind === 'short' || input.kind === 'digits') {
      const activityId = input.kind === 'short' ? input.activityId : expectedActivityId;
      // Six typed digits say nothing about the activity: the volunteer must have chosen it.
      if (activityId === undefined) fail('checkins.activity_required');
      r = deps.tokens.verifyCheckinDigits(
        activityId,
        input.digits,
        CODE_ROTATION_SECONDS,
        CODE_MAX_AGE_SECONDS,
      );
    } else r = 'invalid';
    if (r === 'expired') fail('checkins.code_expired');
    if (r === 'invalid') fail('checkins.code_invalid');
    if (expectedActivityId !== undefined && r.activityId !== expectedActivityId)
      fail('checkins.code_wrong_activity');
    return r;
  }

  function locate(act: ActivityRow, pos: Position) {
    if (pos.lat === undefined || pos.lng === undefined) return { distance: null, far: true };
    const distance = distanceMetres({ lat: act.lat, lng: act.lng }, { lat: pos.lat, lng: pos.lng });
    return { distance, far: distance > deps.config.rules.checkinMaxDistanceM };
  }

  async function volunteerActivity(tx: Executor, user: AuthUser, activityId: number) {
    if (!can(user, 'checkins.checkin')) fail('checkins.volunteers_only');
    const act = await getActivity(tx, activityId);
    // A code from another community's activity is simply not a code for where this volunteer is.
    if (act.communityId !== user.communityId) fail('checkins.code_wrong_activity');
    if (act.status !== 'published') fail('activities.not_published');
    return act;
  }

  return {
    async checkIn(user: AuthUser, input: { code: string; activityId?: number | undefined } & Position) {
      const code = readCode(input.code, input.activityId);
      const now = clock.now();
      try {
        return await inTransaction(db, async (tx) => {
          const act = await volunteerActivity(tx, user, code.activityId);
          if (!within(now, checkinWindow(act.startsAt, act.endsAt))) fail('checkins.outside_window');
          const [existing] = await tx
            .select()
            .from(attendances)
            .where(and(eq(attendances.activityId, act.id), eq(attendances.userId, user.id)));
          if (existing) fail('checkins.already_checked_in');
          // One person cannot earn the same hours twice: no check-in while checked in at an overlapping activity.
          const [elsewhere] = await tx
            .select({ id: attendances.id, activityId: attendances.activityId })
            .from(attendances)
            .innerJoin(activities, eq(activities.id, attendances.activityId))
            .where(
              and(
                eq(attendances.userId, user.id),
                eq(attendances.status, 'checked_in'),
                ne(attendances.activityId, act.id),
                lt(activities.startsAt, act.endsAt),
                gt(activities.endsAt, act.startsAt),
              ),
            )
            .limit(1);
          if (elsewhere) fail('checkins.checked_in_elsewhere', { activityId: elsewhere.activityId });
          // Walk-ins are welcome while places are left.
          const enrolled = await insertEnrolment(tx, act, user.id);
          if (enrolled === 'full') fail('activities.full');
          const where = locate(act, input);
          const [row] = await tx
            .insert(attendances)
            .values({
              communityId: act.communityId,
              activityId: act.id,
              userId: user.id,
              source: 'checkin',
              status: 'checked_in',
              checkInAt: now,
              checkInLat: input.lat ?? null,
              checkInLng: input.lng ?? null,
              checkInDistanceM: where.distance,
              locationFlagged: where.far,
            })
            .returning();
          return presentAttendance(row!, act);
        });
      } catch (err) {
        if (isUniqueViolation(err)) fail('checkins.already_checked_in');
        throw err;
      }
    },

    async checkOut(user: AuthUser, input: { code: string; activityId?: number | undefined } & Position) {
      const code = readCode(input.code, input.activityId);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const act = await volunteerActivity(tx, user, code.activityId);
        const [a] = await tx
          .select()
          .from(attendances)
          .where(and(eq(attendances.activityId, act.id), eq(attendances.userId, user.id)))
          .for('update');
        if (!a) fail('checkins.not_checked_in');
        const checkedOut = moveTo(attendanceLifecycle, a.status, 'check_out');
        if (a.checkOutAt || !checkedOut) fail('checkins.already_checked_out');
        if (!within(now, checkoutWindow(act.startsAt, act.endsAt))) fail('checkins.outside_window');
        const where = locate(act, input);
        const [row] = await tx
          .update(attendances)
          .set({
            status: checkedOut,
            checkOutAt: now,
            checkOutLat: input.lat ?? null,
            checkOutLng: input.lng ?? null,
            locationFlagged: a.locationFlagged || where.far,
            updatedAt: now,
          })
          .where(eq(attendances.id, a.id))
          .returning();
        return presentAttendance(row!, act);
      });
    },

    /**
     * The volunteer's check-ins that can still be checked out: the check-in page shows them after a
     * reload (the state lives on the server, not on the phone) and reminds near the end.
     */
    async myOpenAttendance(user: AuthUser) {
      const now = clock.now();
      const rows = await db
        .select({ a: attendances, act: activities })
        .from(attendances)
        .innerJoin(activities, eq(activities.id, attendances.activityId))
        .where(and(eq(attendances.userId, user.id), eq(attendances.status, 'checked_in')))
        .orderBy(asc(activities.endsAt))
        .limit(50);
      return {
        items: rows
          .filter((r) => within(now, checkoutWindow(r.act.startsAt, r.act.endsAt)))
          .map((r) => presentAttendance(r.a, r.act)),
      };
    },

    /**
     * Unconfirmed attendance of the community, exceptions first: short stays, missing check-outs
     * (once the activity has ended) and far check-ins.
     */
  };
}
