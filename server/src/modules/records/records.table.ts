import { nameDisplays } from '@timebank/shared';
import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const nameDisplayEnum = pgEnum('name_display', nameDisplays);

/**
 * A volunteer service-record certificate (志愿服务记录证明) as issued: the services and totals are
 * captured at issue, so later corrections do not change a printed record. Only the hash of the
 * verification code is kept.
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    serial: text().notNull().unique(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    issuedBy: integer()
      .notNull()
      .references(() => users.id),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    nameDisplay: nameDisplayEnum().notNull(),
    /** The name as printed: full or masked, fixed at issue. */
    displayedName: text().notNull(),
    /** [{ title, date, hours, points }] */
    services: jsonb().notNull(),
    totalMinutes: integer().notNull(),
    /** Hundredths of a point. */
    totalPoints: integer().notNull(),
    activitiesCount: integer().notNull(),
    codeHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.id)],
);
