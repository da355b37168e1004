import { activityCategories, activityStatuses, digitalTopics } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const activityCategoryEnum = pgEnum('activity_category', activityCategories);
export const activityStatusEnum = pgEnum('activity_status', activityStatuses);
export const digitalTopicEnum = pgEnum('digital_topic', digitalTopics);

export const activities = pgTable(
  'activities',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** Occurrences of one weekly recurrence share a series id. */
    seriesId: uuid(),
    title: text().notNull(),
    category: activityCategoryEnum().notNull(),
    /** What a digital-skills session teaches; only digital-skills activities have one. */
    topic: digitalTopicEnum(),
    description: text().notNull().default(''),
    placeName: text().notNull(),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    /** Hundredths of a point per hour. */
    pointsPerHour: integer().notNull(),
    status: activityStatusEnum().notNull().default('draft'),
    enrolledCount: integer().notNull().default(0),
    /**
     * Attendance records of this activity (any status), kept by the database: a deferred trigger on
     * attendances (migration 0009) counts each insert, so the dashboards read one column instead of
     * counting attendances per activity (docs/scale.md).
     */
    attendedCount: integer().notNull().default(0),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.startsAt),
    // The dashboards' "ended in the last 90 days" per community.
    index().on(t.communityId, t.endsAt),
    check('activities_time_order', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_topic_digital', sql`${t.topic} IS NULL OR ${t.category} = 'digital_skills'`),
    check('activities_capacity', sql`${t.capacity} > 0`),
    check('activities_points_rate', sql`${t.pointsPerHour} > 0`),
    check(
      'activities_enrolled_within_capacity',
      sql`${t.enrolledCount} >= 0 AND ${t.enrolledCount} <= ${t.capacity}`,
    ),
    check('activities_attended_count', sql`${t.attendedCount} >= 0`),
  ],
);

export const enrolments = pgTable(
  'enrolments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The activity's community, copied (the distribution column of a sharded layout: docs/scale.md). */
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    activityId: integer()
      .notNull()
      .references(() => activities.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.activityId, t.userId), index().on(t.userId)],
);
