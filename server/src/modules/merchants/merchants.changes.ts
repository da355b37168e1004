import {
  discountLabel,
  type MerchantChangeStatus,
  type MerchantEdit,
  type MerchantVettedChange,
  merchantChangeLifecycle,
} from '@timebank/shared';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity, authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { notify } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { presentMerchant } from './merchants.presenter';
import { getMerchant, type MerchantRow, membershipOf } from './merchants.repository';
import { merchantChangeRequests, merchantMembers, merchants } from './merchants.table';

type Discount = NonNullable<MerchantVettedChange['discount']>;

const discountOf = (m: MerchantRow): Discount => ({
  percentOff: m.discountPercentOff,
  text: m.discountText,
  conditions: m.discountConditions,
});
const sameDiscount = (a: Discount, b: Discount) =>
  a.percentOff === b.percentOff && a.text === b.text && a.conditions === b.conditions;

/** A vetted change as the API shows it (the discount with its label). */
function presentVetted(v: MerchantVettedChange) {
  return {
    ...(v.licenceNo !== undefined ? { licenceNo: v.licenceNo } : {}),
    ...(v.discount ? { discount: { ...v.discount, label: discountLabel(v.discount) } } : {}),
  };
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

/**
 * An owner edits the shop: plain details apply at once; the licence and the discount — what the
 * community vetted — become a change request its officers approve (the shop takes the new values) or
 * reject with a reason. At most one request waits per shop.
 */
export function createMerchantChangesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function load(ex: Executor, where: SQL | undefined) {
    const rows = await ex
      .select({
        r: merchantChangeRequests,
        merchantName: merchants.name,
        requester: requester.displayName,
        decider: decider.displayName,
      })
      .from(merchantChangeRequests)
      .innerJoin(merchants, eq(merchants.id, merchantChangeRequests.merchantId))
      .innerJoin(requester, eq(requester.id, merchantChangeRequests.requestedBy))
      .leftJoin(decider, eq(decider.id, merchantChangeRequests.decidedBy))
      .where(where)
      .orderBy(desc(merchantChangeRequests.id))
      .limit(1000);
    return rows.map(({ r, merchantName, requester: by, decider: decidedBy }) => ({
      id: r.id,
      merchant: { id: r.merchantId, name: merchantName, communityId: r.communityId },
      status: r.status,
      changes: presentVetted(r.changes),
      previous: presentVetted(r.previous),
      requestedBy: { id: r.requestedBy, displayName: by },
      requestedAt: r.createdAt.toISOString(),
      decidedBy:
        r.decidedBy !== null && decidedBy !== null ? { id: r.decidedBy, displayName: decidedBy } : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionReason: r.decisionReason,
    }));
  }

  async function ownShop(user: AuthUser) {
    const { merchant, isOwner } = await membershipOf(db, user);
    if (!isOwner) fail('merchants.owner_only');
    return merchant;
  }

  return {
    async edit(owner: AuthUser, body: MerchantEdit) {
      const shop = await ownShop(owner);
      const now = clock.now();
      try {
        return await inTransaction(db, async (tx) => {
          const m = await getMerchant(tx, shop.id, { forUpdate: true });
          const plain: Partial<Pick<MerchantRow, 'openingHours' | 'contactPhone' | 'tags'>> = {};
          if (body.openingHours !== undefined && body.openingHours !== m.openingHours)
            plain.openingHours = body.openingHours;
          if (body.contactPhone !== undefined && body.contactPhone !== m.contactPhone)
            plain.contactPhone = body.contactPhone;
          if (body.tags !== undefined && JSON.stringify(body.tags) !== JSON.stringify(m.tags))
            plain.tags = body.tags;
          const vetted: MerchantVettedChange = {};
          const previous: MerchantVettedChange = {};
          if (body.licenceNo !== undefined && body.licenceNo !== m.licenceNo) {
            vetted.licenceNo = body.licenceNo;
            previous.licenceNo = m.licenceNo;
          }
          if (body.discount !== undefined) {
            const asked: Discount = {
              percentOff: body.discount.percentOff ?? null,
              text: body.discount.text ?? null,
              conditions: body.discount.conditions ?? null,
            };
            if (!sameDiscount(asked, discountOf(m))) {
              vetted.discount = asked;
              previous.discount = discountOf(m);
            }
          }
          const applied = (['openingHours', 'contactPhone', 'tags'] as const).filter((k) => k in plain);
          if (applied.length === 0 && Object.keys(vetted).length === 0) fail('merchants.nothing_changed');

          let requestId: number | null = null;
          if (Object.keys(vetted).length > 0) {
            const [waiting] = await tx
              .select({ id: merchantChangeRequests.id })
              .from(merchantChangeRequests)
              .where(
                and(
                  eq(merchantChangeRequests.merchantId, m.id),
                  eq(merchantChangeRequests.status, 'pending'),
                ),
              )
              .limit(1);
            if (waiting) fail('merchants.change_pending');
            const [r] = await tx
              .insert(merchantChangeRequests)
              .values({
                merchantId: m.id,
                communityId: m.communityId,
                changes: vetted,
                previous,
                requestedBy: owner.id,
                createdAt: now,
              })
              .returning({ id: merchantChangeRequests.id });
            requestId = r!.id;
          }
          let updated = m;
          if (applied.length > 0) {
            const [u] = await tx
              .update(merchants)
              .set({ ...plain, updatedAt: now })
              .where(eq(merchants.id, m.id))
              .returning();
            updated = u!;
          }
          const [changeRequest] =
            requestId === null ? [null] : await load(tx, eq(merchantChangeRequests.id, requestId));
          return { merchant: presentMerchant(updated), applied, changeRequest: changeRequest ?? null };
        });
      } catch (err) {
        // two edits at once: the one-pending index refuses the second
        if (isUniqueViolation(err)) fail('merchants.change_pending');
        throw err;
      }
    },

    /** The owner's change requests, newest first. */
    async mine(owner: AuthUser) {
      const shop = await ownShop(owner);
      return { requests: await load(db, eq(merchantChangeRequests.merchantId, shop.id)) };
    },

    /** The community's change requests (pending by default), for its officers. */
    async list(
      user: AuthUser,
      query: { status?: MerchantChangeStatus | undefined; communityId?: number | undefined },
    ) {
      const communityId = query.communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'merchants.changes', communityId);
      return {
        requests: await load(
          db,
          and(
            eq(merchantChangeRequests.communityId, communityId),
            eq(merchantChangeRequests.status, query.status ?? 'pending'),
          ),
        ),
      };
    },

    /** An officer of the shop's community approves (the shop takes the values) or rejects with a reason. */
    async decide(user: AuthUser, id: number, action: 'approve' | 'reject', reason: string | undefined) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const [r] = await tx
          .select()
          .from(merchantChangeRequests)
          .where(eq(merchantChangeRequests.id, id))
          .for('update');
        if (!r) fail('merchants.change_not_found');
        // Another community's request answers as a missing one.
        await authorizeResource(
          tx,
          user,
          'merchants.changes',
          { communityId: r.communityId },
          'merchants.change_not_found',
        );
        if (r.status !== 'pending') fail('merchants.change_decided', { status: r.status });
        const decisionReason = reason?.trim() ? reason.trim() : null;
        await applyMove(tx, {
          lifecycle: merchantChangeLifecycle,
          row: r,
          action,
          refusal: 'merchants.change_decided',
          table: merchantChangeRequests,
          set: { decidedBy: user.id, decidedAt: now, decisionReason },
        });
        const m = await getMerchant(tx, r.merchantId, { forUpdate: true });
        if (action === 'approve') {
          const c = r.changes;
          await tx
            .update(merchants)
            .set({
              ...(c.licenceNo !== undefined ? { licenceNo: c.licenceNo } : {}),
              ...(c.discount
                ? {
                    discountPercentOff: c.discount.percentOff,
                    discountText: c.discount.text,
                    discountConditions: c.discount.conditions,
                  }
                : {}),
              updatedAt: now,
            })
            .where(eq(merchants.id, m.id));
        }
        const owners = await tx
          .select({ userId: merchantMembers.userId })
          .from(merchantMembers)
          .where(and(eq(merchantMembers.merchantId, m.id), eq(merchantMembers.isOwner, true)));
        for (const o of owners) {
          await notify(
            tx,
            o.userId,
            {
              kind: `merchant.change_${action === 'approve' ? 'approved' : 'rejected'}`,
              title: action === 'approve' ? '店铺资料变更已通过社区审核' : '店铺资料变更未通过社区审核',
              body: decisionReason ?? (action === 'approve' ? '新的执照或优惠信息已生效' : ''),
              data: { merchantId: m.id, changeRequestId: r.id },
            },
            now,
          );
        }
        noteAudit({
          entity: { type: 'merchant_changes', id: r.id },
          communityId: r.communityId,
          before: { status: r.status, ...presentVetted(r.previous) },
          after: {
            status: action === 'approve' ? 'approved' : 'rejected',
            decisionReason,
            ...(action === 'approve' ? presentVetted(r.changes) : presentVetted(r.previous)),
          },
        });
        const [out] = await load(tx, eq(merchantChangeRequests.id, r.id));
        return out!;
      });
    },
  };
}

export type MerchantChangesService = ReturnType<typeof createMerchantChangesService>;
