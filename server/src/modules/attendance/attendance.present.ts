import { assessAttendance, fromHundredths, pointsForMinutes } from '@timebank/shared';
import type { ActivityRow } from '../activities/activities.presenter';
import type { attendances } from './attendance.table';

export type AttendanceRow = typeof attendances.$inferSelect;

/** An attendance as the audit log shows it before and after an officer's decision. */
export function credited(a: AttendanceRow) {
  return {
    status: a.status,
    minutes: a.creditedMinutes,
    points: a.creditedPoints === null ? null : fromHundredths(a.creditedPoints),
    minutesOverride: a.minutesOverride,
    overrideReason: a.overrideReason,
  };
}

export interface Position {
  lat?: number | undefined;
  lng?: number | undefined;
}

export function assess(a: AttendanceRow, act: ActivityRow) {
  // A manual entry has no check-in to judge: the officer's minutes, with reason and evidence, are the record.
  if (a.source === 'manual') {
    const minutes = a.minutesOverride ?? 0;
    return {
      presentMinutes: minutes,
      proposedMinutes: minutes,
      proposedPoints: pointsForMinutes(minutes, act.pointsPerHour),
      flags: [],
    };
  }
  const base = assessAttendance({
    checkInAt: a.checkInAt,
    checkOutAt: a.checkOutAt,
    startsAt: act.startsAt,
    endsAt: act.endsAt,
    pointsPerHourHundredths: act.pointsPerHour,
    locationFlagged: a.locationFlagged,
  });
  if (a.minutesOverride === null) return base;
  return {
    ...base,
    proposedMinutes: a.minutesOverride,
    proposedPoints: pointsForMinutes(a.minutesOverride, act.pointsPerHour),
  };
}

export function presentAttendance(
  a: AttendanceRow,
  act: ActivityRow,
  volunteer?: { displayName: string; realName: string | null },
) {
  const s = assess(a, act);
  return {
    id: a.id,
    activity: {
      id: act.id,
      title: act.title,
      startsAt: act.startsAt.toISOString(),
      endsAt: act.endsAt.toISOString(),
    },
    volunteer: volunteer
      ? { id: a.userId, displayName: volunteer.displayName, realName: volunteer.realName }
      : { id: a.userId },
    source: a.source,
    status: a.status,
    checkInAt: a.checkInAt?.toISOString() ?? null,
    checkOutAt: a.checkOutAt?.toISOString() ?? null,
    checkInDistanceM: a.checkInDistanceM,
    flags: s.flags,
    presentMinutes: s.presentMinutes,
    proposedMinutes: s.proposedMinutes,
    proposedPoints: fromHundredths(s.proposedPoints),
    creditedMinutes: a.creditedMinutes,
    creditedPoints: a.creditedPoints === null ? null : fromHundredths(a.creditedPoints),
    overrideReason: a.overrideReason,
    evidenceNote: a.evidenceNote,
    confirmedAt: a.confirmedAt?.toISOString() ?? null,
  };
}
