/** Response schemas of the accounts and sessions routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { countOut, idOut, listOut, textOut, timeOut } from './common';

const roleOut = z.enum(['volunteer', 'officer', 'merchant_staff', 'district_admin']);

/** One of my sessions (a signed-in device). */
export const sessionOut = z.strictObject({
  id: z
    .string()
    .max(22)
    .regex(/^[A-Za-z0-9_-]{22}$/),
  /** The session of this request. */
  current: z.boolean(),
  method: z.enum(['wechat', 'password', 'application']),
  userAgent: textOut(200).nullable(),
  createdAt: timeOut,
  lastSeenAt: timeOut,
  expiresAt: timeOut,
});
export const sessionListOut = z.strictObject({ sessions: listOut(sessionOut, 50) });
export const sessionsRevokedOut = z.strictObject({ revoked: countOut });

/** A reset code for a staff member, shown once to the officer. */
export const passwordResetIssuedOut = z.strictObject({
  userId: idOut,
  code: z
    .string()
    .max(14)
    .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  expiresAt: timeOut,
});

/** An account's state after an officer (or a shop's owner) disabled or enabled it. */
export const accountStateOut = z.strictObject({
  id: idOut,
  role: roleOut,
  disabled: z.boolean(),
  disabledReason: textOut(200).nullable(),
  disabledAt: timeOut.nullable(),
});

/** A shop's staff member, as its owner sees them. */
export const staffMemberOut = z.strictObject({
  id: idOut,
  username: textOut(64).nullable(),
  displayName: textOut(40),
  isOwner: z.boolean(),
  disabled: z.boolean(),
  disabledReason: textOut(200).nullable(),
});
export const staffListOut = z.strictObject({ staff: listOut(staffMemberOut, 1000) });

/** A device my certificate (or member credential) was opened on. */
export const tillDeviceOut = z.strictObject({
  id: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]{8,64}$/),
  kind: z.enum(['certificate', 'alliance_member']),
  label: textOut(60).nullable(),
  /** Its codes verify (the latest opening, not closed). */
  active: z.boolean(),
  createdAt: timeOut,
  replacedAt: timeOut.nullable(),
  closedAt: timeOut.nullable(),
  /** The last check its code passed. */
  lastUsedAt: timeOut.nullable(),
});
export const tillDeviceListOut = z.strictObject({ devices: listOut(tillDeviceOut, 20) });

// Types of the answers above that had none.
export type SessionDto = z.infer<typeof sessionOut>;
export type SessionListDto = z.infer<typeof sessionListOut>;
export type SessionsRevokedDto = z.infer<typeof sessionsRevokedOut>;
export type PasswordResetIssuedDto = z.infer<typeof passwordResetIssuedOut>;
export type AccountStateDto = z.infer<typeof accountStateOut>;
export type StaffMemberDto = z.infer<typeof staffMemberOut>;
export type StaffListDto = z.infer<typeof staffListOut>;
export type TillDeviceDto = z.infer<typeof tillDeviceOut>;
export type TillDeviceListDto = z.infer<typeof tillDeviceListOut>;
