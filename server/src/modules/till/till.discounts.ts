import {
  checkDiscountAmounts,
  checkDiscountCorrection,
  discountCorrectableUntil,
  discountStatus,
  isMerchantInAlliance,
} from '@timebank/shared';
import { asc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';
import { discountEvents, discounts, verifications } from './till.table';

export interface DiscountInput {
  billAmount?: number | undefined;
  savingAmount?: number | undefined;
  note?: string | undefined;
}

type DiscountRow = typeof discounts.$inferSelect;

const centsOf = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100));
const amountOf = (cents: number | null) => (cents === null ? null : cents / 100);

/** A discount record as staff and officers see it. */
export function presentDiscountRecord(d: DiscountRow) {
  return {
    id: d.id,
    verificationId: d.verificationId,
    billAmount: amountOf(d.billCents),
    savingAmount: amountOf(d.savingCents),
    note: d.note,
    status: discountStatus(d),
    recordedAt: d.createdAt.toISOString(),
    correctableUntil: discountCorrectableUntil(d.createdAt.getTime()),
    voidReason: d.voidReason,
  };
}

/**
 * The discount staff record after a valid check: validated against the shop's discount, corrected by
 * the same staff member within 10 minutes, voided by an officer with a reason — every step in the
 * record's trail (discount_events, append-only), the record itself holding what counts now.
 */
