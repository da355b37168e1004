import { merchantActions, merchantCategories, merchantStatuses } from '@timebank/shared';
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
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { users } from '../users/users.table';

export const merchantCategoryEnum = pgEnum('merchant_category', merchantCategories);
export const merchantStatusEnum = pgEnum('merchant_status', merchantStatuses);
export const merchantActionEnum = pgEnum('merchant_action', [...merchantActions, 'apply']);

export const merchants = pgTable(
  'merchants',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    name: text().notNull(),
    category: merchantCategoryEnum().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    address: text().notNull(),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    openingHours: text().notNull(),
    contactPhone: text().notNull(),
    licenceNo: text().notNull(),
    photos: text().array().notNull().default(sql`'{}'::text[]`),
    /** 20 = 20% off (8折); or a text offer. */
    discountPercentOff: integer(),
    discountText: text(),
    discountConditions: text(),
    pledgeVersion: text().notNull(),
    pledgeAcceptedAt: timestamp({ withTimezone: true }).notNull(),
    status: merchantStatusEnum().notNull().default('applied'),
    statusReason: text(),
    /** The alliance member credential of the owner, issued at approval. */
    credentialSerial: text().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    check(
      'merchants_discount_given',
      sql`${t.discountPercentOff} IS NOT NULL OR ${t.discountText} IS NOT NULL`,
    ),
    check(
      'merchants_discount_range',
      sql`${t.discountPercentOff} IS NULL OR (${t.discountPercentOff} BETWEEN 1 AND 90)`,
    ),
  ],
);

export const merchantMembers = pgTable(
  'merchant_members',
  {
    userId: integer()
      .primaryKey()
      .references(() => users.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    isOwner: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId)],
);

/** Who moved the merchant, from where to where, and why. */
export const merchantEvents = pgTable(
  'merchant_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    action: merchantActionEnum().notNull(),
    fromStatus: merchantStatusEnum(),
    toStatus: merchantStatusEnum().notNull(),
    reason: text().notNull(),
    actorId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.id)],
);
