import {
  type MerchantVettedChange,
  merchantActions,
  merchantCategories,
  merchantChangeStatuses,
  merchantStatuses,
} from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
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

export const merchantChangeStatusEnum = pgEnum('merchant_change_status', merchantChangeStatuses);

/**
 * An owner's change of what the community vetted (the licence, the discount): it waits for an
 * officer, who approves it (the shop takes the new values) or rejects it with a reason. At most one
 * waits per shop. The status moves only as shared/src/lifecycles.ts allows (the lifecycle guard).
 */
export const merchantChangeRequests = pgTable(
  'merchant_change_requests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    changes: jsonb().$type<MerchantVettedChange>().notNull(),
    /** The values in force when it was asked. */
    previous: jsonb().$type<MerchantVettedChange>().notNull(),
    status: merchantChangeStatusEnum().notNull().default('pending'),
    requestedBy: integer()
      .notNull()
      .references(() => users.id),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.communityId, t.status),
    index().on(t.merchantId, t.id),
    uniqueIndex('merchant_change_requests_one_pending').on(t.merchantId).where(sql`${t.status} = 'pending'`),
    check(
      'merchant_change_requests_decided',
      sql`(${t.status} = 'pending') = (${t.decidedAt} IS NULL) AND (${t.decidedAt} IS NULL) = (${t.decidedBy} IS NULL)`,
    ),
    check(
      'merchant_change_requests_reject_reason',
      sql`${t.status} <> 'rejected' OR ${t.decisionReason} IS NOT NULL`,
    ),
  ],
);
