import { certificateStatuses } from '@timebank/shared';
import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const certificateStatusEnum = pgEnum('certificate_status', certificateStatuses);

export const certificates = pgTable(
  'certificates',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    serial: text().notNull().unique(),
    /** One certificate per holder: crossing the threshold twice never issues two. */
    userId: integer()
      .notNull()
      .unique()
      .references(() => users.id),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    level: integer().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: certificateStatusEnum().notNull().default('active'),
    statusReason: text(),
    statusChangedAt: timestamp({ withTimezone: true }),
    statusChangedBy: integer().references(() => users.id),
  },
  (t) => [index().on(t.communityId, t.status)],
);
