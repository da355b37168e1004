/** Response schemas of the attendance module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { attendanceFlags, attendanceStatuses } from '../schemas';
import { countOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

/** How an attendance came about: the volunteer's check-in, or an officer's manual entry. */
export const attendanceSources = ['checkin', 'manual'] as const;

/** An attendance as officers review it (and as a check-in or check-out answers it, see below). */
export const attendanceOut = z.strictObject({
  id: idOut,
  activity: z.strictObject({ id: idOut, title: textOut(80), startsAt: timeOut, endsAt: timeOut }),
  volunteer: z.strictObject({ id: idOut, displayName: textOut(40), realName: textOut(40).nullable() }),
  source: z.enum(attendanceSources),
  status: z.enum(attendanceStatuses),
  checkInAt: timeOut.nullable(),
  checkOutAt: timeOut.nullable(),
  /** Metres from the activity's place at check-in; null without a position (then flagged). */
  checkInDistanceM: z.number().min(0).max(20_100_000).nullable(),
  flags: listOut(z.enum(attendanceFlags), attendanceFlags.length),
  presentMinutes: countOut,
  proposedMinutes: countOut,
  proposedPoints: pointsOut,
  creditedMinutes: countOut.nullable(),
  creditedPoints: pointsOut.nullable(),
  overrideReason: textOut(500).nullable(),
  evidenceNote: textOut(1000).nullable(),
  confirmedAt: timeOut.nullable(),
});
export type AttendanceDto = z.infer<typeof attendanceOut>;

/** POST /checkins and /checkouts: the volunteer's own attendance (their id only, not their names). */
export const attendanceCheckinOut = attendanceOut.extend({ volunteer: z.strictObject({ id: idOut }) });
export type AttendanceCheckinDto = z.infer<typeof attendanceCheckinOut>;

/** GET /me/attendance/open: the volunteer's check-ins still waiting for their check-out. */
export const myOpenAttendanceOut = z.strictObject({ items: listOut(attendanceCheckinOut, 50) });
export type MyOpenAttendanceDto = z.infer<typeof myOpenAttendanceOut>;

/** GET /attendance/review: unconfirmed attendance, exceptions first. */
export const attendanceReviewOut = z.strictObject({
  items: listOut(attendanceOut, 100_000),
  exceptions: countOut,
});
export type AttendanceReviewDto = z.infer<typeof attendanceReviewOut>;

/** GET /activities/:id/attendance. */
export const attendanceListOut = z.strictObject({ items: listOut(attendanceOut, 100_000) });
export type AttendanceListDto = z.infer<typeof attendanceListOut>;

/** One attendance confirmed: the points credited (the earlier ones when it already was). */
export const attendanceConfirmedOut = z.strictObject({
  id: idOut,
  alreadyConfirmed: z.boolean(),
  points: pointsOut,
});
export type AttendanceConfirmedDto = z.infer<typeof attendanceConfirmedOut>;

/** POST /attendance/confirm (at most 500 ids a call). */
export const attendanceConfirmOut = z.strictObject({ confirmed: listOut(attendanceConfirmedOut, 500) });
export type AttendanceConfirmDto = z.infer<typeof attendanceConfirmOut>;

/** POST /attendance/:id/adjust: confirmed with the minutes set; a correction once it already was. */
export const attendanceAdjustOut = attendanceConfirmedOut.extend({
  adjustment: z.strictObject({ id: idOut, pointsDelta: pointsOut }).nullable(),
});
export type AttendanceAdjustDto = z.infer<typeof attendanceAdjustOut>;
