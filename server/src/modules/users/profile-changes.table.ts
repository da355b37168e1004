import { profileChangeStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { users } from './users.table';

export const profileChangeStatusEnum = pgEnum('profile_change_status', profileChangeStatuses);

/**
 * A certified volunteer's new photo or real name, waiting for an officer (the old one stays in force
 * meanwhile), and every decided one: the holder's history. At most one waits per volunteer.
 */
export const profileChanges = pgTable(
  'profile_changes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** The proposed real name (null: unchanged). Cleared when consent is withdrawn. */
    realName: text(),
    /** The proposed photo (null: unchanged). Cleared when consent is withdrawn. */
    photoRef: text(),
    status: profileChangeStatusEnum().notNull().default('pending'),
    reason: text(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    index().on(t.userId, t.createdAt),
    uniqueIndex('profile_changes_one_pending').on(t.userId).where(sql`${t.status} = 'pending'`),
  ],
);
