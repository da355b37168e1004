import { desc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { notifications } from './notifications.table';

/** Writes a message to the user's message centre, inside the caller's transaction. */
export async function notify(
  db: Executor,
  userId: number,
  message: { kind: string; title: string; body: string; data?: unknown },
  now: Date,
) {
  await db.insert(notifications).values({ userId, ...message, data: message.data ?? null, createdAt: now });
}

export function createNotificationsService(deps: { db: Db }) {
  return {
    async listMine(user: AuthUser) {
      const rows = await deps.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, user.id))
        .orderBy(desc(notifications.id))
        .limit(100);
      return {
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
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
