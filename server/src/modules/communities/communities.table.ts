import { acceptanceScopes, DEFAULT_ACCEPTANCE_SCOPE } from '@timebank/shared';
import { integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** 通存通兑: how far certificates are honoured (shared/src/acceptance.ts). */
export const acceptanceScopeEnum = pgEnum('acceptance_scope', acceptanceScopes);

export const districts = pgTable('districts', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  /** For the district's communities that decide nothing themselves. */
  acceptanceScope: acceptanceScopeEnum().notNull().default(DEFAULT_ACCEPTANCE_SCOPE),
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
  /** The community's own 通存通兑 decision; null: as its district decides. */
  acceptanceScope: acceptanceScopeEnum(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
