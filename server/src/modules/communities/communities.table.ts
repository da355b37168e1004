import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const districts = pgTable('districts', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const communities = pgTable('communities', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  districtId: integer()
    .notNull()
    .references(() => districts.id),
  name: text().notNull(),
  /** Short code used in certificate serials, e.g. ZR for 紫瑞. */
  code: text().notNull().unique(),
  certificateThreshold: integer().notNull(),
  defaultPointsPerHour: integer().notNull(),
  /** Counter for certificate serials, advanced with a relative update. */
  certificateSeq: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
