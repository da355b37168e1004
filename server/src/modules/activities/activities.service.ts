import { randomUUID } from 'node:crypto';
import {
  type ActivityCreateInput,
  activityLifecycle,
  activityTimeProblem,
  addWeeks,
  CODE_MAX_AGE_SECONDS,
  CODE_ROTATION_SECONDS,
  codeWindow,
  type DigitalTopic,
  formatCheckinCode,
  inZone,
  isFinal,
  moveTo,
  toHundredths,
  within,
} from '@timebank/shared';
import { and, asc, eq, gte, inArray, ne } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Tx } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import type { ReadCache } from '../../http/cache';
import { listAnswer } from '../../http/encoded';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource, isStaff } from '../../policy/policy';
import { attendances } from '../attendance/attendance.table';
import { noteAudit } from '../audit/audit.note';
import type { TokenService } from '../auth/tokens';
import { notify } from '../notifications/notifications.service';
import { findCommunity } from '../users/users.repository';
import { type ActivityRow, presentActivity } from './activities.presenter';
import { findEnrolment, getActivity, insertEnrolment, releasePlace } from './activities.repository';
import { activities, enrolments } from './activities.table';

export interface ActivityPatch {
  title?: string | undefined;
  category?: ActivityCreateInput['category'] | undefined;
  /** null clears it; a non-digital category clears it too. */
  topic?: DigitalTopic | null | undefined;
  description?: string | undefined;
  place?: { name: string; lat: number; lng: number } | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  capacity?: number | undefined;
  pointsPerHour?: number | undefined;
}

/** What an officer can change on an activity, for the audit log's before and after. */
function editable(a: ActivityRow) {
  const p = presentActivity(a);
  return {
    title: p.title,
    category: p.category,
    topic: p.topic,
    description: p.description,
    place: p.place,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    capacity: p.capacity,
    pointsPerHour: p.pointsPerHour,
    status: p.status,
  };
}

function noteActivity(before: ActivityRow, after: ActivityRow) {
  noteAudit({
    entity: { type: 'activities', id: after.id },
    communityId: after.communityId,
    before: editable(before),
    after: editable(after),
  });
}

