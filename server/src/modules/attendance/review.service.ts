import {
  activityMinutes,
  attendanceLifecycle,
  fromHundredths,
  moveTo,
  pointsForMinutes,
} from '@timebank/shared';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity, authorizeResource } from '../../policy/policy';
import type { ActivityRow } from '../activities/activities.presenter';
import { getActivity } from '../activities/activities.repository';
import { activities } from '../activities/activities.table';
import { noteAudit } from '../audit/audit.note';
import { ledger } from '../ledger/ledger.service';
import { findUserById } from '../users/users.repository';
import { users } from '../users/users.table';
import { type AttendanceRow, assess, credited, presentAttendance } from './attendance.present';
import { attendanceAdjustments, attendances } from './attendance.table';

/** 出勤审核: officers review, confirm (crediting through the ledger), adjust and add attendance by hand. */
export function createAttendanceReviewService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** Confirms one attendance inside the caller's transaction; the row must be locked by the caller. */
  async function confirmLocked(
    tx: Executor,
    officer: AuthUser,
    a: AttendanceRow,
    act: ActivityRow,
    now: Date,
  ) {
    if (a.userId === officer.id) fail('attendance.self_credit');
    const confirmed = moveTo(attendanceLifecycle, a.status, 'confirm');
    if (!confirmed)
      return { id: a.id, alreadyConfirmed: true, points: fromHundredths(a.creditedPoints ?? 0), row: a };
    if (!a.checkInAt && a.source === 'checkin') fail('attendance.not_reviewable');
    const s = assess(a, act);
    const [row] = await tx
      .update(attendances)
      .set({
        status: confirmed,
        creditedMinutes: s.proposedMinutes,
        creditedPoints: s.proposedPoints,
        confirmedBy: officer.id,
        confirmedAt: now,
        updatedAt: now,
      })
      .where(eq(attendances.id, a.id))
      .returning();
    // A line for the minutes even when they round to no points (a very low rate): the hours served
    // count in lifetime minutes, exports and dashboards, which are summed from the lines.
    if (s.proposedPoints !== 0 || s.proposedMinutes !== 0) {
      await ledger.credit(tx, {
        holder: { userId: a.userId, communityId: a.communityId },
        amount: s.proposedPoints,
        minutes: s.proposedMinutes,
        kind: 'earn',
        reason:
          a.source === 'manual'
            ? `补录：${a.overrideReason ?? ''}`
            : a.overrideReason
              ? `调整：${a.overrideReason}`
              : `参加活动：${act.title}`,
        source: { type: 'attendance', id: a.id },
        activityId: act.id,
        causedBy: officer.id,
        message: {
          title: `获得 ${fromHundredths(s.proposedPoints)} 积分`,
          body: `「${act.title}」服务 ${Math.round((s.proposedMinutes / 60) * 100) / 100} 小时已确认。`,
          data: { activityId: act.id, attendanceId: a.id },
        },
        now,
      });
    }
    // `row`, the attendance as confirmed, is for the caller (the audit note), not for the answer.
    return { id: a.id, alreadyConfirmed: false, points: fromHundredths(s.proposedPoints), row: row! };
  }

  function noteAdjust(before: AttendanceRow, after: AttendanceRow) {
    noteAudit({
      entity: { type: 'attendance', id: before.id },
      communityId: before.communityId,
      before: credited(before),
      after: credited(after),
    });
  }

  async function lockAttendance(tx: Executor, officer: AuthUser, id: number) {
    const [a] = await tx.select().from(attendances).where(eq(attendances.id, id)).for('update');
    if (!a) fail('attendance.not_found');
    await authorizeResource(
      tx,
      officer,
      'attendance.review',
      { communityId: a.communityId },
      'attendance.not_found',
    );
    return a;
  }

  return {
    async reviewList(
      officer: AuthUser,
      query: { activityId?: number | undefined; communityId?: number | undefined },
    ) {
      const communityId = query.communityId ?? officer.communityId;
      await authorizeCommunity(db, officer, 'attendance.review', communityId);
      const rows = await db
        .select({
          a: attendances,
          act: activities,
          v: { displayName: users.displayName, realName: users.realName },
        })
        .from(attendances)
        .innerJoin(activities, eq(activities.id, attendances.activityId))
        .innerJoin(users, eq(users.id, attendances.userId))
        .where(
          and(
            eq(attendances.communityId, communityId),
            ne(attendances.status, 'confirmed'),
            query.activityId ? eq(attendances.activityId, query.activityId) : undefined,
          ),
        )
        .orderBy(asc(activities.startsAt), asc(attendances.id));
      const now = clock.now();
      const items = rows
        // A volunteer still inside an activity that has not ended is not an exception yet.
        .filter((r) => r.a.status === 'checked_out' || r.act.endsAt <= now)
        .map((r) => presentAttendance(r.a, r.act, r.v));
      items.sort((x, y) => Number(y.flags.length > 0) - Number(x.flags.length > 0));
      return { items, exceptions: items.filter((i) => i.flags.length > 0).length };
    },

    /** Confirms one or many; confirming again is harmless and credits nothing twice. */
    async confirmAttendance(officer: AuthUser, ids: number[]) {
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const locked = await tx
          .select()
          .from(attendances)
          .where(inArray(attendances.id, unique))
          .orderBy(asc(attendances.id))
          .for('update');
        if (locked.length !== unique.length) {
          fail('attendance.not_found', { missing: unique.filter((id) => !locked.some((a) => a.id === id)) });
        }
        for (const a of locked) {
          await authorizeResource(
            tx,
            officer,
            'attendance.review',
            { communityId: a.communityId },
            'attendance.not_found',
          );
        }
        // Accounts in user order before any crediting: batches sharing volunteers must not deadlock.
        await ledger.lockAccounts(
          tx,
          locked
            .filter((a) => a.status !== 'confirmed')
            .map((a) => ({ userId: a.userId, communityId: a.communityId })),
        );
        const results = [];
        const after: AttendanceRow[] = [];
        // A batch is usually one activity's attendees: each activity is read once.
        const acts = new Map<number, Awaited<ReturnType<typeof getActivity>>>();
        for (const a of locked) {
          const act = acts.get(a.activityId) ?? (await getActivity(tx, a.activityId));
          acts.set(a.activityId, act);
          const { row, ...result } = await confirmLocked(tx, officer, a, act, now);
          results.push(result);
          after.push(row);
        }
        const communities = new Set(locked.map((a) => a.communityId));
        noteAudit({
          entity: { type: 'attendance', id: unique.join(',') },
          ...(communities.size === 1 ? { communityId: locked[0]!.communityId } : {}),
          before: Object.fromEntries(locked.map((a) => [a.id, credited(a)])),
          after: Object.fromEntries(after.map((a) => [a.id, credited(a)])),
        });
        return { confirmed: results };
      });
    },

    /**
     * Sets the minutes to credit, with a reason. Before confirmation it decides and confirms; after,
     * the difference is posted as a correction line — history is never edited.
     */
    async adjustAttendance(officer: AuthUser, id: number, input: { minutes: number; reason: string }) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const a = await lockAttendance(tx, officer, id);
        if (a.userId === officer.id) fail('attendance.self_credit');
        const act = await getActivity(tx, a.activityId);
        if (input.minutes > activityMinutes(act.startsAt, act.endsAt)) fail('attendance.too_long');
        if (moveTo(attendanceLifecycle, a.status, 'confirm')) {
          const [set] = await tx
            .update(attendances)
            .set({ minutesOverride: input.minutes, overrideReason: input.reason, updatedAt: now })
            .where(eq(attendances.id, a.id))
            .returning();
          const { row, ...r } = await confirmLocked(tx, officer, set!, act, now);
          noteAdjust(a, row);
          return { ...r, adjustment: null };
        }
        const before = a.creditedMinutes ?? 0;
        const newPoints = pointsForMinutes(input.minutes, act.pointsPerHour);
        const delta = newPoints - (a.creditedPoints ?? 0);
        const [adj] = await tx
          .insert(attendanceAdjustments)
          .values({
            communityId: a.communityId,
            attendanceId: a.id,
            minutesBefore: before,
            minutesAfter: input.minutes,
            pointsDelta: delta,
            reason: input.reason,
            createdBy: officer.id,
            createdAt: now,
          })
          .returning();
        const [corrected] = await tx
          .update(attendances)
          .set({
            creditedMinutes: input.minutes,
            creditedPoints: newPoints,
            minutesOverride: input.minutes,
            overrideReason: input.reason,
            updatedAt: now,
          })
          .where(eq(attendances.id, a.id))
          .returning();
        noteAdjust(a, corrected!);
        // A line whenever the points or the minutes change: fewer minutes that round to the same
        // points are still fewer hours of service (lifetime minutes, exports, dashboards).
        if (delta !== 0 || input.minutes !== before) {
          const hours = (m: number) => Math.round((m / 60) * 100) / 100;
          await ledger.credit(tx, {
            holder: { userId: a.userId, communityId: a.communityId },
            amount: delta,
            minutes: input.minutes - before,
            kind: 'correction',
            reason: `更正：${input.reason}`,
            source: { type: 'adjustment', id: adj!.id },
            activityId: act.id,
            causedBy: officer.id,
            message: {
              title: `积分更正 ${delta > 0 ? '+' : ''}${fromHundredths(delta)}`,
              body: `「${act.title}」服务时长由 ${hours(before)} 小时更正为 ${hours(input.minutes)} 小时：${input.reason}`,
              data: { activityId: act.id, attendanceId: a.id, adjustmentId: adj!.id },
            },
            now,
          });
        }
        return {
          id: a.id,
          alreadyConfirmed: true,
          points: fromHundredths(newPoints),
          adjustment: { id: adj!.id, pointsDelta: fromHundredths(delta) },
        };
      });
    },

    /** Hours for a volunteer without a phone: recorded by an officer with a reason and evidence, credited at once. */
    async addManualAttendance(
      officer: AuthUser,
      input: { activityId: number; userId: number; minutes: number; reason: string; evidenceNote: string },
    ) {
      if (input.userId === officer.id) fail('attendance.self_credit');
      const now = clock.now();
      try {
        return await inTransaction(db, async (tx) => {
          const act = await getActivity(tx, input.activityId);
          await authorizeResource(
            tx,
            officer,
            'attendance.manual',
            { communityId: act.communityId },
            'activities.not_found',
          );
          if (act.status !== 'published') fail('activities.not_published');
          const volunteer = await findUserById(tx, input.userId);
          if (!volunteer) fail('users.not_found');
          if (volunteer.role !== 'volunteer') fail('attendance.not_volunteer');
          // Another community's volunteer is hidden like a missing one; one of a managed community
          // (a district administrator's) is simply not of this activity's community.
          const theirs = { communityId: volunteer.communityId };
          await authorizeResource(tx, officer, 'attendance.manual', theirs, 'users.not_found');
          if (volunteer.communityId !== act.communityId) fail('auth.wrong_community');
          if (input.minutes > activityMinutes(act.startsAt, act.endsAt)) fail('attendance.too_long');
          const [row] = await tx
            .insert(attendances)
            .values({
              communityId: act.communityId,
              activityId: act.id,
              userId: volunteer.id,
              source: 'manual',
              status: 'checked_in',
              minutesOverride: input.minutes,
              overrideReason: input.reason,
              evidenceNote: input.evidenceNote,
              recordedBy: officer.id,
            })
            .onConflictDoNothing()
            .returning();
          if (!row) fail('attendance.already_exists');
          const confirmed = await confirmLocked(tx, officer, row, act, now);
          return presentAttendance(confirmed.row, act, volunteer);
        });
      } catch (err) {
        if (isUniqueViolation(err)) fail('attendance.already_exists');
        throw err;
      }
    },

    async activityAttendance(officer: AuthUser, activityId: number) {
      const act = await getActivity(db, activityId);
      await authorizeResource(
        db,
        officer,
        'attendance.review',
        { communityId: act.communityId },
        'activities.not_found',
      );
      const rows = await db
        .select({ a: attendances, v: { displayName: users.displayName, realName: users.realName } })
        .from(attendances)
        .innerJoin(users, eq(users.id, attendances.userId))
        .where(eq(attendances.activityId, activityId))
        .orderBy(asc(attendances.id));
      return { items: rows.map((r) => presentAttendance(r.a, act, r.v)) };
    },
  };
}
