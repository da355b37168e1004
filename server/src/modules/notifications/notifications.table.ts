import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table';

/** The in-app message centre. */
export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: jsonb(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Set for messages that must exist at most once, e.g. `activity.reminder:<activity>:<user>`:
     * every API process may try to write it, the key lets exactly one succeed.
     */
    dedupeKey: text().unique(),
  },
  (t) => [index().on(t.userId, t.id)],
);

/**
 * WeChat subscribe-message credits: each time the volunteer accepts a template in
 * Taro.requestSubscribeMessage, WeChat allows one message with it. One row per user and template.
 */
export const wechatSubscriptions = pgTable(
  'wechat_subscriptions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** The notification kind the template carries (`activity.reminder`, `ledger.credited`). */
    kind: text().notNull(),
    templateId: text().notNull(),
    credits: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.userId, t.templateId),
    index().on(t.userId, t.kind),
    check('wechat_subscriptions_credits', sql`${t.credits} >= 0 AND ${t.credits} <= 100`),
  ],
);

export const pushStatuses = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * Messages to push through WeChat, written in the same transaction as the notification (and the
 * credit it spends). At most one per notification; a dispatcher claims and sends them.
 */
export const wechatOutbox = pgTable(
  'wechat_outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    notificationId: integer()
      .notNull()
      .unique()
      .references(() => notifications.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    templateId: text().notNull(),
    status: text({ enum: pushStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    /** While `sending`: the claim's end. A claim that outlives it was interrupted. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.nextAttemptAt),
    check('wechat_outbox_status', sql`${t.status} IN ('pending', 'sending', 'sent', 'failed')`),
    check('wechat_outbox_sent_at', sql`(${t.status} = 'sent') = (${t.sentAt} IS NOT NULL)`),
  ],
);
