import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { AppError, fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import type { HouseholdInternals } from './households.internals';
import { type HelpRequestInput, presentHousehold, presentRequest } from './households.present';
import { helpRequests, householdProxies, households } from './households.table';

/** Proxies (代理人): officers add and remove them; a proxy views and raises requests for the household, every action logged. */
export function createHouseholdProxiesService(deps: { db: Db; clock: Clock; internals: HouseholdInternals }) {
  const { db, clock, internals: h$ } = deps;
  const { log, officerHousehold, proxyHousehold, history, insertRequest, next } = h$;

  return {
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
}
