/**
 * Redeeming an item for points at the till (积分兑换). Staff scan the holder's rotating code as for a
 * certificate check (POST /verifications: single use, a screenshot's code is refused), pick the item
 * and confirm: in one transaction the points move as one `redemption` movement from the holder to the
 * shop's redemption account, the item's stock drops by one and the redemption is recorded — one per
 * check. The staff member's idempotency key makes a retry answer the first redemption.
 *
 * Locks, in this order: the check, the item, the holder's account, the shop's account (last).
 */
import {
  checkRedeemable,
  fromHundredths,
  honours,
  isMerchantInAlliance,
  localDate,
  maskName,
  type RedeemBody,
  redemptionRefusal,
} from '@timebank/shared';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { accounts } from '../ledger/ledger.table';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { byKey, type Fingerprint, redeemPoints } from '../movements/movements.postings';
import { notify } from '../notifications/notifications.service';
import { lockValidCheck } from '../till/till.locks';
import { users } from '../users/users.table';
import { redemptionItems, redemptions } from './redemptions.table';

type RedemptionRow = typeof redemptions.$inferSelect;

export function createRedemptionsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function present(tx: Executor, list: RedemptionRow[]) {
    if (list.length === 0) return [];
    const items = new Map(
      (
        await tx
          .select({ id: redemptionItems.id, title: redemptionItems.title })
          .from(redemptionItems)
          .where(inArray(redemptionItems.id, [...new Set(list.map((r) => r.itemId))]))
      ).map((i) => [i.id, i.title]),
    );
    const shops = new Map(
      (
        await tx
          .select({ id: merchants.id, name: merchants.name })
          .from(merchants)
          .where(inArray(merchants.id, [...new Set(list.map((r) => r.merchantId))]))
      ).map((m) => [m.id, m.name]),
    );
    const holders = new Map(
      (
        await tx
          .select({ id: users.id, name: sql<string>`coalesce(${users.realName}, ${users.displayName})` })
          .from(users)
          .where(inArray(users.id, [...new Set(list.map((r) => r.holderId))]))
      ).map((u) => [u.id, u.name]),
    );
    return list.map((r) => ({
      id: r.id,
      verificationId: r.verificationId,
      movementId: r.movementId,
      item: { id: r.itemId, title: items.get(r.itemId) ?? '' },
      merchant: { id: r.merchantId, name: shops.get(r.merchantId) ?? '' },
      points: fromHundredths(r.cost),
      valueFen: r.valueFen,
      holder: maskName(holders.get(r.holderId)) ?? '',
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async function spendableOf(tx: Executor, userId: number) {
    const [a] = await tx
      .select({ balance: accounts.balance })
      .from(accounts)
      .where(eq(accounts.userId, userId));
    return fromHundredths(a?.balance ?? 0);
  }

  /** A key used before: the same check and item answer its redemption, anything else is refused. */
  async function replayed(tx: Executor, movementId: number, asked: RedeemBody, verificationId: number) {
    const [r] = await tx.select().from(redemptions).where(eq(redemptions.movementId, movementId));
    if (!r || r.verificationId !== verificationId || r.itemId !== asked.itemId)
      fail('redemptions.idempotency_conflict', { movementId });
    const [out] = await present(tx, [r]);
    return { ...out!, spendableAfter: await spendableOf(tx, r.holderId) };
  }

  async function redeem(staff: AuthUser, verificationId: number, body: RedeemBody) {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const { merchant } = await membershipOf(tx, staff);
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      // The check first: concurrent confirmations of it (a double tap, a retry) queue here.
      const { check, holder } = await lockValidCheck(tx, merchant.id, verificationId);
      const first = await byKey(tx, staff.id, body.idempotencyKey);
      if (first) return replayed(tx, first.id, body, verificationId);
      if (check.kind !== 'certificate' || holder.role !== 'volunteer') fail('redemptions.not_a_certificate');
      const [used] = await tx
        .select({ id: redemptions.id })
        .from(redemptions)
        .where(eq(redemptions.verificationId, check.id));
      if (used) fail('redemptions.check_used', { redemptionId: used.id });
      if (!checkRedeemable(check.createdAt.getTime(), now.getTime())) fail('redemptions.check_expired');
      // 通存通兑 as decided now (a policy may have narrowed since the check).
      if (holder.holderArea && holder.shopArea && !honours(holder.holderArea, holder.shopArea))
        fail('redemptions.outside_area');
      const [item] = await tx
        .select()
        .from(redemptionItems)
        .where(and(eq(redemptionItems.id, body.itemId), eq(redemptionItems.merchantId, merchant.id)))
        .for('update');
      if (!item) fail('redemptions.item_not_found');
      const refusal = redemptionRefusal(item, localDate(now));
      if (refusal) fail(refusal, { itemId: item.id });
      const request: Fingerprint = {
        kind: 'redemption',
        verificationId: check.id,
        itemId: item.id,
        merchantId: merchant.id,
        shop: merchant.name,
        title: item.title,
      };
      const { movement, spendableAfter } = await redeemPoints(tx, {
        holder: { id: holder.id, communityId: holder.communityId },
        shop: { id: merchant.id, communityId: merchant.communityId },
        amount: item.cost,
        actorId: staff.id,
        idempotencyKey: body.idempotencyKey,
        request,
        note: item.title,
        now,
      });
      await tx
        .update(redemptionItems)
        .set({
          stock: sql`${redemptionItems.stock} - 1`,
          redeemed: sql`${redemptionItems.redeemed} + 1`,
          updatedAt: now,
        })
        .where(eq(redemptionItems.id, item.id));
      const [r] = await tx
        .insert(redemptions)
        .values({
          communityId: merchant.communityId,
          merchantId: merchant.id,
          itemId: item.id,
          verificationId: check.id,
          movementId: movement.id,
          holderId: holder.id,
          staffId: staff.id,
          cost: item.cost,
          valueFen: item.valueFen,
          createdAt: now,
        })
        .returning();
      const points = fromHundredths(item.cost);
      await notify(
        tx,
        holder.id,
        {
          kind: 'redemptions.redeemed',
          title: `已兑换：${item.title}`,
          body: `您在「${merchant.name}」用 ${points} 积分兑换了“${item.title}”，剩余可用 ${fromHundredths(spendableAfter)} 积分。如非本人操作，请立即联系社区。`,
          data: { redemptionId: r!.id, merchantId: merchant.id },
        },
        now,
      );
      const [out] = await present(tx, [r!]);
      return { ...out!, spendableAfter: fromHundredths(spendableAfter) };
    });
  }

  /** The shop's redemptions, newest first (staff and owner). */
  async function shopRedemptions(staff: AuthUser) {
    const { merchant } = await membershipOf(db, staff);
    const rows = await db
      .select()
      .from(redemptions)
      .where(eq(redemptions.merchantId, merchant.id))
      .orderBy(desc(redemptions.id))
      .limit(500);
    return { redemptions: await present(db, rows) };
  }

  /** My redemptions, newest first. */
  async function myRedemptions(user: AuthUser) {
    const rows = await db
      .select()
      .from(redemptions)
      .where(eq(redemptions.holderId, user.id))
      .orderBy(desc(redemptions.id))
      .limit(500);
    return { redemptions: await present(db, rows) };
  }

  return { redeem, shopRedemptions, myRedemptions };
}

export type RedemptionsService = ReturnType<typeof createRedemptionsService>;
