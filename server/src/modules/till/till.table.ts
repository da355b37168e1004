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
  },
  (t) => [
    index().on(t.merchantId, t.createdAt),
    check('discounts_amounts', sql`coalesce(${t.billCents}, 0) >= 0 AND coalesce(${t.savingCents}, 0) >= 0`),
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
