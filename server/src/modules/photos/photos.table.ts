import { photoPurposes } from '@timebank/shared';
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { users } from '../users/users.table';

/** Bytes: `Buffer` on `pg`, `Uint8Array` on PGlite — always a Buffer here. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const photoPurposeEnum = pgEnum('photo_purpose', photoPurposes);

/**
 * Every stored image, keyed by the SHA-256 of its re-encoded large size (`ph_<hex>`) and who uploaded
 * it: the bytes live in PostgreSQL, so backups and restores carry them. Each image is kept at two
 * fixed sizes (JPEG, metadata stripped). The same bytes uploaded by two people are two rows, so one
 * withdrawing consent deletes their copy without touching the other's; uploading again is one row.
 */
export const photos = pgTable(
  'photos',
  {
    ref: text().notNull(),
    ownerId: integer()
      .notNull()
      .references(() => users.id),
    purpose: photoPurposeEnum().notNull(),
    contentType: text().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    large: bytea().notNull(),
    small: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ref, t.ownerId] }),
    index().on(t.ownerId, t.purpose),
    check('photos_ref_is_hash', sql`${t.ref} ~ '^ph_[0-9a-f]{64}$'`),
  ],
);
