/**
 * A shop's items and vouchers for points (兑换项目): the owner publishes, edits, hides and ends them;
 * the shop's staff read them all (the till's pick list); residents see the published ones of shops
 * within reach; an officer of the shop's community takes one down with a reason.
 */
import {
  canMove,
  fromHundredths,
  isFinal,
  isMerchantInAlliance,
  localDate,
  movementHundredths,
  type RedemptionItemCreateInput,
  type RedemptionItemStatus,
  type RedemptionItemUpdateInput,
  redemptionDatesOk,
  redemptionItemLifecycle,
  redemptionRefusal,
} from '@timebank/shared';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { getMerchant, membershipOf } from '../merchants/merchants.repository';
import { merchantMembers } from '../merchants/merchants.table';
import { notify } from '../notifications/notifications.service';
import { redemptionItems } from './redemptions.table';

export type ItemRow = typeof redemptionItems.$inferSelect;

export function presentItem(i: ItemRow, today: string, forShop = false) {
  return {
    id: i.id,
    merchantId: i.merchantId,
    title: i.title,
    description: i.description,
    points: fromHundredths(i.cost),
    valueFen: i.valueFen,
    stock: i.stock,
    validFrom: i.validFrom,
    validTo: i.validTo,
    redeemable: redemptionRefusal(i, today) === null,
    ...(forShop ? { status: i.status, takeDownReason: i.takeDownReason, redeemed: i.redeemed } : {}),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** The owner's move of an item's status (staying put writes nothing). */
function ownerMove(from: RedemptionItemStatus, to: RedemptionItemStatus | undefined) {
  if (to === undefined || to === from) return {};
  if (!canMove(redemptionItemLifecycle, from, to, 'owner')) fail('redemptions.invalid_transition');
  return { status: to };
}

export function createRedemptionItemsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const today = () => localDate(clock.now());

  async function ownShop(user: AuthUser) {
    const { merchant, isOwner } = await membershipOf(db, user);
    if (!isOwner) fail('merchants.owner_only');
    if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
    return merchant;
  }

  return {
    async create(user: AuthUser, input: RedemptionItemCreateInput) {
      const m = await ownShop(user);
      if (!redemptionDatesOk(input.validFrom, input.validTo, today())) fail('redemptions.invalid_dates');
      const now = clock.now();
      const [i] = await db
        .insert(redemptionItems)
        .values({
          communityId: m.communityId,
          merchantId: m.id,
          title: input.title,
          description: input.description,
          cost: movementHundredths(input.points),
          valueFen: input.valueFen ?? null,
          stock: input.stock,
          validFrom: input.validFrom,
          validTo: input.validTo,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return presentItem(i!, today(), true);
    },

    async update(user: AuthUser, id: number, patch: RedemptionItemUpdateInput) {
      const m = await ownShop(user);
      return inTransaction(db, async (tx) => {
        const [i] = await tx
          .select()
          .from(redemptionItems)
          .where(and(eq(redemptionItems.id, id), eq(redemptionItems.merchantId, m.id)))
          .for('update');
        if (!i) fail('redemptions.item_not_found');
        if (isFinal(redemptionItemLifecycle, i.status)) fail('redemptions.invalid_transition');
        const validFrom = patch.validFrom ?? i.validFrom;
        const validTo = patch.validTo ?? i.validTo;
        if (
          (patch.validFrom !== undefined || patch.validTo !== undefined) &&
          !redemptionDatesOk(validFrom, validTo, today())
        )
          fail('redemptions.invalid_dates');
        const [u] = await tx
          .update(redemptionItems)
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.points !== undefined ? { cost: movementHundredths(patch.points) } : {}),
            ...(patch.valueFen !== undefined ? { valueFen: patch.valueFen } : {}),
            ...(patch.stock !== undefined ? { stock: patch.stock } : {}),
            ...ownerMove(i.status, patch.status),
            validFrom,
            validTo,
            updatedAt: clock.now(),
          })
          .where(eq(redemptionItems.id, id))
          .returning();
        return presentItem(u!, today(), true);
      });
    },

    /** Every item of the staff member's shop, ended and taken-down ones included. */
    async own(user: AuthUser) {
      const { merchant } = await membershipOf(db, user);
      const rows = await db
        .select()
        .from(redemptionItems)
        .where(eq(redemptionItems.merchantId, merchant.id))
        .orderBy(desc(redemptionItems.id))
        .limit(500);
      const d = today();
      return { items: rows.map((i) => presentItem(i, d, true)) };
    },

    /** A shop's page: its published items within their dates, cheapest first. */
    async listed(user: AuthUser, merchantId: number) {
      const m = await getMerchant(db, merchantId);
      await authorizeResource(
        db,
        user,
        'redemptions.read',
        { communityId: m.communityId },
        'merchants.not_found',
      );
      if (!isMerchantInAlliance(m.status)) fail('merchants.not_found');
      const d = today();
      const rows = await db
        .select()
        .from(redemptionItems)
        .where(and(eq(redemptionItems.merchantId, m.id), eq(redemptionItems.status, 'published')))
        .orderBy(asc(redemptionItems.cost), asc(redemptionItems.id))
        .limit(500);
      return {
        merchant: { id: m.id, name: m.name },
        today: d,
        items: rows.filter((i) => i.validTo >= d).map((i) => presentItem(i, d)),
      };
    },

    async takeDown(officer: AuthUser, id: number, reason: string) {
      return inTransaction(db, async (tx) => {
        const [i] = await tx.select().from(redemptionItems).where(eq(redemptionItems.id, id)).for('update');
        if (!i) fail('redemptions.item_not_found');
        await authorizeResource(
          tx,
          officer,
          'redemptions.take_down',
          { communityId: i.communityId },
          'redemptions.item_not_found',
        );
        const { row } = await applyMove(tx, {
          lifecycle: redemptionItemLifecycle,
          row: i,
          action: 'take_down',
          refusal: 'redemptions.invalid_transition',
          table: redemptionItems,
          set: { takeDownReason: reason, takenDownBy: officer.id, updatedAt: clock.now() },
        });
        const owners = await tx
          .select({ userId: merchantMembers.userId })
          .from(merchantMembers)
          .where(and(eq(merchantMembers.merchantId, i.merchantId), eq(merchantMembers.isOwner, true)));
        for (const o of owners)
          await notify(
            tx,
            o.userId,
            {
              kind: 'redemptions.item_taken_down',
              title: `兑换项目“${i.title}”已被社区下架`,
              body: reason,
              data: { merchantId: i.merchantId, itemId: i.id },
            },
            clock.now(),
          );
        return presentItem(row as ItemRow, today(), true);
      });
    },
  };
}

export type RedemptionItemsService = ReturnType<typeof createRedemptionItemsService>;
