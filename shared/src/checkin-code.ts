/**
 * The short form of the officer's rotating check-in code: `TBC.<activity id>.<6 digits>`. The digits
 * are made by the server for one 30-second slot (HMAC with a server key, so only the server can make
 * or check them); the QR code carries the whole string, and a volunteer without a camera types just
 * the six digits after choosing the activity. The long signed form (a JWT) is still accepted.
 */
export const CHECKIN_CODE_PREFIX = 'TBC';

export type CheckinCodeInput =
  | { kind: 'short'; activityId: number; digits: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'signed'; token: string }
  | { kind: 'unreadable' };

export function formatCheckinCode(activityId: number, digits: string): string {
  return `${CHECKIN_CODE_PREFIX}.${activityId}.${digits}`;
}

/** Reads what a volunteer scanned or typed (spaces and dashes in typed digits are ignored). */
export function parseCheckinCode(raw: string): CheckinCodeInput {
  const value = raw.trim();
  const short = /^TBC\.([1-9]\d{0,9})\.(\d{6})$/i.exec(value);
  if (short) return { kind: 'short', activityId: Number(short[1]), digits: short[2]! };
  const typed = value.replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(typed)) return { kind: 'digits', digits: typed };
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value) && value.startsWith('ey'))
    return { kind: 'signed', token: value };
  return { kind: 'unreadable' };
}
