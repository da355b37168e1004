/**
 * Response schemas of the products module's routes (building blocks in ./common.ts).
 *
 * A shop's own staff (and an officer who took one down) see the publication status and the reason;
 * residents on the directory page see published items only, without those fields.
 */
import { z } from 'zod';
import { MAX_PRODUCT_PHOTOS, publicationStatuses } from '../products';
import { dateOut, idOut, listOut, textOut, timeOut } from './common';

const photoOut = textOut(500);
const ownerFields = {
  status: z.enum(publicationStatuses),
  /** The reason an officer gave; null unless taken down. */
  takeDownReason: textOut(500).nullable(),
};

/** A product as residents see it on the directory page. */
export const productOut = z.strictObject({
  id: idOut,
  merchantId: idOut,
  name: textOut(60),
  description: textOut(1000),
  /** Fen (分); null when the price is given as text. */
  priceFen: z.number().int().min(0).max(100_000_000).nullable(),
  priceText: textOut(40).nullable(),
  photos: listOut(photoOut, MAX_PRODUCT_PHOTOS),
  isLocal: z.boolean(),
  updatedAt: timeOut,
});
export type ProductDto = z.infer<typeof productOut>;

/** A product as its shop (and the officer taking it down) sees it. */
export const productOwnOut = productOut.extend(ownerFields);
export type ProductOwnDto = z.infer<typeof productOwnOut>;

/** GET /merchants/me/products. */
export const productsOwnListOut = z.strictObject({ products: listOut(productOwnOut) });
export type ProductsOwnListDto = z.infer<typeof productsOwnListOut>;

/** A time-limited offer as residents see it; local dates (Asia/Shanghai), both included. */
export const productOfferOut = z.strictObject({
  id: idOut,
  merchantId: idOut,
  title: textOut(80),
  description: textOut(1000),
  validFrom: dateOut,
  validTo: dateOut,
  photo: photoOut.nullable(),
  /** Whether today (Asia/Shanghai) is within validFrom..validTo. */
  current: z.boolean(),
  updatedAt: timeOut,
});
export type ProductOfferDto = z.infer<typeof productOfferOut>;

/** An offer as its shop (and the officer taking it down) sees it. */
export const productOfferOwnOut = productOfferOut.extend(ownerFields);
export type ProductOfferOwnDto = z.infer<typeof productOfferOwnOut>;

/** GET /merchants/me/offers. */
export const productOffersOwnListOut = z.strictObject({ offers: listOut(productOfferOwnOut) });
export type ProductOffersOwnListDto = z.infer<typeof productOffersOwnListOut>;

/** The merchant of a directory page: only merchants in good standing have one. */
const listedMerchantOut = z.strictObject({
  id: idOut,
  name: textOut(80),
  status: z.enum(['active', 'warned']),
});

/** GET /alliance/merchants/:id/products: local products first, then by name. */
export const productsListedOut = z.strictObject({
  merchant: listedMerchantOut,
  products: listOut(productOut),
});
export type ProductsListedDto = z.infer<typeof productsListedOut>;

/** GET /alliance/merchants/:id/offers: the offers current today, ending soonest first. */
export const productOffersListedOut = z.strictObject({
  merchant: listedMerchantOut,
  today: dateOut,
  offers: listOut(productOfferOut),
});
export type ProductOffersListedDto = z.infer<typeof productOffersListedOut>;
