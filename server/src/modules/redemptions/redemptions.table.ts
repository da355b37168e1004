import { MAX_REDEMPTION_DAYS, MAX_REDEMPTION_STOCK, redemptionItemStatuses } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { movements } from '../movements/movements.table';
import { verifications } from '../till/till.table';
import { users } from '../users/users.table';

export const redemptionItemStatusEnum = pgEnum('redemption_item_status', redemptionItemStatuses);

/**
 * A shop's items and vouchers for points (兑换项目). `stock` is what is left (null: no limit); a
 * redemption takes one by a relative update under the row's lock, and the database keeps it at zero
 * or above. validFrom..validTo are local dates (Asia/Shanghai), both included.
 */
export const redemptionItems = pgTable(
  'redemption_items',
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
    /** Hundredths of a point (whole points at the API). */
    cost: integer().notNull(),
    valueFen: integer(),
    stock: integer(),
    redeemed: integer().notNull().default(0),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }).notNull(),
    status: redemptionItemStatusEnum().notNull().default('published'),
    takeDownReason: text(),
    takenDownBy: integer().references(() => users.id),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index().on(t.merchantId, t.status),
    check('redemption_items_cost_positive', sql`${t.cost} > 0 AND ${t.cost} % 100 = 0`),
    check('redemption_items_value', sql`${t.valueFen} IS NULL OR ${t.valueFen} >= 0`),
    check(
      'redemption_items_stock',
      sql`${t.stock} IS NULL OR (${t.stock} >= 0 AND ${t.stock} <= ${sql.raw(String(MAX_REDEMPTION_STOCK))})`,
    ),
    check('redemption_items_redeemed', sql`${t.redeemed} >= 0`),
    check('redemption_items_date_order', sql`${t.validTo} >= ${t.validFrom}`),
    check(
      'redemption_items_length',
      sql`${t.validTo} - ${t.validFrom} < ${sql.raw(String(MAX_REDEMPTION_DAYS))}`,
    ),
    check(
      'redemption_items_taken_down_reason',
      sql`(${t.status} = 'taken_down') = (${t.takeDownReason} IS NOT NULL)`,
    ),
  ],
);

/**
 * One redemption at a till: a valid check of a certificate carries at most one (single use: the
 * rotating code was already used once by the check), and its points moved as one movement from the
 * holder to the shop's redemption account. History: never edited.
 */
export const redemptions = pgTable(
  'redemptions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    itemId: integer()
      .notNull()
      .references(() => redemptionItems.id),
    verificationId: integer()
      .notNull()
      .references(() => verifications.id),
    movementId: integer()
      .notNull()
      .references(() => movements.id),
    holderId: integer()
      .notNull()
      .references(() => users.id),
    staffId: integer()
      .notNull()
      .references(() => users.id),
    /** Hundredths of a point, as the movement's amount; the item's value in fen at the time. */
    cost: integer().notNull(),
    valueFen: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('redemptions_one_per_check').on(t.verificationId),
    uniqueIndex('redemptions_one_per_movement').on(t.movementId),
    index().on(t.merchantId, t.id),
    index().on(t.holderId, t.id),
    index().on(t.itemId),
    check('redemptions_cost_positive', sql`${t.cost} > 0`),
  ],
);
