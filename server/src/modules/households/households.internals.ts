import {
  type HelpRequestAction,
  type HelpRequestStatus,
  type HouseholdLogAction,
  helpRequestLifecycle,
  moveTo,
} from '@timebank/shared';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Executor, Tx } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import type { ActivitiesService } from '../activities/activities.service';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { noteAudit } from '../audit/audit.note';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import {
  type ActorRole,
  type HelpRequestInput,
  type HouseholdRow,
  hoursOf,
  presentRequest,
  type RequestRow,
} from './households.present';
import { helpRequests, householdLog, householdProxies, households } from './households.table';

/** What the households services share: the log, the lookups that authorize, the proxies' messages. */
export interface HouseholdsDeps {
  clock: Clock;
  /** The activities service (a converted request becomes its activity); late-bound, as it calls back. */
  activities: () => ActivitiesService;
}

export function createHouseholdInternals(deps: HouseholdsDeps) {
  const { clock } = deps;

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

  /** A cancelled request takes its activity with it, if the activity has not started yet. */
  async function cancelLinkedActivity(tx: Tx, r: RequestRow) {
    if (r.activityId) await deps.activities().cancelNotStarted(tx, r.activityId);
  }

  return {
    log,
    officerHousehold,
    proxyHousehold,
    officerRequest,
    activeProxies,
    notifyProxies,
    history,
    insertRequest,
    next,
    cancelLinkedActivity,
  };
}

export type HouseholdInternals = ReturnType<typeof createHouseholdInternals>;
