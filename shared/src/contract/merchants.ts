/** Response schemas of the merchants module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { merchantActions, merchantCategories, merchantStatuses, merchantTags } from '../alliance';
import { merchantChangeStatuses } from '../merchant-changes';
import { roleSchema } from '../schemas';
import { countOut, dateOut, idOut, listOut, textOut, timeOut } from './common';

/** Money in yuan with two places (the server stores cents). */
export const merchantMoneyOut = z.number().min(0).max(1e12);

/** A shop's offer to certificate holders: a percentage (20 = 8折) or a text, with its label. */
export const merchantDiscountOut = z.strictObject({
  percentOff: z.number().int().min(1).max(90).nullable(),
  text: textOut(200).nullable(),
  conditions: textOut(500).nullable(),
  label: textOut(220),
});
export type MerchantDiscountDto = z.infer<typeof merchantDiscountOut>;

const directoryFields = {
  id: idOut,
  name: textOut(80),
  category: z.enum(merchantCategories),
  tags: listOut(z.enum(merchantTags), merchantTags.length),
  address: textOut(200),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
  openingHours: textOut(200),
  contactPhone: textOut(20),
  photos: listOut(textOut(500), 9),
  discount: merchantDiscountOut,
  /** In the alliance but warned by the community. */
  warned: z.boolean(),
  /** Metres from the position the directory was asked with; null without one. */
  distanceM: z.number().int().min(0).max(40_000_000).nullable(),
};

/** A shop as residents see it in the alliance directory: no licence number. */
export const merchantDirectoryEntryOut = z.strictObject(directoryFields);
export type MerchantDirectoryEntryDto = z.infer<typeof merchantDirectoryEntryOut>;

/** GET /alliance/merchants. */
export const merchantDirectoryOut = z.strictObject({ merchants: listOut(merchantDirectoryEntryOut) });

/** A shop as officers of its community and its own staff see it. */
export const merchantOut = z.strictObject({
  ...directoryFields,
  communityId: idOut,
  licenceNo: textOut(20),
  status: z.enum(merchantStatuses),
  statusReason: textOut(500).nullable(),
  pledge: z.strictObject({ version: textOut(20), acceptedAt: timeOut }),
  /** The owner's alliance member credential, issued at approval. */
  credentialSerial: textOut(40).nullable(),
  createdAt: timeOut,
});
export type MerchantDto = z.infer<typeof merchantOut>;

/** GET /merchants. */
export const merchantsListOut = z.strictObject({ merchants: listOut(merchantOut) });

/** A staff account of a shop. */
export const merchantStaffOut = z.strictObject({
  id: idOut,
  displayName: textOut(100),
  username: textOut(64).nullable(),
  isOwner: z.boolean(),
});
export type MerchantStaffDto = z.infer<typeof merchantStaffOut>;

/** GET /merchants/me: the staff list only for the owner. */
export const merchantMineOut = z.strictObject({
  merchant: merchantOut,
  isOwner: z.boolean(),
  staff: listOut(merchantStaffOut, 1000).optional(),
});
export type MerchantMineDto = z.infer<typeof merchantMineOut>;

/** The owner's new account as they see themselves (the users module's "me" shape). */
export const merchantOwnerAccountOut = z.strictObject({
  id: idOut,
  role: roleSchema,
  communityId: idOut,
  displayName: textOut(100),
  realName: textOut(100).nullable(),
  phoneMasked: textOut(20).nullable(),
  photoRef: textOut(500).nullable(),
  consent: z.strictObject({ version: textOut(20).nullable(), at: timeOut }).nullable(),
});

/** POST /merchants/applications: the shop, and the owner signed in. */
export const merchantApplicationOut = z.strictObject({
  merchant: merchantOut,
  token: textOut(2000),
  user: merchantOwnerAccountOut,
});
export type MerchantApplicationDto = z.infer<typeof merchantApplicationOut>;

/** GET /merchants/:id/events. */
export const merchantEventOut = z.strictObject({
  id: idOut,
  action: z.enum([...merchantActions, 'apply'] as const),
  from: z.enum(merchantStatuses).nullable(),
  to: z.enum(merchantStatuses),
  reason: textOut(1000),
  actor: z.strictObject({ id: idOut, displayName: textOut(100) }),
  at: timeOut,
});
export type MerchantEventDto = z.infer<typeof merchantEventOut>;
export const merchantEventsOut = z.strictObject({ events: listOut(merchantEventOut) });

const reportFigures = {
  checksValid: countOut,
  checksRefused: countOut,
  discounts: countOut,
  billTotal: merchantMoneyOut,
  savingTotal: merchantMoneyOut,
};

/** GET /merchants/:id/report: checks and discounts of a period, day by day. */
export const merchantReportOut = z.strictObject({
  merchant: z.strictObject({
    id: idOut,
    name: textOut(80),
    licenceNo: textOut(20),
    credentialSerial: textOut(40).nullable(),
  }),
  period: z.strictObject({ from: dateOut, to: dateOut }),
  totals: z.strictObject(reportFigures),
  /** Only the days with checks. */
  days: listOut(z.strictObject({ date: dateOut, ...reportFigures }), 40_000),
});
export type MerchantReportDto = z.infer<typeof merchantReportOut>;

// Types of the answers above that had none.
export type MerchantMoneyDto = z.infer<typeof merchantMoneyOut>;
export type MerchantDirectoryDto = z.infer<typeof merchantDirectoryOut>;
export type MerchantsListDto = z.infer<typeof merchantsListOut>;
export type MerchantOwnerAccountDto = z.infer<typeof merchantOwnerAccountOut>;
export type MerchantEventsDto = z.infer<typeof merchantEventsOut>;

/** A vetted change as it is asked for and as it was: the licence number, the discount. */
const merchantVettedOut = z.strictObject({
  licenceNo: textOut(20).optional(),
  discount: z
    .strictObject({
      percentOff: z.number().int().min(1).max(90).nullable(),
      text: textOut(200).nullable(),
      conditions: textOut(500).nullable(),
      label: textOut(220),
    })
    .optional(),
});

/** A change request of a shop's vetted details, for its owner and the community's officers. */
export const merchantChangeRequestOut = z.strictObject({
  id: idOut,
  merchant: z.strictObject({ id: idOut, name: textOut(80), communityId: idOut }),
  status: z.enum(merchantChangeStatuses),
  /** What is asked for. */
  changes: merchantVettedOut,
  /** The values in force when it was asked. */
  previous: merchantVettedOut,
  requestedBy: z.strictObject({ id: idOut, displayName: textOut(100) }),
  requestedAt: timeOut,
  decidedBy: z.strictObject({ id: idOut, displayName: textOut(100) }).nullable(),
  decidedAt: timeOut.nullable(),
  decisionReason: textOut(500).nullable(),
});
export type MerchantChangeRequestDto = z.infer<typeof merchantChangeRequestOut>;
export const merchantChangeRequestsOut = z.strictObject({
  requests: listOut(merchantChangeRequestOut, 1000),
});
export type MerchantChangeRequestsDto = z.infer<typeof merchantChangeRequestsOut>;

/** PATCH /merchants/me: the shop now, what applied at once, and the change request that waits (if any). */
export const merchantEditOut = z.strictObject({
  merchant: merchantOut,
  applied: listOut(z.enum(['openingHours', 'contactPhone', 'tags']), 3),
  changeRequest: merchantChangeRequestOut.nullable(),
});
export type MerchantEditDto = z.infer<typeof merchantEditOut>;
