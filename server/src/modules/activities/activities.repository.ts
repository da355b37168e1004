import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { ActivityRow } from './activities.presenter';
import { activities, enrolments } from './activities.table';

export async function findActivity(db: Executor, id: number, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(activities).where(eq(activities.id, id)).limit(1);
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0];
}

export async function getActivity(
  db: Executor,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<ActivityRow> {
  return (await findActivity(db, id, opts)) ?? fail('activities.not_found');
}

export async function findEnrolment(db: Executor, activityId: number, userId: number) {
  const rows = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.activityId, activityId), eq(enrolments.userId, userId)))
    .limit(1);
  return rows[0];
}

/** Takes a place if one is left; false when the activity is full. */
export async function takePlace(db: Executor, activityId: number): Promise<boolean> {
  const rows = await db
    .update(activities)
    .set({ enrolledCount: sql`${activities.enrolledCount} + 1` })
    .where(and(eq(activities.id, activityId), sql`${activities.enrolledCount} < ${activities.capacity}`))
    .returning({ id: activities.id });
  return rows.length === 1;
}

export async function releasePlace(db: Executor, activityId: number): Promise<void> {
  await db
    .update(activities)
    .set({ enrolledCount: sql`greatest(${activities.enrolledCount} - 1, 0)` })
    .where(eq(activities.id, activityId));
}

/** Enrols if not enrolled yet: inserts the enrolment and takes a place in one go. */
export async function insertEnrolment(
  db: Executor,
  activity: { id: number; communityId: number },
  userId: number,
): Promise<'enrolled' | 'already' | 'full'> {
  const activityId = activity.id;
  const inserted = await db
    .insert(enrolments)
    .values({ communityId: activity.communityId, activityId, userId })
    .onConflictDoNothing()
    .returning({ id: enrolments.id });
  if (inserted.length === 0) return 'already';
  if (!(await takePlace(db, activityId))) return 'full';
  return 'enrolled';
}
