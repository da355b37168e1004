/**
 * Requests of the accounts and sessions routes: password change and reset, sessions, disabling
 * accounts, till devices. Limits the mini-program shows (the password's minimum) live here too.
 */
import { z } from 'zod';
import { idText } from './primitives';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
/** How long an officer's reset code for a staff member works. */
export const PASSWORD_RESET_TTL_HOURS = 24;
/** Wrong codes tried against one staff member's reset code before it is void. */
export const PASSWORD_RESET_MAX_TRIES = 5;

const newPassword = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
const reason = z.string().trim().min(1).max(200);

/** A user id in a path: 1 … 2³¹−1. */
export const userIdParam = z.object({ id: idText }).strict();

export const passwordChangeBody = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX),
    newPassword,
  })
  .strict();

/** The reset code as the officer reads it out: 12 letters and digits, grouped by dashes or spaces. */
export const passwordResetCode = z
  .string()
  .trim()
  .min(12)
  .max(20)
  .regex(/^[0-9A-Za-z -]+$/);

export const passwordResetBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    code: passwordResetCode,
    newPassword,
  })
  .strict();

/** Disabling or enabling an account: why (kept with the account and in the audit log). */
export const accountStateBody = z.object({ reason }).strict();

/** A session's id (its token's `jti`). */
export const sessionIdParam = z
  .object({
    id: z
      .string()
      .max(22)
      .regex(/^[A-Za-z0-9_-]{22}$/),
  })
  .strict();

/** A till device's id (as in the till code `TB1.<device>.<step>.<otp>`). */
export const tillDeviceIdParam = z
  .object({
    id: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .strict();
