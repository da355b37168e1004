import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { verifications } from '../till/till.table';
import { users } from '../users/users.table';

export const caseKindEnum = pgEnum('case_kind', ['refused_discount', 'lent_certificate']);
export const caseStatusEnum = pgEnum('case_status', ['open', 'closed']);

/** A report that became a case for the community's officers. */
export const cases = pgTable(
  'cases',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    kind: caseKindEnum().notNull(),
    merchantId: integer().references(() => merchants.id),
    verificationId: integer().references(() => verifications.id),
    /** The holder the case is about (lent certificate), if known. */
    subjectUserId: integer().references(() => users.id),
    reporterId: integer()
      .notNull()
      .references(() => users.id),
    description: text().notNull(),
    status: caseStatusEnum().notNull().default('open'),
    resolution: text(),
    outcome: text(),
    closedBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communityId, t.status)],
);

export const caseNotes = pgTable(
  'case_notes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    note: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.caseId)],
);
