import { MAX_OFFER_DAYS, MAX_PRODUCT_PHOTOS, publicationStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';

/** published → hidden (by the merchant) and back; taken_down (by an officer) is final. */
export const publicationStatusEnum = pgEnum('publication_status', publicationStatuses);

/** A merchant's products (local products flagged), shown on its directory page. */
export const merchantProducts = pgTable(
  'merchant_products',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** Fen (分); or a text price. */
    priceFen: integer(),
    priceText: text(),
    photos: text().array().notNull().default(sql`'{}'::text[]`),
    isLocal: boolean().notNull().default(false),
    status: publicationStatusEnum().notNull().default('published'),
    takeDownReason: text(),
    takenDownBy: integer().references(() => users.id),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.merchantId, t.status),
    check('merchant_products_price_given', sql`${t.priceFen} IS NOT NULL OR ${t.priceText} IS NOT NULL`),
    check('merchant_products_price_range', sql`${t.priceFen} IS NULL OR ${t.priceFen} >= 0`),
    check(
      'merchant_products_photos',
      sql`coalesce(array_length(${t.photos}, 1), 0) <= ${sql.raw(String(MAX_PRODUCT_PHOTOS))}`,
    ),
    check(
      'merchant_products_taken_down_reason',
      sql`(${t.status} = 'taken_down') = (${t.takeDownReason} IS NOT NULL)`,
    ),
  ],
);

/** Time-limited offers; validFrom..validTo are local dates (Asia/Shanghai), both included. */
export const merchantOffers = pgTable(
  'merchant_offers',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    title: text().notNull(),
    description: text().notNull().default(''),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }).notNull(),
    photo: text(),
    status: publicationStatusEnum().notNull().default('published'),
    takeDownReason: text(),
    takenDownBy: integer().references(() => users.id),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.merchantId, t.status, t.validTo),
    check('merchant_offers_date_order', sql`${t.validTo} >= ${t.validFrom}`),
    check('merchant_offers_length', sql`${t.validTo} - ${t.validFrom} < ${sql.raw(String(MAX_OFFER_DAYS))}`),
    check(
      'merchant_offers_taken_down_reason',
      sql`(${t.status} = 'taken_down') = (${t.takeDownReason} IS NOT NULL)`,
    ),
  ],
);