export function createActivitiesService(deps: {
  db: Db;
  clock: Clock;
  tokens: TokenService;
  /** Community-level list results for a second or two (see http/cache.ts); none: always queried. */
  readCache?: ReadCache | undefined;
  /** Reads that may be a moment old (the activity list): a replica (db/reads.ts); default `db`. */
  reads?: Db | undefined;
  /**
   * Called in the cancelling transaction, after the activity is cancelled: what else depended on it
   * (a household's help request arranged as this activity) follows in the same commit.
   */
  onCancelled?: ((tx: Tx, activity: ActivityRow, user: AuthUser) => Promise<void>) | undefined;
}) {
  const { db, clock } = deps;

  /** One message to every volunteer enrolled in the activity, in the writing transaction. */
  async function tellEnrolled(tx: Tx, a: ActivityRow, kind: string, title: string, body: string) {
    const enrolled = await tx
      .select({ userId: enrolments.userId })
      .from(enrolments)
      .where(eq(enrolments.activityId, a.id));
    for (const e of enrolled) {
      await notify(tx, e.userId, { kind, title, body, data: { activityId: a.id } }, clock.now());
    }
  }

  /** The cancel move and its trail; the volunteers enrolled in a published activity are told. */
  async function cancelMove(tx: Tx, a: ActivityRow) {
    const { row } = await applyMove(tx, {
      lifecycle: activityLifecycle,
      row: a,
      action: 'cancel',
      refusal: 'activities.already_cancelled',
      table: activities,
      set: { updatedAt: clock.now() },
    });
    if (a.status === 'published') {
      await tellEnrolled(
        tx,
        row,
        'activity.cancelled',
        '活动已取消',
        `「${row.title}」（${inZone(row.startsAt).format('M月D日 HH:mm')}）已取消，不用前往。`,
      );
    }
    return row;
  }

  /** The activity, if the user may see it: same community, or managed by a district administrator. */
  async function visible(user: AuthUser, id: number) {
    const a = await getActivity(db, id);
    await authorizeResource(
      db,
      user,
      'activities.read',
      { communityId: a.communityId },
      'activities.not_found',
    );
    if (!isStaff(user) && a.status === 'draft') fail('activities.not_found');
    return a;
  }

  async function managed(user: AuthUser, id: number, action: 'activities.manage' | 'checkins.code') {
    const a = await getActivity(db, id);
    await authorizeResource(db, user, action, { communityId: a.communityId }, 'activities.not_found');
    return a;
  }

  return {
    /**
     * Creates a draft; with repeatWeeks > 1, one occurrence a week sharing a series id. Other modules
     * that turn their items into activities (a household's help request, a challenge's winning
     * solution) call it inside their own transaction (`opts.tx`), for the item's community (which the
     * caller must manage: a district administrator acts for any community of the district), and may
     * publish it at once.
     */
    async createActivity(
      user: AuthUser,
      input: ActivityCreateInput,
      opts: { tx?: Tx; communityId?: number; publish?: boolean } = {},
    ) {
      const ex = opts.tx ?? db;
      const now = clock.now();
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      const timeProblem = activityTimeProblem(startsAt, endsAt, now);
      if (timeProblem) fail(timeProblem);
      if (opts.publish && endsAt <= now) fail('activities.already_ended');
      if (input.topic && input.category !== 'digital_skills') fail('activities.topic_needs_digital');
      const communityId = opts.communityId ?? user.communityId;
      // The community's staff (a district administrator for the district's): safe whoever calls.
      await authorizeResource(ex, user, 'activities.manage', { communityId }, 'communities.not_found');
      const community = await findCommunity(ex, communityId);
      if (!community) fail('communities.not_found');
      const seriesId = input.repeatWeeks > 1 ? randomUUID() : null;
      const rows = Array.from({ length: input.repeatWeeks }, (_, week) => ({
        communityId,
        seriesId,
        title: input.title,
        category: input.category,
        topic: input.topic ?? null,
        description: input.description,
        placeName: input.place.name,
        lat: input.place.lat,
        lng: input.place.lng,
        startsAt: addWeeks(startsAt, week),
        endsAt: addWeeks(endsAt, week),
        capacity: input.capacity,
        pointsPerHour: toHundredths(input.pointsPerHour),
        // Published at once is the same move as publishing the draft (draft → published).
        status: opts.publish ? moveTo(activityLifecycle, 'draft', 'publish')! : ('draft' as const),
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      }));
      const created = await ex.insert(activities).values(rows).returning();
      created.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      return { activity: presentActivity(created[0]!), occurrences: created.map((a) => presentActivity(a)) };
    },

    async updateActivity(user: AuthUser, id: number, patch: ActivityPatch) {
      return inTransaction(db, async (tx) => {
        const a = await getActivity(tx, id, { forUpdate: true });
        await authorizeResource(
          tx,
          user,
          'activities.manage',
          { communityId: a.communityId },
          'activities.not_found',
        );
        if (isFinal(activityLifecycle, a.status) || a.endsAt <= clock.now()) fail('activities.not_editable');
        const startsAt = patch.startsAt ? new Date(patch.startsAt) : a.startsAt;
        const endsAt = patch.endsAt ? new Date(patch.endsAt) : a.endsAt;
        // A move is checked like a new activity; an untouched time stays as it was.
        const timeProblem =
          patch.startsAt || patch.endsAt ? activityTimeProblem(startsAt, endsAt, clock.now()) : undefined;
        if (timeProblem) fail(timeProblem);
        const category = patch.category ?? a.category;
        if (patch.topic && category !== 'digital_skills') fail('activities.topic_needs_digital');
        const topic =
          category === 'digital_skills' ? (patch.topic === undefined ? a.topic : patch.topic) : null;
        if (patch.capacity !== undefined && patch.capacity < a.enrolledCount) {
          fail('activities.capacity_below_enrolled', { enrolled: a.enrolledCount });
        }
        const [row] = await tx
          .update(activities)
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.category !== undefined ? { category: patch.category } : {}),
            topic,
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.place
              ? { placeName: patch.place.name, lat: patch.place.lat, lng: patch.place.lng }
              : {}),
            ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
            ...(patch.pointsPerHour !== undefined
              ? { pointsPerHour: toHundredths(patch.pointsPerHour) }
              : {}),
            startsAt,
            endsAt,
            updatedAt: clock.now(),
          })
          .where(eq(activities.id, id))
          .returning();
        // Volunteers who enrolled are told when the time or the place moves (not for a typo fix).
        const moved =
          row!.startsAt.getTime() !== a.startsAt.getTime() ||
          row!.endsAt.getTime() !== a.endsAt.getTime() ||
          row!.placeName !== a.placeName;
        if (moved && a.status === 'published') {
          await tellEnrolled(
            tx,
            row!,
            'activity.changed',
            '活动时间或地点有变',
            `「${row!.title}」改为 ${inZone(row!.startsAt).format('M月D日 HH:mm')} 在 ${row!.placeName}。`,
          );
        }
        noteActivity(a, row!);
        return presentActivity(row!);
      });
    },

    async publishActivity(user: AuthUser, id: number) {
      const a = await managed(user, id, 'activities.manage');
      const refusal = isFinal(activityLifecycle, a.status)
        ? 'activities.already_cancelled'
        : 'activities.already_published';
      if (!moveTo(activityLifecycle, a.status, 'publish')) fail(refusal);
      if (a.endsAt <= clock.now()) fail('activities.already_ended');
      const { row } = await applyMove(db, {
        lifecycle: activityLifecycle,
        row: a,
        action: 'publish',
        refusal,
        table: activities,
        set: { updatedAt: clock.now() },
      });
      return presentActivity(row);
    },

    async cancelActivity(user: AuthUser, id: number) {
      const a = await managed(user, id, 'activities.manage');
      return inTransaction(db, async (tx) => {
        const row = await cancelMove(tx, a);
        await deps.onCancelled?.(tx, row, user);
        noteActivity(a, row);
        return presentActivity(row);
      });
    },

    /**
     * What another module made this activity for is gone (a household withdrew its consent): in the
     * caller's transaction the activity is cancelled if it has not started yet, and the volunteers
     * enrolled in it are told. The caller's own `onCancelled` is not called back: it is the caller.
     */
    async cancelNotStarted(tx: Tx, activityId: number) {
      const now = clock.now();
      const [a] = await tx.select().from(activities).where(eq(activities.id, activityId)).for('update');
      if (a && a.startsAt > now && moveTo(activityLifecycle, a.status, 'cancel')) await cancelMove(tx, a);
    },

    /** Staff see every activity of the community; volunteers see published ones, upcoming by default. */
    async listActivities(
      user: AuthUser,
      query: { status?: string | undefined; from?: string | undefined; limit: number },
    ) {
      const staff = isStaff(user);
      const status = query.status ?? (staff ? undefined : 'upcoming');
      if (!staff && status === 'draft') return { activities: [] };
      const load = async () => {
        const conditions = [eq(activities.communityId, user.communityId)];
        if (status === 'upcoming') {
          conditions.push(gte(activities.endsAt, clock.now()));
          conditions.push(staff ? ne(activities.status, 'cancelled') : eq(activities.status, 'published'));
        } else if (status) {
          conditions.push(eq(activities.status, status as 'draft' | 'published' | 'cancelled'));
        } else if (!staff) {
          conditions.push(ne(activities.status, 'draft'));
        }
        if (query.from) conditions.push(gte(activities.startsAt, new Date(query.from)));
        const rows = await (deps.reads ?? db)
          .select()
          .from(activities)
          .where(and(...conditions))
          .orderBy(asc(activities.startsAt))
          .limit(query.limit);
        return rows.map((a) => presentActivity(a));
      };
      // The same for everyone of the community with the same view (staff or not); `enrolled` is per
      // user and is added below. Cached entries are shared: never changed in place.
      const key = `activities:${user.communityId}:${staff ? 'staff' : 'volunteer'}:${status ?? ''}:${query.from ?? ''}:${query.limit}`;
      const list = deps.readCache ? await deps.readCache.get(key, load) : await load();
      if (user.role !== 'volunteer' || !list.length) return listAnswer('activities', list);
      const ids = list.map((r) => r.id);
      const loadMine = async () => {
        const e = await (deps.reads ?? db)
          .select({ activityId: enrolments.activityId })
          .from(enrolments)
          .where(and(eq(enrolments.userId, user.id), inArray(enrolments.activityId, ids)));
        return e.map((r) => r.activityId);
      };
      // The volunteer's own flags, cached under their own id only (never shared with anyone else);
      // their enrolling or cancelling here is a write, which empties the cache.
      const ownKey = `enrolled:${user.id}:${ids.join(',')}`;
      const mineIds = deps.readCache ? await deps.readCache.get(ownKey, loadMine) : await loadMine();
      // The answer follows from the two cached lists, so it is kept with them (listAnswer's source);
      // the flags are worked out only when it is first assembled.
      return listAnswer('activities', list, (a) => ({ enrolled: mineIds.includes(a.id) }), mineIds);
    },

    async getActivity(user: AuthUser, id: number) {
      const a = await visible(user, id);
      const enrolled = user.role === 'volunteer' ? Boolean(await findEnrolment(db, id, user.id)) : undefined;
      return presentActivity(a, enrolled === undefined ? {} : { enrolled });
    },

    async enrol(user: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const a = await getActivity(tx, id);
        await authorizeResource(
          tx,
          user,
          'activities.enrol',
          { communityId: a.communityId },
          'activities.not_found',
        );
        if (a.status !== 'published') fail('activities.not_published');
        if (a.endsAt <= clock.now()) fail('activities.already_ended');
        const result = await insertEnrolment(tx, a, user.id);
        if (result === 'already') fail('enrolments.already_enrolled');
        if (result === 'full') fail('activities.full');
        await notify(
          tx,
          user.id,
          {
            kind: 'enrolment.confirmed',
            title: '报名成功',
            body: `「${a.title}」${inZone(a.startsAt).format('M月D日 HH:mm')} 在 ${a.placeName}，请准时签到。`,
            data: { activityId: a.id },
          },
          clock.now(),
        );
        // Re-read: `a` was read before the place was taken and may be stale under concurrent enrolments.
        const fresh = await getActivity(tx, id);
        return presentActivity(fresh, { enrolled: true });
      });
    },

    /** Cancelling frees the place; not once the volunteer has checked in. */
    async cancelEnrolment(user: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const a = await getActivity(tx, id);
        await authorizeResource(
          tx,
          user,
          'activities.enrol',
          { communityId: a.communityId },
          'activities.not_found',
        );
        const present = await tx
          .select({ id: attendances.id })
          .from(attendances)
          .where(and(eq(attendances.activityId, id), eq(attendances.userId, user.id)));
        if (present.length) fail('enrolments.has_attendance');
        const deleted = await tx
          .delete(enrolments)
          .where(and(eq(enrolments.activityId, id), eq(enrolments.userId, user.id)))
          .returning({ id: enrolments.id });
        if (!deleted.length) fail('enrolments.not_enrolled');
        await releasePlace(tx, id);
        const fresh = await getActivity(tx, id);
        return presentActivity(fresh, { enrolled: false });
      });
    },

    /**
     * The code on the officer's screen: a signed token bound to the activity, made at the start of the
     * current 30-second slot and accepted for 45 seconds from then. Only inside the activity's window.
     */
    async issueCheckinCode(user: AuthUser, id: number) {
      const a = await managed(user, id, 'checkins.code');
      if (a.status !== 'published') fail('activities.not_published');
      const now = clock.now();
      if (!within(now, codeWindow(a.startsAt, a.endsAt))) fail('checkins.code_not_available');
      const slotMs = CODE_ROTATION_SECONDS * 1000;
      const issuedAt = new Date(Math.floor(now.getTime() / slotMs) * slotMs);
      const code = deps.tokens.signCheckinCode(a.id, issuedAt, CODE_MAX_AGE_SECONDS);
      const digits = deps.tokens.checkinDigits(a.id, issuedAt, CODE_ROTATION_SECONDS);
      const refreshAt = new Date(issuedAt.getTime() + slotMs);
      return {
        activityId: a.id,
        code,
        /** What the QR code carries: short, so the code is easy to scan from across a room. */
        shortCode: formatCheckinCode(a.id, digits),
        /** For typing by hand after choosing the activity. */
        digits,
        issuedAt: issuedAt.toISOString(),
        expiresAt: new Date(issuedAt.getTime() + CODE_MAX_AGE_SECONDS * 1000).toISOString(),
        refreshAt: refreshAt.toISOString(),
        refreshInSeconds: Math.max(1, Math.ceil((refreshAt.getTime() - now.getTime()) / 1000)),
      };
    },
  };
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>;
