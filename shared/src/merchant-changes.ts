/**
 * An owner edits the shop. Plain details (opening hours, phone, tags) apply at once; what the
 * community vetted — the business licence and the discount offered to certificate holders — goes
 * back to the community's officers as a change request, approved or rejected with a reason. Until
 * then the shop keeps its vetted values.
 */
import { z } from 'zod';
import { discountSchema, merchantTags } from './alliance';
import { idText } from './primitives';

export const merchantChangeStatuses = ['pending', 'approved', 'rejected'] as const;
export type MerchantChangeStatus = (typeof merchantChangeStatuses)[number];

/** The fields that apply at once, and those that need the officer's approval. */
export const MERCHANT_PLAIN_FIELDS = ['openingHours', 'contactPhone', 'tags'] as const;
export const MERCHANT_VETTED_FIELDS = ['licenceNo', 'discount'] as const;

/** PATCH /merchants/me: any of the fields, at least one. */
export const merchantEditBody = z
  .object({
    openingHours: z.string().trim().min(1).max(200).optional(),
    contactPhone: z
      .string()
      .trim()
      .max(20)
      .regex(/^[0-9+\- ]{6,20}$/, 'phone_digits')
      .optional(),
    tags: z.array(z.enum(merchantTags)).max(4).optional(),
    licenceNo: z
      .string()
      .trim()
      .max(20)
      .regex(/^[0-9A-Z]{15,20}$/, 'credit_code_format')
      .optional(),
    discount: discountSchema.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing_to_change' });
export type MerchantEdit = z.infer<typeof merchantEditBody>;

/** What a change request asks for (only the vetted fields it changes). */
export interface MerchantVettedChange {
  licenceNo?: string;
  discount?: { percentOff: number | null; text: string | null; conditions: string | null };
}

/** POST /merchants/change-requests/:id/approve (a note is optional) and …/reject (a reason is required). */
export const merchantChangeApproveBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export const merchantChangeRejectBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** GET /merchants/change-requests: pending ones by default; a district administrator names the community. */
export const merchantChangeListQuery = z
  .object({
    status: z.enum(merchantChangeStatuses).optional(),
    communityId: idText.optional(),
  })
  .strict();
