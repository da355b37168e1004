import {
  helpKinds,
  helpRequestStatuses,
  householdCategories,
  householdLogActions,
  householdStatuses,
} from '@timebank/shared';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { activities } from '../activities/activities.table';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const householdCategoryEnum = pgEnum('household_category', householdCategories);
export const householdStatusEnum = pgEnum('household_status', householdStatuses);
export const helpKindEnum = pgEnum('help_kind', helpKinds);
export const helpRequestStatusEnum = pgEnum('help_request_status', helpRequestStatuses);
export const householdLogActionEnum = pgEnum('household_log_action', householdLogActions);
export const householdActorRoleEnum = pgEnum('household_actor_role', ['officer', 'proxy']);

/**
 * A household in need, with minimal data and the consent that allows keeping it. Withdrawing the
 * consent archives the household and clears every personal field (the database checks both).
 */
export const households = pgTable(
  'households',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    status: householdStatusEnum().notNull().default('active'),
    category: householdCategoryEnum().notNull(),
    /** A label or name as the household chooses; null once consent is withdrawn. */
    label: text(),
    address: text(),
    phone: text(),
    notes: text(),
    consentGivenBy: text().notNull(),
    consentGivenAt: timestamp({ withTimezone: true }).notNull(),
    consentVersion: text().notNull(),
    consentRecordedBy: integer()
      .notNull()
      .references(() => users.id),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawnBy: integer().references(() => users.id),
    withdrawalReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    check(
      'households_active_has_data',
      sql`${t.status} <> 'active' OR (${t.label} IS NOT NULL AND ${t.address} IS NOT NULL AND ${t.withdrawnAt} IS NULL)`,
    ),
    check(
      'households_archived_cleared',
      sql`${t.status} <> 'archived' OR (${t.label} IS NULL AND ${t.address} IS NULL AND ${t.phone} IS NULL AND ${t.notes} IS NULL AND ${t.withdrawnAt} IS NOT NULL)`,
    ),
  ],
);

/** Someone with an account (a family member, a neighbour) who may ask for help on the household's behalf. */
export const householdProxies = pgTable(
  'household_proxies',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    relation: text().notNull(),
    addedBy: integer()
      .notNull()
      .references(() => users.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
    removedBy: integer().references(() => users.id),
  },
  (t) => [
    uniqueIndex('household_proxies_active_unique')
      .on(t.householdId, t.userId)
      .where(sql`${t.removedAt} IS NULL`),
    index().on(t.userId),
  ],
);

/** A request for help; scheduled means a volunteer activity was arranged for it (one per request). */
export const helpRequests = pgTable(
  'help_requests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    kind: helpKindEnum().notNull(),
    preferredTime: text().notNull(),
    details: text().notNull().default(''),
    status: helpRequestStatusEnum().notNull().default('open'),
    raisedBy: integer()
      .notNull()
      .references(() => users.id),
    raisedAs: householdActorRoleEnum().notNull(),
    activityId: integer()
      .references(() => activities.id)
      .unique(),
    scheduledBy: integer().references(() => users.id),
    scheduledAt: timestamp({ withTimezone: true }),
    closedBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
    closeNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    index().on(t.householdId),
    check(
      'help_requests_activity_when_scheduled',
      sql`${t.status} NOT IN ('scheduled', 'done') OR (${t.activityId} IS NOT NULL AND ${t.scheduledAt} IS NOT NULL)`,
    ),
    check('help_requests_open_unlinked', sql`${t.status} <> 'open' OR ${t.activityId} IS NULL`),
    check(
      'help_requests_closed_fields',
      sql`(${t.status} IN ('done', 'cancelled')) = (${t.closedAt} IS NOT NULL)`,
    ),
  ],
);

/** Who did what to a household, and when: every proxy action and every officer change. Append-only. */
export const householdLog = pgTable(
  'household_log',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    actorId: integer()
      .notNull()
      .references(() => users.id),
    actorRole: householdActorRoleEnum().notNull(),
    action: householdLogActionEnum().notNull(),
    requestId: integer().references(() => helpRequests.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.householdId, t.id)],
);
