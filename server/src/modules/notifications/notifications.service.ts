import type { Config } from '@timebank/config';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import type { AuthUser } from '../../http/route';
import { users } from '../users/users.table';
import { notifications, wechatOutbox, wechatSubscriptions } from './notifications.table';

export interface NotificationMessage {
  kind: string;
  title: string;
  body: string;
  data?: unknown;
  /** A message with a key is written at most once, whoever tries (see notifications.dedupeKey). */
  dedupeKey?: string;
}

/** Most credits one user may hold for one template (WeChat keeps its own count as well). */
export const MAX_CREDITS = 100;

/**
 * Writes a message to the user's message centre, inside the caller's transaction. When the user holds
 * a WeChat subscription credit for this kind of message, the credit is spent and the message is queued
 * for the WeChat dispatcher in the same transaction. Returns the new id, or undefined when a message
 * with the same dedupeKey already exists.
 */
/**
 * The kinds a WeChat subscribe-message template can carry (`config.wechat.templates`): only these can
 * hold credits, so only these try to spend one (other messages skip that round trip; the till's
 * `till.checked`, written in its own statement, relies on this).
 */
const PUSH_KINDS: ReadonlySet<string> = new Set<keyof Config['wechat']['templates']>([
  'activity.reminder',
  'ledger.credited',
]);

export async function notify(
  db: Executor,
  userId: number,
  message: NotificationMessage,
  now: Date,
): Promise<number | undefined> {
  const { dedupeKey, ...rest } = message;
  if (PUSH_KINDS.has(message.kind)) return notifyAndQueuePush(db, userId, message, now);
  const [row] = await db
    .insert(notifications)
    .values({ userId, ...rest, data: rest.data ?? null, dedupeKey: dedupeKey ?? null, createdAt: now })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return row?.id;
}

/**
 * Messages written as one step of another module's single statement (the till's check is one
 * prepared statement of data-modifying CTEs): the INSERT into this module's table stays here; the
 * caller gives the rows' source (`FROM …`) and the values as SQL over it. Only kinds no WeChat
 * template carries: this path spends no subscription credit.
 */
export function notificationsInsertSql(m: {
  kind: string;
  userId: SQL;
  title: SQL;
  body: string;
  data: SQL;
  createdAt: SQL;
  from: SQL;
}): SQL {
  if (PUSH_KINDS.has(m.kind)) throw new Error(`notification kind ${m.kind} goes through notify()`);
  return sql`INSERT INTO ${notifications} (user_id, kind, title, body, data, created_at)
        SELECT ${m.userId}, ${m.kind}, ${m.title}, ${m.body}, ${m.data}, ${m.createdAt}
        FROM ${m.from}`;
}

/**
 * The message, and when it was written and the user holds a credit for its kind, the credit spent
 * (`credits > 0` re-checked on the locked row: a concurrent spender may have taken the last one) and
 * the push queued — one statement, so a credit confirmation costs no extra round trips for it.
 */
async function notifyAndQueuePush(db: Executor, userId: number, message: NotificationMessage, now: Date) {
  const at = now.toISOString();
  const data = message.data === undefined || message.data === null ? null : JSON.stringify(message.data);
  const result = (await db.execute(sql`
    WITH n AS (
      INSERT INTO ${notifications} (user_id, kind, title, body, data, created_at, dedupe_key)
      VALUES (${userId}, ${message.kind}, ${message.title}, ${message.body}, ${data}::jsonb,
              ${at}::timestamptz, ${message.dedupeKey ?? null})
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
    ), spent AS (
      UPDATE ${wechatSubscriptions} SET credits = credits - 1, updated_at = ${at}::timestamptz
       WHERE id = (SELECT id FROM wechat_subscriptions
                    WHERE user_id = ${userId} AND kind = ${message.kind} AND credits > 0
                    ORDER BY updated_at DESC, id DESC LIMIT 1)
         AND credits > 0
         AND EXISTS (SELECT 1 FROM n)
      RETURNING template_id
    ), queued AS (
      INSERT INTO ${wechatOutbox} (notification_id, user_id, template_id, status, next_attempt_at, created_at)
      SELECT n.id, ${userId}, spent.template_id, 'pending', ${at}::timestamptz, ${at}::timestamptz
        FROM n, spent
      RETURNING id
    )
    SELECT id FROM n`)) as unknown as { rows: Array<{ id: number | string }> };
  const id = result.rows[0]?.id;
  return id === undefined ? undefined : Number(id);
}

