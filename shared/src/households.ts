import { z } from 'zod';
import { idBody, idText, isoTime } from './primitives';

/**
 * Residents in need (Hainan's targeted-support files, made minimal): officers register a household
 * with its consent, take its help requests, and turn each into a volunteer activity. Proxies (a
 * family member or neighbour with an account) raise requests on the household's behalf.
 */

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const householdCategories = ['elderly_alone', 'disabled', 'low_income', 'other'] as const;
export type HouseholdCategory = (typeof householdCategories)[number];
export const householdStatuses = ['active', 'archived'] as const;
export type HouseholdStatus = (typeof householdStatuses)[number];

export const helpKinds = ['meal', 'bath', 'shopping', 'visit', 'digital_help', 'other'] as const;
export type HelpKind = (typeof helpKinds)[number];
export const helpRequestStatuses = ['open', 'scheduled', 'done', 'cancelled'] as const;
export type HelpRequestStatus = (typeof helpRequestStatuses)[number];
/** The moves of a help request (its table is helpRequestLifecycle in ./lifecycles). */
export const helpRequestActions = ['schedule', 'complete', 'cancel', 'proxy_cancel', 'reopen'] as const;
export type HelpRequestAction = (typeof helpRequestActions)[number];

/** The consent text the officer reads to the household; a new wording gets a new version. */
export const HOUSEHOLD_CONSENT_VERSION = '2026-11';
export const householdConsentVersions = [HOUSEHOLD_CONSENT_VERSION] as const;

/** The activity category that best fits a kind of help, as the default when converting. */
export const helpKindActivityCategory: Record<
  HelpKind,
  'elder_bathing' | 'elder_meals' | 'digital_skills' | 'other'
> = {
  meal: 'elder_meals',
  bath: 'elder_bathing',
  shopping: 'other',
  visit: 'other',
  digital_help: 'digital_skills',
  other: 'other',
};

const phone = z
  .string()
  .trim()
  .max(20)
  .regex(/^[0-9+\- ]{5,20}$/, 'phone_digits');

/**
 * Minimal data (PIPL): a label the household chooses, where to go, optionally a phone, notes. No ID
 * numbers. Consent is explicit: who agreed (the resident or a named guardian), when, which wording.
 */
export const householdConsentSchema = z
  .object({
    /** Who gave consent, e.g. 本人 or 女儿 李梅. */
    givenBy: trimmed(60),
    givenAt: isoTime,
    version: z.enum(householdConsentVersions),
    /** The officer ticks this after reading the consent text to the household. */
    agreed: z.boolean(),
  })
  .strict();

/** Consent counts only when it was given (agreed), by someone named, not in the future. */
export function isConsentGiven(
  consent: { givenBy: string; givenAt: string; agreed: boolean } | undefined,
  now: Date,
): boolean {
  if (consent?.agreed !== true || !consent.givenBy.trim()) return false;
  const at = Date.parse(consent.givenAt);
  // A phone's clock may run ahead; a day's leeway, but not a consent dated well into the future.
  return Number.isFinite(at) && at <= now.getTime() + 24 * 3600_000;
}

export const householdCreateBody = z
  .object({
    label: trimmed(40),
    category: z.enum(householdCategories),
    address: trimmed(120),
    phone: phone.optional(),
    notes: z.string().trim().max(500).default(''),
    /** Checked by the service, so a missing consent is households.consent_required, not a bare 400. */
    consent: householdConsentSchema.optional(),
  })
  .strict();
export type HouseholdCreateInput = z.input<typeof householdCreateBody>;

export const householdUpdateBody = z
  .object({
    label: trimmed(40).optional(),
    category: z.enum(householdCategories).optional(),
    address: trimmed(120).optional(),
    phone: phone.nullable().optional(),
    notes: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing_to_change' });

export const householdWithdrawBody = z.object({ reason: trimmed(500) }).strict();

export const householdListQuery = z.object({ status: z.enum(householdStatuses).optional() }).strict();

export const householdProxyBody = z
  .object({
    userId: idBody,
    /** How the proxy relates to the household, e.g. 女儿, 邻居. */
    relation: trimmed(30),
  })
  .strict();
export const householdProxyParam = z.object({ id: idText, userId: idText }).strict();

export const helpRequestBody = z
  .object({
    kind: z.enum(helpKinds),
    /** When the household would like help; free text is fine (每周三上午). */
    preferredTime: trimmed(80),
    details: z.string().trim().max(1000).default(''),
  })
  .strict();
export type HelpRequestInput = z.input<typeof helpRequestBody>;

export const helpRequestListQuery = z
  .object({
    status: z.enum(helpRequestStatuses).optional(),
    householdId: idText.optional(),
  })
  .strict();

/** Turning a request into a volunteer activity; place defaults to the household's address. */
export const helpRequestConvertBody = z
  .object({
    title: trimmed(80).optional(),
    category: z
      .enum(['elder_bathing', 'elder_meals', 'public_cleanup', 'environmental', 'digital_skills', 'other'])
      .optional(),
    description: z.string().trim().max(2000).optional(),
    place: z
      .object({
        name: trimmed(120),
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
      })
      .strict(),
    startsAt: isoTime,
    endsAt: isoTime,
    capacity: z.number().int().min(1).max(100).default(2),
    pointsPerHour: z.number().min(0.01).max(100).multipleOf(0.01).default(1),
    /** Publish at once so volunteers can enrol (default); false leaves a draft. */
    publish: z.boolean().default(true),
  })
  .strict();
export type HelpRequestConvertInput = z.input<typeof helpRequestConvertBody>;

export const helpRequestCloseBody = z.object({ note: z.string().trim().max(500).default('') }).strict();

export const householdLogActions = [
  'household.registered',
  'household.updated',
  'household.consent_withdrawn',
  'proxy.added',
  'proxy.removed',
  'request.raised',
  'request.scheduled',
  'request.done',
  'request.cancelled',
  'request.reopened',
  'history.viewed',
] as const;
export type HouseholdLogAction = (typeof householdLogActions)[number];

/** How a help request reads as the title of its volunteer activity (no household data in it). */
export const helpKindTitles: Record<HelpKind, string> = {
  meal: '上门助餐',
  bath: '上门助浴',
  shopping: '代购送货',
  visit: '上门探访',
  digital_help: '手机使用帮扶',
  other: '上门帮扶',
};