export function createTillDiscountsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The staff member's shop, still in the alliance. */
  async function activeShop(tx: Executor, staff: AuthUser) {
    const { merchant } = await membershipOf(tx, staff);
    // A suspended or removed shop records nothing more, even for a check made before.
    if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
    return merchant;
  }

  /** Amounts that fit the shop's discount, in cents. */
  function validated(merchant: { discountPercentOff: number | null }, input: DiscountInput) {
    const amounts = { billCents: centsOf(input.billAmount), savingCents: centsOf(input.savingAmount) };
    const refusal = checkDiscountAmounts({ percentOff: merchant.discountPercentOff }, amounts);
    if (refusal) fail(refusal);
    return { ...amounts, note: input.note ?? null };
  }

  /** The shop's valid check, or the refusal staff get for it. */
  async function shopCheck(tx: Executor, merchantId: number, verificationId: number) {
    const [v] = await tx.select().from(verifications).where(eq(verifications.id, verificationId));
    if (!v || v.merchantId !== merchantId) fail('verify.not_found');
    if (v.result !== 'valid' || !v.holderId) fail('verify.not_valid');
    return { ...v, holderId: v.holderId };
  }

  async function lockedRecord(tx: Executor, verificationId: number) {
    const [d] = await tx
      .select()
      .from(discounts)
      .where(eq(discounts.verificationId, verificationId))
      .for('update');
    if (!d) fail('till.discount_not_found');
    return d;
  }

  return {
    /** Staff record the discount given after a valid check (once per check). */
    async record(staff: AuthUser, verificationId: number, input: DiscountInput) {
      const now = clock.now();
      try {
        return await inTransaction(db, async (tx) => {
          const merchant = await activeShop(tx, staff);
          const v = await shopCheck(tx, merchant.id, verificationId);
          // Once per check, whatever the amounts (the unique index settles a race).
          const [existing] = await tx
            .select({ id: discounts.id })
            .from(discounts)
            .where(eq(discounts.verificationId, v.id));
          if (existing) fail('verify.discount_recorded');
          const a = validated(merchant, input);
          const [d] = await tx
            .insert(discounts)
            .values({
              verificationId: v.id,
              merchantId: merchant.id,
              holderId: v.holderId,
              billCents: a.billCents,
              savingCents: a.savingCents,
              note: a.note,
              recordedBy: staff.id,
              createdAt: now,
            })
            .returning();
          await tx.insert(discountEvents).values({
            discountId: d!.id,
            kind: 'recorded',
            billCents: a.billCents,
            savingCents: a.savingCents,
            note: a.note,
            actorId: staff.id,
            createdAt: now,
          });
          return presentDiscountRecord(d!);
        });
      } catch (err) {
        if (isUniqueViolation(err)) fail('verify.discount_recorded');
        throw err;
      }
    },

    /** The staff member who recorded it corrects the amounts within 10 minutes; the old ones stay in the trail. */
    async correct(staff: AuthUser, verificationId: number, input: DiscountInput) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const merchant = await activeShop(tx, staff);
        await shopCheck(tx, merchant.id, verificationId);
        const d = await lockedRecord(tx, verificationId);
        const refusal = checkDiscountCorrection(
          { recordedBy: d.recordedBy, recordedAtMs: d.createdAt.getTime(), voided: d.voidedAt !== null },
          staff.id,
          now.getTime(),
        );
        if (refusal) fail(refusal);
        const a = validated(merchant, input);
        const [updated] = await tx
          .update(discounts)
          .set({ billCents: a.billCents, savingCents: a.savingCents, note: a.note, correctedAt: now })
          .where(eq(discounts.id, d.id))
          .returning();
        await tx.insert(discountEvents).values({
          discountId: d.id,
          kind: 'corrected',
          billCents: a.billCents,
          savingCents: a.savingCents,
          note: a.note,
          actorId: staff.id,
          createdAt: now,
        });
        return presentDiscountRecord(updated!);
      });
    },

    /** An officer of the shop's community voids a record: it counts in no report or export any more. */
    async void(officer: AuthUser, verificationId: number, reason: string) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const [v] = await tx
          .select({ communityId: merchants.communityId })
          .from(verifications)
          .innerJoin(merchants, eq(merchants.id, verifications.merchantId))
          .where(eq(verifications.id, verificationId));
        // Another community's record is treated as missing.
        if (!v) fail('verify.not_found');
        await authorizeResource(
          tx,
          officer,
          'till.discount_void',
          { communityId: v.communityId },
          'verify.not_found',
        );
        const d = await lockedRecord(tx, verificationId);
        if (d.voidedAt) fail('till.discount_voided');
        const [updated] = await tx
          .update(discounts)
          .set({ voidedAt: now, voidedBy: officer.id, voidReason: reason })
          .where(eq(discounts.id, d.id))
          .returning();
        await tx.insert(discountEvents).values({
          discountId: d.id,
          kind: 'voided',
          billCents: d.billCents,
          savingCents: d.savingCents,
          note: d.note,
          reason,
          actorId: officer.id,
          createdAt: now,
        });
        return presentDiscountRecord(updated!);
      });
    },

    /** The record and its trail, for the shop's staff and the community's officers. */
    async trail(user: AuthUser, verificationId: number) {
      const [v] = await db
        .select({ merchantId: verifications.merchantId, communityId: merchants.communityId })
        .from(verifications)
        .innerJoin(merchants, eq(merchants.id, verifications.merchantId))
        .where(eq(verifications.id, verificationId));
      if (!v) fail('verify.not_found');
      if (user.role === 'merchant_staff') {
        const { merchant } = await membershipOf(db, user);
        if (merchant.id !== v.merchantId) fail('verify.not_found');
      } else {
        await authorizeResource(
          db,
          user,
          'till.discount_read',
          { communityId: v.communityId },
          'verify.not_found',
        );
      }
      const [d] = await db.select().from(discounts).where(eq(discounts.verificationId, verificationId));
      if (!d) fail('till.discount_not_found');
      const events = await db
        .select({ e: discountEvents, actor: users.displayName })
        .from(discountEvents)
        .innerJoin(users, eq(users.id, discountEvents.actorId))
        .where(eq(discountEvents.discountId, d.id))
        .orderBy(asc(discountEvents.id));
      return {
        discount: presentDiscountRecord(d),
        trail: events.map(({ e, actor }) => ({
          kind: e.kind,
          billAmount: amountOf(e.billCents),
          savingAmount: amountOf(e.savingCents),
          note: e.note,
          reason: e.reason,
          actor: { id: e.actorId, displayName: actor },
          at: e.createdAt.toISOString(),
        })),
      };
    },
  };
}

export type TillDiscountsService = ReturnType<typeof createTillDiscountsService>;
