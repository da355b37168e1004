import { certificateAppealStatuses, certificateEventActions, certificateStatuses } from '@timebank/shared';
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

export const certificateActionEnum = pgEnum('certificate_action', certificateEventActions);

/** Every change of a certificate's status, with who and why; the holder sees the reason. */
export const certificateEvents = pgTable(
  'certificate_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    certificateId: integer()
      .notNull()
      .references(() => certificates.id),
    action: certificateActionEnum().notNull(),
    fromStatus: certificateStatusEnum(),
    toStatus: certificateStatusEnum().notNull(),
    reason: text().notNull(),
    actorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.certificateId, t.id)],
);

export const appealStatusEnum = pgEnum('appeal_status', certificateAppealStatuses);

/** A holder may appeal a suspension or revocation once. */
export const certificateAppeals = pgTable('certificate_appeals', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  certificateId: integer()
    .notNull()
    .unique()
    .references(() => certificates.id),
  text: text().notNull(),
  status: appealStatusEnum().notNull().default('pending'),
  decidedBy: integer().references(() => users.id),
  decisionNote: text(),
  decidedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
