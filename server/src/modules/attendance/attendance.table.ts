import { attendanceSources, attendanceStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { activities } from '../activities/activities.table';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const attendanceStatusEnum = pgEnum('attendance_status', attendanceStatuses);
export const attendanceSourceEnum = pgEnum('attendance_source', attendanceSources);

export const attendances = pgTable(
  'attendances',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    activityId: integer()
      .notNull()
      .references(() => activities.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    source: attendanceSourceEnum().notNull(),
    status: attendanceStatusEnum().notNull(),
    checkInAt: timestamp({ withTimezone: true }),
    checkInLat: doublePrecision(),
    checkInLng: doublePrecision(),
    checkInDistanceM: integer(),
    checkOutAt: timestamp({ withTimezone: true }),
    checkOutLat: doublePrecision(),
    checkOutLng: doublePrecision(),
    locationFlagged: boolean().notNull().default(false),
    /** Minutes an officer set (adjustment or manual entry); null means "as computed". */
    minutesOverride: integer(),
    overrideReason: text(),
    evidenceNote: text(),
    creditedMinutes: integer(),
    creditedPoints: integer(),
    recordedBy: integer().references(() => users.id),
    confirmedBy: integer().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.activityId, t.userId),
    index().on(t.communityId, t.status),
    index().on(t.userId),
    // The dashboard's active volunteers (distinct user_id since a date), read from the index alone.
    index().on(t.communityId, t.createdAt, t.userId),
    check(
      'attendances_confirmed_fields',
      sql`(${t.status} = 'confirmed') = (${t.confirmedAt} IS NOT NULL AND ${t.creditedMinutes} IS NOT NULL AND ${t.creditedPoints} IS NOT NULL)`,
    ),
    check('attendances_self_confirm', sql`${t.confirmedBy} IS NULL OR ${t.confirmedBy} <> ${t.userId}`),
    check(
      'attendances_manual_reason',
      sql`${t.source} = 'checkin' OR (${t.overrideReason} IS NOT NULL AND ${t.evidenceNote} IS NOT NULL)`,
    ),
  ],
);

/** An officer's change of credited minutes after confirmation; credited through the ledger. */
export const attendanceAdjustments = pgTable(
  'attendance_adjustments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The attendance's community, copied (the distribution column of a sharded layout: docs/scale.md). */
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    attendanceId: integer()
      .notNull()
      .references(() => attendances.id),
    minutesBefore: integer().notNull(),
    minutesAfter: integer().notNull(),
    pointsDelta: integer().notNull(),
    reason: text().notNull(),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.attendanceId)],
);
