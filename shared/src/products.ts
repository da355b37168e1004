import { z } from 'zod';
import { idText, isoDate, photoRef } from './primitives';

/**
 * Local products and digital skills (Quang Ninh's digital economy): merchants publish products and
 * time-limited offers on their directory page; digital-skills activities carry a topic for statistics.
 */

export const MAX_PRODUCT_PHOTOS = 6;
/** The longest an offer may run, in days. */
export const MAX_OFFER_DAYS = 366;

const trimmed = (max: number) => z.string().trim().min(1).max(max);

/** A photo: one of our own images or a public https link (never an internal address or another scheme). */
export const httpsPhotoUrl = photoRef;

const photos = z.array(httpsPhotoUrl).max(MAX_PRODUCT_PHOTOS);
/** Prices travel in fen (分), 1 yuan = 100 fen; or as free text ("时价", "面议"). */
const priceFen = z.number().int().min(0).max(100_000_000);
const priceText = z.string().trim().min(1).max(40);

export const publicationStatuses = ['published', 'hidden', 'taken_down'] as const;
export type PublicationStatus = (typeof publicationStatuses)[number];

export const productCreateBody = z
  .object({
    name: trimmed(60),
    description: z.string().trim().max(1000).default(''),
    priceFen: priceFen.nullable().optional(),
    priceText: priceText.nullable().optional(),
    photos: photos.default([]),
    isLocal: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.priceFen != null || p.priceText != null, {
    message: 'price_required',
    path: ['priceFen'],
  });
export type ProductCreateInput = z.infer<typeof productCreateBody>;

export const productUpdateBody = z
  .object({
    name: trimmed(60).optional(),
    description: z.string().trim().max(1000).optional(),
    priceFen: priceFen.nullable().optional(),
    priceText: priceText.nullable().optional(),
    photos: photos.optional(),
    isLocal: z.boolean().optional(),
    /** The merchant hides (unpublishes) or publishes again; a taken-down item stays down. */
    status: z.enum(['published', 'hidden']).optional(),
  })
  .strict();
export type ProductUpdateInput = z.infer<typeof productUpdateBody>;

const localDay = isoDate;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export const offerCreateBody = z
  .object({
    title: trimmed(80),
    description: z.string().trim().max(1000).default(''),
    /** Local dates in Asia/Shanghai, both included. */
    validFrom: localDay,
    validTo: localDay,
    photo: httpsPhotoUrl.nullable().optional(),
  })
  .strict()
  .refine((o) => o.validFrom <= o.validTo, { message: 'valid_to_before_from', path: ['validTo'] })
  .refine((o) => dayNumber(o.validTo) - dayNumber(o.validFrom) < MAX_OFFER_DAYS, {
    message: `优惠最长 ${MAX_OFFER_DAYS} 天`,
    path: ['validTo'],
  });
export type OfferCreateInput = z.infer<typeof offerCreateBody>;

export const offerUpdateBody = z
  .object({
    title: trimmed(80).optional(),
    description: z.string().trim().max(1000).optional(),
    validFrom: localDay.optional(),
    validTo: localDay.optional(),
    photo: httpsPhotoUrl.nullable().optional(),
    status: z.enum(['published', 'hidden']).optional(),
  })
  .strict();
export type OfferUpdateInput = z.infer<typeof offerUpdateBody>;

/** An offer shows on the directory from the start of validFrom to the end of validTo, local time. */
export function isOfferCurrent(o: { validFrom: string; validTo: string }, today: string): boolean {
  return o.validFrom <= today && today <= o.validTo;
}

/** Days between two local dates (b − a), for the offer-length rule. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

// ---- digital skills ----

/** What a digital-skills session teaches. */
export const digitalTopics = [
  'mobile_payment',
  'online_services',
  'health_code',
  'video_calls',
  'online_shopping',
  'fraud_prevention',
  'smartphone_basics',
  'other',
] as const;
export const digitalTopicSchema = z.enum(digitalTopics);
export type DigitalTopic = z.infer<typeof digitalTopicSchema>;

export const digitalSkillsQuery = z
  .object({
    /** Officers: their community; a district administrator: one community, or all of the district. */
    communityId: idText.optional(),
    /** Local dates, both included; by default the last twelve months. */
    from: localDay.optional(),
    to: localDay.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from_after_to' });
