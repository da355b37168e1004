import {
  canMove,
  daysBetween,
  isFinal,
  isMerchantInAlliance,
  isOfferCurrent,
  localDate,
  MAX_OFFER_DAYS,
  type OfferCreateInput,
  type OfferUpdateInput,
  offerLifecycle,
  type ProductCreateInput,
  type ProductUpdateInput,
  type PublicationStatus,
  productLifecycle,
} from '@timebank/shared';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { getMerchant, membershipOf } from '../merchants/merchants.repository';
import { merchantMembers } from '../merchants/merchants.table';
import { notify } from '../notifications/notifications.service';
import { merchantOffers, merchantProducts } from './products.table';

type ProductRow = typeof merchantProducts.$inferSelect;

/** The owner shows or hides an item: only a move the table gives the owner (staying put writes nothing). */
function ownerMove(
  l: typeof productLifecycle | typeof offerLifecycle,
  from: PublicationStatus,
  to: PublicationStatus | undefined,
): { status?: PublicationStatus } {
  if (to === undefined || to === from) return {};
  if (!canMove(l, from, to, 'owner')) fail('products.taken_down');
  return { status: to };
}
type OfferRow = typeof merchantOffers.$inferSelect;

function presentProduct(p: ProductRow, forOwner = false) {
  return {
    id: p.id,
    merchantId: p.merchantId,
    name: p.name,
    description: p.description,
    priceFen: p.priceFen,
    priceText: p.priceText,
    photos: p.photos,
    isLocal: p.isLocal,
    ...(forOwner ? { status: p.status, takeDownReason: p.takeDownReason } : {}),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function presentOffer(o: OfferRow, today: string, forOwner = false) {
  return {
    id: o.id,
    merchantId: o.merchantId,
    title: o.title,
    description: o.description,
    validFrom: o.validFrom,
    validTo: o.validTo,
    photo: o.photo,
    current: isOfferCurrent(o, today),
    ...(forOwner ? { status: o.status, takeDownReason: o.takeDownReason } : {}),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/**
 * Local products and time-limited offers (Quang Ninh: small shops selling online). The owner manages
 * them; the shop's staff read them; an officer of the community takes one down with a reason; everyone
 * in the community sees the published ones of merchants in good standing.
 */
export function createProductsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const today = () => localDate(clock.now());

  /** The owner's shop, which must be in the alliance to publish. */
  async function ownShop(user: AuthUser) {
    const { merchant, isOwner } = await membershipOf(db, user);
    if (!isOwner) fail('merchants.owner_only');
    if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
    return merchant;
  }

  /** A merchant whose directory page the user may see: in good standing and within reach. */
  async function listedMerchant(user: AuthUser, merchantId: number) {
    const m = await getMerchant(db, merchantId);
    await authorizeResource(db, user, 'products.read', { communityId: m.communityId }, 'merchants.not_found');
    if (!isMerchantInAlliance(m.status)) fail('merchants.not_found');
    return m;
  }

  /** Tells the shop's owner(s) in the message centre, inside the caller's transaction. */
  async function notifyOwner(tx: Executor, merchantId: number, kind: string, title: string, body: string) {
    const owners = await tx
      .select({ userId: merchantMembers.userId })
      .from(merchantMembers)
      .where(and(eq(merchantMembers.merchantId, merchantId), eq(merchantMembers.isOwner, true)));
    for (const o of owners)
      await notify(tx, o.userId, { kind, title, body, data: { merchantId } }, clock.now());
  }

  function checkOfferDates(validFrom: string, validTo: string) {
    if (validFrom > validTo || daysBetween(validFrom, validTo) >= MAX_OFFER_DAYS || validTo < today()) {
      fail('offers.invalid_dates');
    }
  }

  return {
    async createProduct(user: AuthUser, input: ProductCreateInput) {
      const m = await ownShop(user);
      const now = clock.now();
      const [p] = await db
        .insert(merchantProducts)
        .values({
          communityId: m.communityId,
          merchantId: m.id,
          name: input.name,
          description: input.description,
          priceFen: input.priceFen ?? null,
          priceText: input.priceText ?? null,
          photos: input.photos,
          isLocal: input.isLocal,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return presentProduct(p!, true);
    },

    async updateProduct(user: AuthUser, id: number, patch: ProductUpdateInput) {
      const m = await ownShop(user);
      return inTransaction(db, async (tx) => {
        const [p] = await tx
          .select()
          .from(merchantProducts)
          .where(and(eq(merchantProducts.id, id), eq(merchantProducts.merchantId, m.id)))
          .for('update');
        if (!p) fail('products.not_found');
        if (isFinal(productLifecycle, p.status)) fail('products.taken_down');
        const priceFen = patch.priceFen === undefined ? p.priceFen : patch.priceFen;
        const priceText = patch.priceText === undefined ? p.priceText : patch.priceText;
        if (priceFen == null && priceText == null) fail('products.price_required');
        const [u] = await tx
          .update(merchantProducts)
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.photos !== undefined ? { photos: patch.photos } : {}),
            ...(patch.isLocal !== undefined ? { isLocal: patch.isLocal } : {}),
            ...ownerMove(productLifecycle, p.status, patch.status),
            priceFen,
            priceText,
            updatedAt: clock.now(),
          })
          .where(eq(merchantProducts.id, id))
          .returning();
        return presentProduct(u!, true);
      });
    },

    /** The shop's own products, hidden and taken down ones included (with the reason), for its staff. */
    async myProducts(user: AuthUser) {
      const { merchant } = await membershipOf(db, user);
      const rows = await db
        .select()
        .from(merchantProducts)
        .where(eq(merchantProducts.merchantId, merchant.id))
        .orderBy(desc(merchantProducts.id));
      return { products: rows.map((p) => presentProduct(p, true)) };
    },

    async createOffer(user: AuthUser, input: OfferCreateInput) {
      const m = await ownShop(user);
      checkOfferDates(input.validFrom, input.validTo);
      const now = clock.now();
      const [o] = await db
        .insert(merchantOffers)
        .values({
          communityId: m.communityId,
          merchantId: m.id,
          title: input.title,
          description: input.description,
          validFrom: input.validFrom,
          validTo: input.validTo,
          photo: input.photo ?? null,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return presentOffer(o!, today(), true);
    },

    async updateOffer(user: AuthUser, id: number, patch: OfferUpdateInput) {
      const m = await ownShop(user);
      return inTransaction(db, async (tx) => {
        const [o] = await tx
          .select()
          .from(merchantOffers)
          .where(and(eq(merchantOffers.id, id), eq(merchantOffers.merchantId, m.id)))
          .for('update');
        if (!o) fail('offers.not_found');
        if (isFinal(offerLifecycle, o.status)) fail('products.taken_down');
        const validFrom = patch.validFrom ?? o.validFrom;
        const validTo = patch.validTo ?? o.validTo;
        if (patch.validFrom !== undefined || patch.validTo !== undefined) checkOfferDates(validFrom, validTo);
        const [u] = await tx
          .update(merchantOffers)
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.photo !== undefined ? { photo: patch.photo } : {}),
            ...ownerMove(offerLifecycle, o.status, patch.status),
            validFrom,
            validTo,
            updatedAt: clock.now(),
          })
          .where(eq(merchantOffers.id, id))
          .returning();
        return presentOffer(u!, today(), true);
      });
    },

    /** The shop's own offers, past and hidden ones included, for its staff. */
    async myOffers(user: AuthUser) {
      const { merchant } = await membershipOf(db, user);
      const rows = await db
        .select()
        .from(merchantOffers)
        .where(eq(merchantOffers.merchantId, merchant.id))
        .orderBy(desc(merchantOffers.validTo), desc(merchantOffers.id));
      const d = today();
      return { offers: rows.map((o) => presentOffer(o, d, true)) };
    },

    /** A merchant's directory page: its published products, local products first. */
    async listedProducts(user: AuthUser, merchantId: number) {
      const m = await listedMerchant(user, merchantId);
      const rows = await db
        .select()
        .from(merchantProducts)
        .where(and(eq(merchantProducts.merchantId, m.id), eq(merchantProducts.status, 'published')))
        .orderBy(desc(merchantProducts.isLocal), asc(merchantProducts.name), asc(merchantProducts.id));
      return {
        merchant: { id: m.id, name: m.name, status: m.status },
        products: rows.map((p) => presentProduct(p)),
      };
    },

    /** A merchant's current offers: published, and today (Asia/Shanghai) within validFrom..validTo. */
    async listedOffers(user: AuthUser, merchantId: number) {
      const m = await listedMerchant(user, merchantId);
      const d = today();
      const rows = await db
        .select()
        .from(merchantOffers)
        .where(
          and(
            eq(merchantOffers.merchantId, m.id),
            eq(merchantOffers.status, 'published'),
            lte(merchantOffers.validFrom, d),
            gte(merchantOffers.validTo, d),
          ),
        )
        .orderBy(asc(merchantOffers.validTo), asc(merchantOffers.id));
      return {
        merchant: { id: m.id, name: m.name, status: m.status },
        today: d,
        offers: rows.map((o) => presentOffer(o, d)),
      };
    },

    /** An officer of the community takes a product down, with a reason the shop sees. */
    async takeDownProduct(officer: AuthUser, id: number, reason: string) {
      return inTransaction(db, async (tx) => {
        const [p] = await tx.select().from(merchantProducts).where(eq(merchantProducts.id, id)).for('update');
        if (!p) fail('products.not_found');
        await authorizeResource(
          tx,
          officer,
          'products.take_down',
          { communityId: p.communityId },
          'products.not_found',
        );
        const { row } = await applyMove(tx, {
          lifecycle: productLifecycle,
          row: p,
          action: 'take_down',
          refusal: 'products.taken_down',
          table: merchantProducts,
          set: { takeDownReason: reason, takenDownBy: officer.id, updatedAt: clock.now() },
        });
        await notifyOwner(tx, p.merchantId, 'product.taken_down', `商品“${p.name}”已被社区下架`, reason);
        return presentProduct(row, true);
      });
    },

    async takeDownOffer(officer: AuthUser, id: number, reason: string) {
      return inTransaction(db, async (tx) => {
        const [o] = await tx.select().from(merchantOffers).where(eq(merchantOffers.id, id)).for('update');
        if (!o) fail('offers.not_found');
        await authorizeResource(
          tx,
          officer,
          'products.take_down',
          { communityId: o.communityId },
          'offers.not_found',
        );
        const { row } = await applyMove(tx, {
          lifecycle: offerLifecycle,
          row: o,
          action: 'take_down',
          refusal: 'products.taken_down',
          table: merchantOffers,
          set: { takeDownReason: reason, takenDownBy: officer.id, updatedAt: clock.now() },
        });
        await notifyOwner(tx, o.merchantId, 'offer.taken_down', `优惠“${o.title}”已被社区下架`, reason);
        return presentOffer(row, today(), true);
      });
    },
  };
}

export type ProductsService = ReturnType<typeof createProductsService>;
