import { roles } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';

export const roleEnum = pgEnum('role', roles);

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    role: roleEnum().notNull(),
    displayName: text().notNull(),
    realName: text(),
    phone: text(),
    photoRef: text(),
    /** When an officer last approved the photo in force; null when it was set before any certificate. */
    photoApprovedAt: timestamp({ withTimezone: true }),
    wechatOpenid: text().unique(),
    username: text().unique(),
    passwordHash: text(),
    consentVersion: text(),
    consentAt: timestamp({ withTimezone: true }),
    disabled: boolean().notNull().default(false),
    /** Why and when an officer (or the shop's owner) disabled the account, and who. */
    disabledReason: text(),
    disabledAt: timestamp({ withTimezone: true }),
    disabledBy: integer(),
    /**
     * Session tokens issued at or before this second are refused, whatever their row says: the
     * tokens made before sessions had rows (no `jti`) end with "sign out everywhere" too.
     */
    sessionsValidAfter: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.role),
    check(
      'users_has_identity',
      sql`${t.wechatOpenid} IS NOT NULL OR ${t.username} IS NOT NULL OR ${t.role} = 'volunteer'`,
    ),
  ],
);