export function createNotificationsService(deps: { db: Db; clock?: { now(): Date }; config?: Config }) {
  const { db } = deps;
  const now = () => deps.clock?.now() ?? new Date();
  const templates = (deps.config?.wechat.templates ?? {}) as Record<string, string | undefined>;

  async function unreadCount(userId: number) {
    const [r] = await db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return r?.n ?? 0;
  }

  /** The templates the mini-program may ask the volunteer to accept, with the credits held. */
  async function subscriptions(user: AuthUser) {
    const held = await db
      .select({ templateId: wechatSubscriptions.templateId, credits: wechatSubscriptions.credits })
      .from(wechatSubscriptions)
      .where(eq(wechatSubscriptions.userId, user.id));
    const credits = new Map(held.map((h) => [h.templateId, h.credits]));
    return {
      templates: Object.entries(templates)
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .map(([kind, templateId]) => ({ kind, templateId, credits: credits.get(templateId) ?? 0 })),
    };
  }

  return {
    subscriptions,

    async listMine(user: AuthUser) {
      const rows = await db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, user.id))
        .orderBy(desc(notifications.id))
        .limit(100);
      return {
        unread: await unreadCount(user.id),
        notifications: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          data: n.data,
          read: n.readAt !== null,
          createdAt: n.createdAt.toISOString(),
        })),
      };
    },

    /** Marks the listed messages (or all of them) read; only the caller's own messages change. */
    async markRead(user: AuthUser, input: { ids?: number[] | undefined }) {
      const conditions = [eq(notifications.userId, user.id), isNull(notifications.readAt)];
      if (input.ids) conditions.push(inArray(notifications.id, input.ids));
      const updated = await db
        .update(notifications)
        .set({ readAt: now() })
        .where(and(...conditions))
        .returning({ id: notifications.id });
      return { marked: updated.length, unread: await unreadCount(user.id) };
    },

    /**
     * Records the templates the volunteer accepted in Taro.requestSubscribeMessage: one credit each.
     * Ids that are not configured templates are ignored (reported back), never stored.
     */
    async subscribe(user: AuthUser, input: { templateIds: string[] }) {
      const byId = new Map(
        Object.entries(templates)
          .filter((e): e is [string, string] => typeof e[1] === 'string')
          .map(([kind, id]) => [id, kind]),
      );
      const accepted = [...new Set(input.templateIds)].filter((id) => byId.has(id));
      const ignored = input.templateIds.filter((id) => !byId.has(id));
      const t = now();
      await inTransaction(db, async (tx) => {
        const [u] = await tx
          .select({ openid: users.wechatOpenid })
          .from(users)
          .where(eq(users.id, user.id))
          .limit(1);
        // Without an openid WeChat cannot deliver, so a credit would only mislead.
        if (!u?.openid) return;
        for (const templateId of accepted) {
          await tx
            .insert(wechatSubscriptions)
            .values({ userId: user.id, kind: byId.get(templateId)!, templateId, credits: 1, updatedAt: t })
            .onConflictDoUpdate({
              target: [wechatSubscriptions.userId, wechatSubscriptions.templateId],
              set: {
                credits: sql`LEAST(${wechatSubscriptions.credits} + 1, ${MAX_CREDITS})`,
                kind: byId.get(templateId)!,
                updatedAt: t,
              },
            });
        }
      });
      return { ...(await subscriptions(user)), ignored };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
