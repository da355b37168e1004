/**
 * Pure rules of the time bank. No I/O, no clock: time is passed in. The server decides with them and
 * the mini-program explains with them.
 */
import type { AttendanceFlag } from './schemas';

export const MINUTE = 60_000;

/** The officer's screen shows a new code every 30 s; a code is accepted for 45 s after it was made. */
export const CODE_ROTATION_SECONDS = 30;
export const CODE_MAX_AGE_SECONDS = 45;
/** Volunteers may check in from 30 min before the start until the end. */
export const CHECKIN_OPENS_BEFORE_MIN = 30;
/** Volunteers may check out from the start until 60 min after the end. */
export const CHECKOUT_CLOSES_AFTER_MIN = 60;
/** A stay under 60% of the activity earns nothing unless an officer decides otherwise. */
export const SHORT_STAY_RATIO = 0.6;

/** Points are stored as integer hundredths. */
export function toHundredths(points: number): number {
  return Math.round(points * 100);
}
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

export function checkinWindow(startsAt: Date, endsAt: Date) {
  return { opens: new Date(startsAt.getTime() - CHECKIN_OPENS_BEFORE_MIN * MINUTE), closes: endsAt };
}
export function checkoutWindow(startsAt: Date, endsAt: Date) {
  return { opens: startsAt, closes: new Date(endsAt.getTime() + CHECKOUT_CLOSES_AFTER_MIN * MINUTE) };
}
/** The officer can show a code while either check-in or check-out is open. */
export function codeWindow(startsAt: Date, endsAt: Date) {
  return { opens: checkinWindow(startsAt, endsAt).opens, closes: checkoutWindow(startsAt, endsAt).closes };
}
export function within(t: Date, w: { opens: Date; closes: Date }): boolean {
  return t.getTime() >= w.opens.getTime() && t.getTime() <= w.closes.getTime();
}

/** How long an activity may last, and how far from now it may start (when created or moved). */
export const ACTIVITY_MIN_MINUTES = 1;
export const ACTIVITY_MAX_DAYS = 3;
export const ACTIVITY_START_PAST_DAYS = 366;
export const ACTIVITY_START_FUTURE_DAYS = 3 * 366;

/** What is wrong with an activity's times, or undefined: end after start, a sane length, near now. */
export function activityTimeProblem(
  startsAt: Date,
  endsAt: Date,
  now: Date,
): 'activities.invalid_time' | 'activities.invalid_duration' | 'activities.start_out_of_range' | undefined {
  const length = endsAt.getTime() - startsAt.getTime();
  if (length <= 0) return 'activities.invalid_time';
  if (length < ACTIVITY_MIN_MINUTES * MINUTE || length > ACTIVITY_MAX_DAYS * 24 * 60 * MINUTE) {
    return 'activities.invalid_duration';
  }
  const day = 24 * 60 * MINUTE;
  const fromNow = startsAt.getTime() - now.getTime();
  if (fromNow < -ACTIVITY_START_PAST_DAYS * day || fromNow > ACTIVITY_START_FUTURE_DAYS * day) {
    return 'activities.start_out_of_range';
  }
  return undefined;
}

export function activityMinutes(startsAt: Date, endsAt: Date): number {
  return Math.max(0, Math.floor((endsAt.getTime() - startsAt.getTime()) / MINUTE));
}

/** Minutes of presence, clipped to the activity window. */
export function clippedMinutes(checkIn: Date, checkOut: Date, startsAt: Date, endsAt: Date): number {
  const from = Math.max(checkIn.getTime(), startsAt.getTime());
  const to = Math.min(checkOut.getTime(), endsAt.getTime());
  return Math.max(0, Math.floor((to - from) / MINUTE));
}

/** Points (hundredths) for minutes at a rate in hundredths per hour, rounded to the nearest hundredth. */
export function pointsForMinutes(minutes: number, pointsPerHourHundredths: number): number {
  return Math.round((minutes * pointsPerHourHundredths) / 60);
}

/** Great-circle distance in metres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.min(1, Math.sqrt(h))));
}

export interface AttendanceFacts {
  checkInAt: Date | null;
  checkOutAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  pointsPerHourHundredths: number;
  locationFlagged: boolean;
}

export interface AttendanceAssessment {
  /** Minutes present inside the activity window (0 without both check-in and check-out). */
  presentMinutes: number;
  /** Minutes proposed for crediting: 0 for a short stay or a missing check-out. */
  proposedMinutes: number;
  proposedPoints: number;
  flags: AttendanceFlag[];
}

/** What an attendance would earn, and why an officer should look at it. */
export function assessAttendance(f: AttendanceFacts): AttendanceAssessment {
  const flags: AttendanceFlag[] = [];
  if (f.locationFlagged) flags.push('far_location');
  if (!f.checkInAt || !f.checkOutAt) {
    flags.push('missing_checkout');
    return { presentMinutes: 0, proposedMinutes: 0, proposedPoints: 0, flags };
  }
  const presentMinutes = clippedMinutes(f.checkInAt, f.checkOutAt, f.startsAt, f.endsAt);
  const full = activityMinutes(f.startsAt, f.endsAt);
  if (presentMinutes < full * SHORT_STAY_RATIO) {
    flags.push('short_stay');
    return { presentMinutes, proposedMinutes: 0, proposedPoints: 0, flags };
  }
  return {
    presentMinutes,
    proposedMinutes: presentMinutes,
    proposedPoints: pointsForMinutes(presentMinutes, f.pointsPerHourHundredths),
    flags,
  };
}

/** Certificate levels follow lifetime earned points: 1 at the threshold, 2 at 10×, 3 at 50×. */
export function certificateLevel(lifetimeHundredths: number, thresholdHundredths: number): number {
  if (lifetimeHundredths >= thresholdHundredths * 50) return 3;
  if (lifetimeHundredths >= thresholdHundredths * 10) return 2;
  if (lifetimeHundredths >= thresholdHundredths) return 1;
  return 0;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧**娜, Alice → A**** */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = Array.from(name);
  if (chars.length === 1) return chars[0]!;
  if (chars.length === 2) return `${chars[0]}*`;
  if (/^[\x20-\x7e]+$/.test(name)) return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
