import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table';

/**
 * One row per signed-in device: the session token's `jti`. A session check reads it (cached for a few
 * seconds), so a revoked row stops its token on every API process within that time.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** How the session began: 'wechat', 'password', 'application'. */
    method: text().notNull(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    /** Updated at most every few minutes, by the first session check after that. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /** 'logout', 'logout_all', 'revoked', 'password_changed', 'password_reset', 'disabled'. */
    revokedReason: text(),
  },
  (t) => [
    index().on(t.userId, t.createdAt),
    check('sessions_revoked_with_reason', sql`(${t.revokedAt} IS NULL) = (${t.revokedReason} IS NULL)`),
  ],
);

/**
 * One-time codes an officer gives a shop's staff member who forgot their password: stored as a
 * SHA-256 of the code (the code itself is random and shown once), short-lived, used once, and void
 * after a few wrong tries.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    codeHash: text().notNull().unique(),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** A newer code, too many wrong tries, or the password changed otherwise. */
    voidedAt: timestamp({ withTimezone: true }),
    failedAttempts: integer().notNull().default(0),
  },
  (t) => [
    index().on(t.userId, t.createdAt),
    check('password_resets_attempts', sql`${t.failedAttempts} >= 0`),
  ],
);

/**
 * Sign-in attempts per username+address and per address, for progressive delays: `attempts` within a
 * quiet-time window, and when the next attempt may come. Unlogged like the rate limits (losing it in a
 * crash only forgives a few failures).
 */
export const signinThrottle = pgTable('signin_throttle', {
  key: text().primaryKey(),
  attempts: integer().notNull(),
  lastAt: timestamp({ withTimezone: true }).notNull(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});
