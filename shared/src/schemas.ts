import { z } from 'zod';
import { idBody, idText, intText, isoTime, photoRef } from './primitives';
import { digitalTopicSchema } from './products';

/** Points travel as decimal numbers with at most two places; the server stores hundredths. */
const points = z.number().min(0).max(100).multipleOf(0.01);
const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const roles = ['volunteer', 'officer', 'merchant_staff', 'district_admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const activityCategories = [
  'elder_bathing',
  'elder_meals',
  'public_cleanup',
  'environmental',
  'digital_skills',
  'other',
] as const;
export const activityCategorySchema = z.enum(activityCategories);
export type ActivityCategory = z.infer<typeof activityCategorySchema>;

export const activityStatuses = ['draft', 'published', 'cancelled'] as const;
export const certificateStatuses = ['active', 'suspended', 'revoked'] as const;
export const attendanceStatuses = ['checked_in', 'checked_out', 'confirmed'] as const;
export const attendanceFlags = ['short_stay', 'missing_checkout', 'far_location'] as const;
export type AttendanceFlag = (typeof attendanceFlags)[number];

export const idParam = z.object({ id: idText }).strict();

// ---- auth ----
export const wechatSignInBody = z
  .object({
    code: trimmed(128),
    communityId: idBody.optional(),
  })
  .strict();
export const passwordSignInBody = z
  .object({
    username: trimmed(64),
    password: z.string().min(1).max(200),
  })
  .strict();

// ---- profile ----
export const profileUpdateBody = z
  .object({
    displayName: trimmed(40).optional(),
    realName: trimmed(40).optional(),
    phone: z
      .string()
      .trim()
      .max(11)
      .regex(/^1\d{10}$/, 'phone_cn')
      .optional(),
    photoRef: photoRef.optional(),
    consentVersion: trimmed(20).optional(),
  })
  .strict();

// ---- activities ----
const place = z
  .object({
    name: trimmed(120),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .strict();

export const activityCreateBody = z
  .object({
    title: trimmed(80),
    category: activityCategorySchema.default('other'),
    /** What a digital-skills session teaches (only with category digital_skills). */
    topic: digitalTopicSchema.optional(),
    description: z.string().trim().max(2000).default(''),
    place,
    startsAt: isoTime,
    endsAt: isoTime,
    capacity: z.number().int().min(1).max(10000),
    pointsPerHour: points.refine((v) => v > 0, 'must_be_positive').default(1),
    /** Weekly recurrence: the number of weekly occurrences to create, this one included. */
    repeatWeeks: z.number().int().min(1).max(52).default(1),
  })
  .strict();
export type ActivityCreateInput = z.infer<typeof activityCreateBody>;

export const activityUpdateBody = z
  .object({
    title: trimmed(80).optional(),
    category: activityCategorySchema.optional(),
    topic: digitalTopicSchema.nullable().optional(),
    description: z.string().trim().max(2000).optional(),
    place: place.optional(),
    startsAt: isoTime.optional(),
    endsAt: isoTime.optional(),
    capacity: z.number().int().min(1).max(10000).optional(),
    pointsPerHour: points.refine((v) => v > 0, 'must_be_positive').optional(),
  })
  .strict();

export const activityListQuery = z
  .object({
    status: z.enum([...activityStatuses, 'upcoming']).optional(),
    from: isoTime.optional(),
    limit: intText(1, 200).default(50),
  })
  .strict();

// ---- check-in / check-out ----
export const checkinBody = z
  .object({
    code: trimmed(2000),
    /** The activity the volunteer is at; when given, the code must be this activity's. */
    activityId: idBody.optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .strict();

// ---- attendance review ----
export const confirmAttendanceBody = z
  .object({
    ids: z.array(idBody).min(1).max(500),
  })
  .strict();

export const adjustAttendanceBody = z
  .object({
    minutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    reason: trimmed(500),
  })
  .strict();

export const manualAttendanceBody = z
  .object({
    activityId: idBody,
    userId: idBody,
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    reason: trimmed(500),
    evidenceNote: trimmed(1000),
  })
  .strict();

export const reviewListQuery = z
  .object({
    activityId: idText.optional(),
    /** A district administrator may review another community of the district. */
    communityId: idText.optional(),
  })
  .strict();

export const ledgerQuery = z
  .object({
    limit: intText(1, 500).default(100),
    before: idText.optional(),
  })
  .strict();
