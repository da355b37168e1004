import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { certificates } from '../certificates/certificates.table';
import { communities } from '../communities/communities.table';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';

export const credentialKindEnum = pgEnum('credential_kind', ['certificate', 'alliance_member']);

/** The device a credential was last opened on, with the secret its codes derive from. */
export const tillDevices = pgTable(
  'till_devices',
  {
    id: text().primaryKey(),
    holderId: integer()
      .notNull()
      .references(() => users.id),
    kind: credentialKindEnum().notNull(),
    certificateId: integer().references(() => certificates.id),
    merchantId: integer().references(() => merchants.id),
    secretHex: text().notNull(),
    label: text(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    replacedAt: timestamp({ withTimezone: true }),
    /** The holder closed this device (a lost phone): its codes stop at once. */
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('till_devices_one_active').on(t.holderId, t.kind).where(sql`${t.active}`),
    check(
      'till_devices_credential',
      sql`(${t.kind} = 'certificate' AND ${t.certificateId} IS NOT NULL) OR (${t.kind} = 'alliance_member' AND ${t.merchantId} IS NOT NULL)`,
    ),
  ],
);

/** Each 30-second step of a device is accepted once, at any instance of the API. */
export const tillCodeUses = pgTable(
  'till_code_uses',
  {
    deviceId: text()
      .notNull()
      .references(() => tillDevices.id),
    step: bigint({ mode: 'number' }).notNull(),
    usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.step] })],
);

export const verificationResultEnum = pgEnum('verification_result', ['valid', 'refused']);

export const verifications = pgTable(
  'verifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    staffId: integer()
      .notNull()
      .references(() => users.id),
    deviceId: text().references(() => tillDevices.id),
    holderId: integer().references(() => users.id),
    kind: credentialKindEnum(),
    certificateId: integer().references(() => certificates.id),
    result: verificationResultEnum().notNull(),
    reason: text(),
    flagged: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.createdAt), index().on(t.holderId, t.createdAt)],
);

/** The discount staff recorded after a valid check; amounts in cents. */
export const discounts = pgTable(
  'discounts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    verificationId: integer()
      .notNull()
      .unique()
      .references(() => verifications.id),
    merchantId: integer()
      .notNull()
      .references(() => merchants.id),
    holderId: integer()
      .notNull()
      .references(() => users.id),
    billCents: integer(),
    savingCents: integer(),
    note: text(),
    recordedBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last correction by the staff member who recorded it (within 10 minutes). */
    correctedAt: timestamp({ withTimezone: true }),
    /** An officer voided it: it counts nowhere any more (kept, with the reason, in the trail). */
    voidedAt: timestamp({ withTimezone: true }),
    voidedBy: integer().references(() => users.id),
    voidReason: text(),
  },
  (t) => [
    index().on(t.merchantId, t.createdAt),
    check('discounts_amounts', sql`coalesce(${t.billCents}, 0) >= 0 AND coalesce(${t.savingCents}, 0) >= 0`),
    // A record counts with a positive saving no larger than the bill; a voided one counts nowhere.
    // Records made before the till validated amounts may break it (the migration adds it NOT VALID).
    check(
      'discounts_saving_valid',
      sql`${t.voidedAt} IS NOT NULL OR (${t.savingCents} IS NOT NULL AND ${t.savingCents} > 0 AND (${t.billCents} IS NULL OR ${t.savingCents} <= ${t.billCents}))`,
    ),
    check(
      'discounts_void_complete',
      sql`(${t.voidedAt} IS NULL) = (${t.voidedBy} IS NULL) AND (${t.voidedAt} IS NULL) = (${t.voidReason} IS NULL)`,
    ),
  ],
);

export const discountEventKindEnum = pgEnum('discount_event_kind', ['recorded', 'corrected', 'voided']);

/** A discount record's trail: what was recorded, each correction, the void — append-only. */
export const discountEvents = pgTable(
  'discount_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    discountId: integer()
      .notNull()
      .references(() => discounts.id),
    kind: discountEventKindEnum().notNull(),
    billCents: integer(),
    savingCents: integer(),
    note: text(),
    reason: text(),
    actorId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.discountId, t.id),
    check('discount_events_void_reason', sql`${t.kind} <> 'voided' OR ${t.reason} IS NOT NULL`),
  ],
);

/** Patterns an officer should look at: two distant shops within minutes, too many checks in a day. */
export const tillAlerts = pgTable(
  'till_alerts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    holderId: integer()
      .notNull()
      .references(() => users.id),
    verificationId: integer()
      .notNull()
      .references(() => verifications.id),
    kind: text().notNull(),
    details: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communityId, t.id)],
);
