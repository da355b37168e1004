import { helpRequestLifecycle, householdLifecycle, isConsentGiven, moveTo } from '@timebank/shared';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { users } from '../users/users.table';
import type { HouseholdInternals } from './households.internals';
import { type HouseholdInput, type HouseholdPatch, presentHousehold } from './households.present';
import { helpRequests, householdLog, householdProxies, households } from './households.table';

/** The register of households in need (帮扶对象): officers register, edit, withdraw consent, read the log. */
export function createHouseholdRegistryService(deps: {
  db: Db;
  clock: Clock;
  internals: HouseholdInternals;
}) {
  const { db, clock, internals: h$ } = deps;
  const { log, officerHousehold, activeProxies, history, cancelLinkedActivity } = h$;

  return {
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
  };
}
