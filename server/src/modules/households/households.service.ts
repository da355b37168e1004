import {
  activityTimeProblem,
  type HelpKind,
  type HelpRequestAction,
  type HelpRequestConvertInput,
  type HelpRequestStatus,
  type HouseholdCategory,
  type HouseholdLogAction,
  helpKindActivityCategory,
  helpKindTitles,
  helpRequestLifecycle,
  type householdConsentSchema,
  householdLifecycle,
  inZone,
  isConsentGiven,
  moveTo,
} from '@timebank/shared';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Clock } from '../../clock';
import type { Db, Executor, Tx } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { AppError, fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import type { ActivitiesService } from '../activities/activities.service';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { noteAudit } from '../audit/audit.note';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { helpRequests, householdLog, householdProxies, households } from './households.table';

type HouseholdRow = typeof households.$inferSelect;
type RequestRow = typeof helpRequests.$inferSelect;
type ActorRole = 'officer' | 'proxy';

export interface HouseholdInput {
  label: string;
  category: HouseholdCategory;
  address: string;
  phone?: string | undefined;
  notes: string;
  consent?: z.output<typeof householdConsentSchema> | undefined;
}

export interface HouseholdPatch {
  label?: string | undefined;
  category?: HouseholdCategory | undefined;
  address?: string | undefined;
  phone?: string | null | undefined;
  notes?: string | undefined;
}

export interface HelpRequestInput {
  kind: HelpKind;
  preferredTime: string;
  details: string;
}

export type ConvertInput = Required<
  Pick<HelpRequestConvertInput, 'place' | 'startsAt' | 'endsAt' | 'capacity' | 'pointsPerHour' | 'publish'>
> &
  Pick<HelpRequestConvertInput, 'title' | 'category' | 'description'>;

/** Officers see everything of their household; proxies the label, category and address only. */
function presentHousehold(h: HouseholdRow, view: ActorRole) {
  const base = {
    id: h.id,
    status: h.status,
    category: h.category,
    label: h.label,
    address: h.address,
  };
  if (view === 'proxy') return base;
  return {
    ...base,
    communityId: h.communityId,
    phone: h.phone,
    notes: h.notes,
    consent: {
      givenBy: h.consentGivenBy,
      givenAt: h.consentGivenAt.toISOString(),
      version: h.consentVersion,
      recordedBy: h.consentRecordedBy,
    },
    withdrawnAt: h.withdrawnAt?.toISOString() ?? null,
    withdrawalReason: h.withdrawalReason,
    createdAt: h.createdAt.toISOString(),
  };
}

function presentRequest(r: RequestRow) {
  return {
    id: r.id,
    householdId: r.householdId,
    kind: r.kind,
    preferredTime: r.preferredTime,
    details: r.details,
    status: r.status,
    raisedBy: r.raisedBy,
    raisedAs: r.raisedAs,
    activityId: r.activityId,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    closeNote: r.closeNote,
    createdAt: r.createdAt.toISOString(),
  };
}

const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export function createHouseholdsService(deps: {
  db: Db;
  clock: Clock;
  /** The activities service (a converted request becomes its activity); late-bound, as it calls back. */
  activities: () => ActivitiesService;
}) {
  const { db, clock } = deps;

  /**
   * A line of the household's own log. With `change` (an officer's change), also the audit log's
   * note of it, which the route writes in this same transaction: the state that changed (statuses,
   * which fields were edited), never what identifies the household.
   */
  async function log(
    tx: Executor,
    householdId: number,
    actor: AuthUser,
    actorRole: ActorRole,
    action: HouseholdLogAction,
    requestId: number | null = null,
    change?: { communityId: number; before: unknown; after: unknown },
  ) {
    await tx
      .insert(householdLog)
      .values({ householdId, actorId: actor.id, actorRole, action, requestId, createdAt: clock.now() });
    if (change) {
      noteAudit({
        // Named like the routes' first path segment, as targets elsewhere in the log.
        entity: requestId
          ? { type: 'help-requests', id: requestId }
          : { type: 'households', id: householdId },
        ...change,
      });
    }
  }

  /** An officer's household: of their own community, or not found (no hint that it exists elsewhere). */
  async function officerHousehold(tx: Executor, user: AuthUser, id: number, forUpdate = false) {
    const q = tx.select().from(households).where(eq(households.id, id)).limit(1);
    const [h] = forUpdate ? await q.for('update') : await q;
    if (!h) fail('households.not_found');
    await authorizeResource(
      tx,
      user,
      'households.manage',
      { communityId: h.communityId },
      'households.not_found',
    );
    return h;
  }

  /** A household the user is a current proxy for, and still active; otherwise not found. */
  async function proxyHousehold(tx: Executor, user: AuthUser, id: number, forUpdate = false) {
    const [link] = await tx
      .select({ id: householdProxies.id })
      .from(householdProxies)
      .where(
        and(
          eq(householdProxies.householdId, id),
          eq(householdProxies.userId, user.id),
          isNull(householdProxies.removedAt),
        ),
      )
      .limit(1);
    if (!link) fail('households.not_found');
    const q = tx.select().from(households).where(eq(households.id, id)).limit(1);
    const [h] = forUpdate ? await q.for('update') : await q;
    if (h?.status !== 'active') fail('households.not_found');
    return h;
  }

  async function officerRequest(tx: Executor, user: AuthUser, id: number) {
    const [r] = await tx.select().from(helpRequests).where(eq(helpRequests.id, id)).limit(1).for('update');
    if (!r) fail('households.request_not_found');
    const resource = { communityId: r.communityId };
    await authorizeResource(tx, user, 'households.manage', resource, 'households.request_not_found');
    return r;
  }

  async function activeProxies(tx: Executor, householdId: number) {
    return tx
      .select({
        userId: householdProxies.userId,
        relation: householdProxies.relation,
        addedAt: householdProxies.addedAt,
        displayName: users.displayName,
      })
      .from(householdProxies)
      .innerJoin(users, eq(users.id, householdProxies.userId))
      .where(and(eq(householdProxies.householdId, householdId), isNull(householdProxies.removedAt)))
      .orderBy(asc(householdProxies.id));
  }

  async function notifyProxies(
    tx: Executor,
    householdId: number,
    message: { kind: string; title: string; body: string; data?: unknown },
    except?: number,
  ) {
    for (const p of await activeProxies(tx, householdId)) {
      if (p.userId !== except) await notify(tx, p.userId, message, clock.now());
    }
  }

  /**
   * The household's requests, each with its activity and who helped: volunteers whose attendance at
   * the linked activity an officer confirmed, with the hours credited.
   */
  async function history(tx: Executor, householdId: number) {
    const requests = await tx
      .select({ r: helpRequests, raisedByName: users.displayName })
      .from(helpRequests)
      .innerJoin(users, eq(users.id, helpRequests.raisedBy))
      .where(eq(helpRequests.householdId, householdId))
      .orderBy(desc(helpRequests.id));
    const activityIds = requests.map((x) => x.r.activityId).filter((x): x is number => x !== null);
    const acts = activityIds.length
      ? await tx.select().from(activities).where(inArray(activities.id, activityIds))
      : [];
    const helpers = activityIds.length
      ? await tx
          .select({ a: attendances, displayName: users.displayName })
          .from(attendances)
          .innerJoin(users, eq(users.id, attendances.userId))
          .where(and(inArray(attendances.activityId, activityIds), eq(attendances.status, 'confirmed')))
          .orderBy(asc(attendances.id))
      : [];
    const actById = new Map(acts.map((a) => [a.id, a]));
    let minutes = 0;
    const people = new Set<number>();
    const list = requests.map(({ r, raisedByName }) => {
      const act = r.activityId ? actById.get(r.activityId) : undefined;
      const helped = helpers
        .filter((h) => h.a.activityId === r.activityId)
        .map((h) => {
          const m = h.a.creditedMinutes ?? 0;
          minutes += m;
          people.add(h.a.userId);
          return {
            volunteer: { id: h.a.userId, displayName: h.displayName },
            at: (h.a.checkInAt ?? act?.startsAt ?? h.a.createdAt).toISOString(),
            minutes: m,
            hours: hoursOf(m),
            confirmedAt: h.a.confirmedAt?.toISOString() ?? null,
          };
        });
      return {
        ...presentRequest(r),
        raisedBy: { id: r.raisedBy, displayName: raisedByName },
        activity: act
          ? {
              id: act.id,
              title: act.title,
              startsAt: act.startsAt.toISOString(),
              endsAt: act.endsAt.toISOString(),
              status: act.status,
            }
          : null,
        helpers: helped,
      };
    });
    return {
      requests: list,
      summary: {
        requests: list.length,
        done: list.filter((r) => r.status === 'done').length,
        visits: list.reduce((n, r) => n + r.helpers.length, 0),
        helpers: people.size,
        hours: hoursOf(minutes),
      },
    };
  }

  async function insertRequest(
    tx: Executor,
    h: HouseholdRow,
    user: AuthUser,
    as: ActorRole,
    input: HelpRequestInput,
  ) {
    if (h.status !== 'active') fail('households.archived');
    const [r] = await tx
      .insert(helpRequests)
      .values({
        householdId: h.id,
        communityId: h.communityId,
        kind: input.kind,
        preferredTime: input.preferredTime,
        details: input.details,
        raisedBy: user.id,
        raisedAs: as,
        createdAt: clock.now(),
      })
      .returning();
    await log(tx, h.id, user, as, 'request.raised', r!.id, {
      communityId: r!.communityId,
      before: null,
      after: { status: r!.status, kind: r!.kind },
    });
    return r!;
  }

  /** Moves a request along the rules, or refuses with households.invalid_transition. */
  function next(r: RequestRow, action: HelpRequestAction): HelpRequestStatus {
    return moveTo(helpRequestLifecycle, r.status, action) ?? fail('households.invalid_transition');
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

    // ---- officers ----
    async register(user: AuthUser, input: HouseholdInput) {
      const now = clock.now();
      if (!input.consent || !isConsentGiven(input.consent, now)) fail('households.consent_required');
      const consent = input.consent;
      return inTransaction(db, async (tx) => {
        const [h] = await tx
          .insert(households)
          .values({
            communityId: user.communityId,
            category: input.category,
            label: input.label,
            address: input.address,
            phone: input.phone ?? null,
            notes: input.notes,
            consentGivenBy: consent.givenBy,
            consentGivenAt: new Date(consent.givenAt),
            consentVersion: consent.version,
            consentRecordedBy: user.id,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await log(tx, h!.id, user, 'officer', 'household.registered', null, {
          communityId: h!.communityId,
          before: null,
          after: { status: h!.status, category: h!.category },
        });
        return presentHousehold(h!, 'officer');
      });
    },

    async list(user: AuthUser, query: { status?: 'active' | 'archived' | undefined }) {
      const rows = await db
        .select()
        .from(households)
        .where(
          and(eq(households.communityId, user.communityId), eq(households.status, query.status ?? 'active')),
        )
        .orderBy(desc(households.id));
      const ids = rows.map((h) => h.id);
      const open = ids.length
        ? await db
            .select({ householdId: helpRequests.householdId, status: helpRequests.status })
            .from(helpRequests)
            .where(
              and(
                inArray(helpRequests.householdId, ids),
                inArray(helpRequests.status, ['open', 'scheduled']),
              ),
            )
        : [];
      return {
        households: rows.map((h) => ({
          ...presentHousehold(h, 'officer'),
          openRequests: open.filter((o) => o.householdId === h.id && o.status === 'open').length,
          scheduledRequests: open.filter((o) => o.householdId === h.id && o.status === 'scheduled').length,
        })),
      };
    },

    async get(user: AuthUser, id: number) {
      const h = await officerHousehold(db, user, id);
      const proxies = await activeProxies(db, id);
      return {
        household: presentHousehold(h, 'officer'),
        proxies: proxies.map((p) => ({
          userId: p.userId,
          displayName: p.displayName,
          relation: p.relation,
          addedAt: p.addedAt.toISOString(),
        })),
        ...(await history(db, id)),
      };
    },

    async update(user: AuthUser, id: number, patch: HouseholdPatch) {
      return inTransaction(db, async (tx) => {
        const h = await officerHousehold(tx, user, id, true);
        if (h.status !== 'active') fail('households.archived');
        const [row] = await tx
          .update(households)
          .set({
            ...(patch.label !== undefined ? { label: patch.label } : {}),
            ...(patch.category !== undefined ? { category: patch.category } : {}),
            ...(patch.address !== undefined ? { address: patch.address } : {}),
            ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
            ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
            updatedAt: clock.now(),
          })
          .where(eq(households.id, id))
          .returning();
        const edited = (['label', 'category', 'address', 'phone', 'notes'] as const).filter(
          (k) => h[k] !== row![k],
        );
        await log(tx, id, user, 'officer', 'household.updated', null, {
          communityId: h.communityId,
          before: { category: h.category },
          after: { category: row!.category, edited },
        });
        return presentHousehold(row!, 'officer');
      });
    },

    /**
     * Consent withdrawn: the household is archived and its personal fields cleared, with the details
     * of its requests; open and scheduled requests are cancelled (with activities not yet started),
     * and its proxies lose access. The history of who helped, and the consent record, remain.
     */
    async withdrawConsent(user: AuthUser, id: number, reason: string) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const h = await officerHousehold(tx, user, id, true);
        const archived =
          moveTo(householdLifecycle, h.status, 'withdraw_consent') ?? fail('households.archived');
        const { from: cancellable, to: cancelled } = helpRequestLifecycle.moves.cancel;
        const pending = await tx
          .select()
          .from(helpRequests)
          .where(and(eq(helpRequests.householdId, id), inArray(helpRequests.status, cancellable)))
          .for('update');
        for (const r of pending) await cancelLinkedActivity(tx, r);
        await tx
          .update(helpRequests)
          .set({ status: cancelled, closedAt: now, closedBy: user.id, closeNote: '已撤回同意' })
          .where(and(eq(helpRequests.householdId, id), inArray(helpRequests.status, cancellable)));
        await tx.update(helpRequests).set({ details: '' }).where(eq(helpRequests.householdId, id));
        await tx
          .update(householdProxies)
          .set({ removedAt: now, removedBy: user.id })
          .where(and(eq(householdProxies.householdId, id), isNull(householdProxies.removedAt)));
        const [row] = await tx
          .update(households)
          .set({
            status: archived,
            label: null,
            address: null,
            phone: null,
            notes: null,
            withdrawnAt: now,
            withdrawnBy: user.id,
            withdrawalReason: reason,
            updatedAt: now,
          })
          .where(eq(households.id, id))
          .returning();
        await log(tx, id, user, 'officer', 'household.consent_withdrawn', null, {
          communityId: h.communityId,
          before: { status: h.status, openRequests: pending.length },
          after: { status: row!.status, openRequests: 0 },
        });
        return presentHousehold(row!, 'officer');
      });
    },

    /** Who did what, newest first: every proxy action, and officers' changes. */
    async actionLog(user: AuthUser, id: number) {
      await officerHousehold(db, user, id);
      const rows = await db
        .select({ l: householdLog, displayName: users.displayName })
        .from(householdLog)
        .innerJoin(users, eq(users.id, householdLog.actorId))
        .where(eq(householdLog.householdId, id))
        .orderBy(desc(householdLog.id))
        .limit(500);
      return {
        entries: rows.map(({ l, displayName }) => ({
          id: l.id,
          at: l.createdAt.toISOString(),
          actor: { id: l.actorId, displayName },
          actorRole: l.actorRole,
          action: l.action,
          requestId: l.requestId,
        })),
      };
    },

    async addProxy(user: AuthUser, id: number, input: { userId: number; relation: string }) {
      return inTransaction(db, async (tx) => {
        const h = await officerHousehold(tx, user, id, true);
        if (h.status !== 'active') fail('households.archived');
        const [p] = await tx.select().from(users).where(eq(users.id, input.userId)).limit(1);
        if (p?.role !== 'volunteer' || p.disabled || p.communityId !== h.communityId)
          fail('households.proxy_invalid');
        const inserted = await tx
          .insert(householdProxies)
          .values({
            householdId: id,
            userId: p.id,
            relation: input.relation,
            addedBy: user.id,
            addedAt: clock.now(),
          })
          .onConflictDoNothing()
          .returning({ id: householdProxies.id });
        if (!inserted.length) fail('households.proxy_exists');
        await log(tx, id, user, 'officer', 'proxy.added', null, {
          communityId: h.communityId,
          before: { proxy: null },
          after: { proxy: { userId: p.id } },
        });
        await notify(
          tx,
          p.id,
          {
            kind: 'household.proxy_added',
            title: '您已成为帮扶代理人',
            // No household data here: a message outlives a withdrawn consent.
            body: `社区已登记您为一户帮扶对象的代理人（${input.relation}），可在「我的」中代为求助、查看服务记录。`,
            data: { householdId: id },
          },
          clock.now(),
        );
        return { householdId: id, userId: p.id, displayName: p.displayName, relation: input.relation };
      });
    },

    async removeProxy(user: AuthUser, id: number, userId: number) {
      return inTransaction(db, async (tx) => {
        const h = await officerHousehold(tx, user, id, true);
        const removed = await tx
          .update(householdProxies)
          .set({ removedAt: clock.now(), removedBy: user.id })
          .where(
            and(
              eq(householdProxies.householdId, id),
              eq(householdProxies.userId, userId),
              isNull(householdProxies.removedAt),
            ),
          )
          .returning({ id: householdProxies.id });
        if (!removed.length) fail('households.proxy_not_found');
        await log(tx, id, user, 'officer', 'proxy.removed', null, {
          communityId: h.communityId,
          before: { proxy: { userId } },
          after: { proxy: null },
        });
      });
    },

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

    // ---- proxies (every action logged) ----
    async myHouseholds(user: AuthUser) {
      const rows = await db
        .select({ h: households, relation: householdProxies.relation })
        .from(householdProxies)
        .innerJoin(households, eq(households.id, householdProxies.householdId))
        .where(
          and(
            eq(householdProxies.userId, user.id),
            isNull(householdProxies.removedAt),
            eq(households.status, 'active'),
          ),
        )
        .orderBy(asc(households.id));
      return {
        households: rows.map((x) => ({ ...presentHousehold(x.h, 'proxy'), relation: x.relation })),
      };
    },

    async proxyView(user: AuthUser, id: number) {
      return inTransaction(db, async (tx) => {
        const h = await proxyHousehold(tx, user, id);
        await log(tx, id, user, 'proxy', 'history.viewed');
        return { household: presentHousehold(h, 'proxy'), ...(await history(tx, id)) };
      });
    },

    async raiseAsProxy(user: AuthUser, id: number, input: HelpRequestInput) {
      return inTransaction(db, async (tx) => {
        const h = await proxyHousehold(tx, user, id, true);
        const r = await insertRequest(tx, h, user, 'proxy', input);
        return presentRequest(r);
      });
    },

    /** A proxy may withdraw a request that is still open; once scheduled, the officer decides. */
    async cancelAsProxy(user: AuthUser, requestId: number) {
      return inTransaction(db, async (tx) => {
        const [r] = await tx
          .select()
          .from(helpRequests)
          .where(eq(helpRequests.id, requestId))
          .limit(1)
          .for('update');
        if (!r) fail('households.request_not_found');
        // Not their household's request: answered like a missing one; any other error stays itself.
        await proxyHousehold(tx, user, r.householdId).catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'households.not_found')
            fail('households.request_not_found');
          throw e;
        });
        const [row] = await tx
          .update(helpRequests)
          .set({ status: next(r, 'proxy_cancel'), closedAt: clock.now(), closedBy: user.id })
          .where(eq(helpRequests.id, requestId))
          .returning();
        await log(tx, r.householdId, user, 'proxy', 'request.cancelled', requestId);
        return presentRequest(row!);
      });
    },
  };

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

  /** A cancelled request takes its activity with it, if the activity has not started yet. */
  async function cancelLinkedActivity(tx: Tx, r: RequestRow) {
    if (r.activityId) await deps.activities().cancelNotStarted(tx, r.activityId);
  }
}

export type HouseholdsService = ReturnType<typeof createHouseholdsService>;
