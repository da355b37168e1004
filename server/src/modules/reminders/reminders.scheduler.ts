import { inZone } from '@timebank/shared';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { activities, enrolments } from '../activities/activities.table';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';

export const REMINDER_KIND = 'activity.reminder';
const reminderKey = (activityId: number, userId: number) => `${REMINDER_KIND}:${activityId}:${userId}`;

/** The local (Asia/Shanghai) calendar day after `now`, as [start, end). */
export function tomorrowRange(now: Date): { from: Date; to: Date } {
  const start = inZone(now).add(1, 'day').startOf('day');
  return { from: start.toDate(), to: start.add(1, 'day').toDate() };
}

/**
 * "Activity tomorrow" reminders. Any number of API processes may run it at the same moment: each
 * reminder carries a unique key (`activity.reminder:<activity>:<volunteer>`), so the database lets
 * exactly one insert through; there is no in-process state. Cancelled activities and cancelled
 * enrolments (the row is deleted) get none: both are re-checked in the transaction that writes.
 */
export function createReminderScheduler(deps: {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** Local hours [from, to) in which the loop sends, so nobody is woken at midnight. */
  hours?: { from: number; to: number };
}) {
  const { db } = deps;
  const hours = deps.hours ?? { from: 8, to: 21 };

  async function remind(
    c: { activityId: number; userId: number; title: string; startsAt: Date; placeName: string },
    now: Date,
  ) {
    return inTransaction(db, async (tx) => {
      const [still] = await tx
        .select({ id: enrolments.id })
        .from(enrolments)
        .innerJoin(activities, eq(activities.id, enrolments.activityId))
        .where(
          and(
            eq(enrolments.activityId, c.activityId),
            eq(enrolments.userId, c.userId),
            eq(activities.status, 'published'),
          ),
        )
        .limit(1);
      if (!still) return false;
      const id = await notify(
        tx,
        c.userId,
        {
          kind: REMINDER_KIND,
          title: '明天有活动',
          body: `「${c.title}」${inZone(c.startsAt).format('M月D日 HH:mm')} 在 ${c.placeName}，请提前到场签到。`,
          data: {
            activityId: c.activityId,
            title: c.title,
            startsAt: c.startsAt.toISOString(),
            place: c.placeName,
          },
          dedupeKey: reminderKey(c.activityId, c.userId),
        },
        now,
      );
      return id !== undefined;
    });
  }

  async function runOnce(now: Date) {
    const { from, to } = tomorrowRange(now);
    const candidates = await db
      .select({
        activityId: activities.id,
        userId: enrolments.userId,
        title: activities.title,
        startsAt: activities.startsAt,
        placeName: activities.placeName,
      })
      .from(enrolments)
      .innerJoin(activities, eq(activities.id, enrolments.activityId))
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(
        and(
          eq(activities.status, 'published'),
          gte(activities.startsAt, from),
          lt(activities.startsAt, to),
          eq(users.disabled, false),
          sql`NOT EXISTS (SELECT 1 FROM notifications n
                WHERE n.dedupe_key = ${`${REMINDER_KIND}:`} || ${activities.id} || ':' || ${enrolments.userId})`,
        ),
      )
      .orderBy(activities.id, enrolments.userId);
    let reminded = 0;
    for (const c of candidates) if (await remind(c, now)) reminded++;
    return { candidates: candidates.length, reminded };
  }

  /** One tick of the loop: sends only within the local sending hours. */
  async function tick(now: Date) {
    const hour = inZone(now).hour();
    if (hour < hours.from || hour >= hours.to) return { candidates: 0, reminded: 0 };
    return runOnce(now);
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  return {
    runOnce,
    tick,
    /** Runs `tick` every `intervalMs` (never two at once in this process); main.ts starts it. */
    start(intervalMs = 5 * 60_000) {
      const loop = () => {
        running = tick(deps.clock.now())
          .catch((err) => deps.logger?.error({ err }, 'activity reminders failed'))
          .finally(() => {
            running = undefined;
            if (timer) timer = setTimeout(loop, intervalMs).unref();
          });
      };
      timer = setTimeout(loop, 1000).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export type ReminderScheduler = ReturnType<typeof createReminderScheduler>;
