import {
  activityTimeProblem,
  type HelpRequestStatus,
  helpKindActivityCategory,
  helpKindTitles,
  helpRequestLifecycle,
  inZone,
  moveTo,
} from '@timebank/shared';
import { and, desc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import type { ActivitiesService } from '../activities/activities.service';
import type { HouseholdInternals } from './households.internals';
import { type ConvertInput, type HelpRequestInput, presentRequest } from './households.present';
import { helpRequests, households } from './households.table';

/** 求助: help requests raised by officers, arranged as activities, done or cancelled; funded by the pool. */
export function createHelpRequestsService(deps: {
  db: Db;
  clock: Clock;
  internals: HouseholdInternals;
  activities: () => ActivitiesService;
}) {
  const { db, clock, internals: h$ } = deps;
  const { log, officerHousehold, officerRequest, notifyProxies, insertRequest, next, cancelLinkedActivity } =
    h$;

  /**
   * The activity arranged for a request was cancelled (from the activities page, in that transaction):
   * a scheduled request goes back to open — unlinked, logged, its proxies told — so officers can
   * arrange another; a request already done or cancelled keeps its history as it is.
   */
  async function activityCancelled(tx: Executor, activityId: number, user: AuthUser) {
    const [r] = await tx
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.activityId, activityId))
      .limit(1)
      .for('update');
    if (!r || !moveTo(helpRequestLifecycle, r.status, 'reopen')) return;
    const status = next(r, 'reopen');
    await tx
      .update(helpRequests)
      .set({ status, activityId: null, scheduledAt: null, scheduledBy: null })
      .where(eq(helpRequests.id, r.id));
    await log(tx, r.householdId, user, 'officer', 'request.reopened', r.id);
    await notifyProxies(tx, r.householdId, {
      kind: 'household.request_reopened',
      title: '安排的活动已取消',
      body: `「${helpKindTitles[r.kind]}」的活动已取消，社区会重新安排。`,
      data: { householdId: r.householdId, requestId: r.id },
    });
  }

  return {
    /**
     * For the movements module (an officer spends the community pool on a help request): the
     * officer's help request, locked in the caller's transaction, unless cancelled — open, arranged
     * and done ones may be funded. Not found outside the officer's community.
     */
    async fundableRequest(tx: Executor, user: AuthUser, id: number) {
      const r = await officerRequest(tx, user, id);
      if (r.status === 'cancelled') fail('movements.request_not_fundable');
      return {
        id: r.id,
        householdId: r.householdId,
        communityId: r.communityId,
        title: helpKindTitles[r.kind],
      };
    },

    activityCancelled,

    async raiseAsOfficer(user: AuthUser, id: number, input: HelpRequestInput) {
      return inTransaction(db, async (tx) => {
        const h = await officerHousehold(tx, user, id, true);
        const r = await insertRequest(tx, h, user, 'officer', input);
        return presentRequest(r);
      });
    },

    async listRequests(
      user: AuthUser,
      query: { status?: HelpRequestStatus | undefined; householdId?: number | undefined },
    ) {
      const rows = await db
        .select({ r: helpRequests, label: households.label, category: households.category })
        .from(helpRequests)
        .innerJoin(households, eq(households.id, helpRequests.householdId))
        .where(
          and(
            eq(helpRequests.communityId, user.communityId),
            query.status ? eq(helpRequests.status, query.status) : undefined,
            query.householdId ? eq(helpRequests.householdId, query.householdId) : undefined,
          ),
        )
        .orderBy(desc(helpRequests.id))
        .limit(200);
      return {
        requests: rows.map((x) => ({
          ...presentRequest(x.r),
          household: { id: x.r.householdId, label: x.label, category: x.category },
        })),
      };
    },

    /**
     * Turns an open request into a volunteer activity of the community (published by default), so
     * enrolment, check-in, review and crediting work as for any other activity. One transaction,
     * through the activities service: the activity exists only if the request now points to it.
     */
    async convert(user: AuthUser, id: number, input: ConvertInput) {
      const now = clock.now();
      const startsAt = new Date(input.startsAt);
      const timeProblem = activityTimeProblem(startsAt, new Date(input.endsAt), now);
      if (timeProblem) fail(timeProblem);
      return inTransaction(db, async (tx) => {
        const r = await officerRequest(tx, user, id);
        const h = await officerHousehold(tx, user, r.householdId, true);
        if (h.status !== 'active') fail('households.archived');
        const status = next(r, 'schedule');
        const { activity: act } = await deps.activities().createActivity(
          user,
          {
            title: input.title ?? helpKindTitles[r.kind],
            category: input.category ?? helpKindActivityCategory[r.kind],
            description: input.description ?? `时间：${r.preferredTime}`,
            place: input.place,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            capacity: input.capacity,
            pointsPerHour: input.pointsPerHour,
            repeatWeeks: 1,
          },
          { tx, communityId: h.communityId, publish: input.publish },
        );
        const [row] = await tx
          .update(helpRequests)
          .set({ status, activityId: act.id, scheduledAt: now, scheduledBy: user.id })
          .where(eq(helpRequests.id, id))
          .returning();
        await log(tx, h.id, user, 'officer', 'request.scheduled', id, {
          communityId: r.communityId,
          before: { status: r.status, activityId: r.activityId },
          after: { status: row!.status, activityId: act.id },
        });
        await notifyProxies(tx, h.id, {
          kind: 'household.request_scheduled',
          title: '求助已安排志愿者活动',
          body: `「${helpKindTitles[r.kind]}」安排在 ${inZone(startsAt).format('M月D日 HH:mm')}。`,
          data: { householdId: h.id, requestId: id, activityId: act.id },
        });
        return { request: presentRequest(row!), activity: act };
      });
    },

    async complete(user: AuthUser, id: number, note: string) {
      return inTransaction(db, async (tx) => {
        const r = await officerRequest(tx, user, id);
        const status = next(r, 'complete');
        const [row] = await tx
          .update(helpRequests)
          .set({ status, closedAt: clock.now(), closedBy: user.id, closeNote: note || null })
          .where(eq(helpRequests.id, id))
          .returning();
        await log(tx, r.householdId, user, 'officer', 'request.done', id, {
          communityId: r.communityId,
          before: { status: r.status },
          after: { status: row!.status },
        });
        await notifyProxies(tx, r.householdId, {
          kind: 'household.request_done',
          title: '求助已完成',
          body: `「${helpKindTitles[r.kind]}」已完成，感谢志愿者的帮助。`,
          data: { householdId: r.householdId, requestId: id },
        });
        return presentRequest(row!);
      });
    },

    async cancel(user: AuthUser, id: number, note: string) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const r = await officerRequest(tx, user, id);
        const status = next(r, 'cancel');
        await cancelLinkedActivity(tx, r);
        const [row] = await tx
          .update(helpRequests)
          .set({ status, closedAt: now, closedBy: user.id, closeNote: note || null })
          .where(eq(helpRequests.id, id))
          .returning();
        await log(tx, r.householdId, user, 'officer', 'request.cancelled', id, {
          communityId: r.communityId,
          before: { status: r.status },
          after: { status: row!.status },
        });
        return presentRequest(row!);
      });
    },
  };
}
