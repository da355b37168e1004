import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.table';
import { roleEnum, users } from '../users/users.table';

/** Every change an officer or district administrator made through the API: who, what, when. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: integer()
      .notNull()
      .references(() => users.id),
    role: roleEnum().notNull(),
    /** The community acted upon (the affected entity's; the actor's when none). */
    communityId: integer()
      .notNull()
      .references(() => communities.id),
    /** `POST /merchants/:id/transitions` */
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    params: jsonb(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communityId, t.id), index().on(t.actorId, t.id)],
);
