/** Response schemas of the activities module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { digitalTopicSchema } from '../products';
import { CODE_ROTATION_SECONDS } from '../rules';
import { activityCategorySchema, activityStatuses } from '../schemas';
import { countOut, idOut, listOut, placeOut, pointsOut, textOut, timeOut } from './common';

/** An activity as everyone who may see it sees it. */
export const activityOut = z.strictObject({
  id: idOut,
  communityId: idOut,
  /** Occurrences of one weekly recurrence share it; null for a one-off. */
  seriesId: z.uuid().max(36).nullable(),
  title: textOut(80),
  category: activityCategorySchema,
  /** What a digital-skills session teaches; null for every other category. */
  topic: digitalTopicSchema.nullable(),
  description: textOut(2000),
  place: placeOut,
  startsAt: timeOut,
  endsAt: timeOut,
  capacity: z.number().int().min(1).max(10_000),
  enrolledCount: countOut,
  placesLeft: countOut,
  pointsPerHour: pointsOut,
  status: z.enum(activityStatuses),
  /** Only in answers to volunteers: whether they are enrolled. */
  enrolled: z.boolean().optional(),
});
export type ActivityDto = z.infer<typeof activityOut>;

/** POST /activities: the first occurrence, and every occurrence created (repeatWeeks). */
export const activityCreatedOut = z.strictObject({
  activity: activityOut,
  occurrences: listOut(activityOut, 52),
});
export type ActivityCreatedDto = z.infer<typeof activityCreatedOut>;

/** GET /activities (at most the query's limit, 200). */
export const activitiesListOut = z.strictObject({ activities: listOut(activityOut, 200) });
export type ActivitiesListDto = z.infer<typeof activitiesListOut>;

/** GET /activities/:id/checkin-code: what the officer's screen shows, renewed every slot. */
export const activityCheckinCodeOut = z.strictObject({
  activityId: idOut,
  /** The long signed form (a JWT), still accepted. */
  code: textOut(2000),
  /** What the QR code carries: `TBC.<activity id>.<6 digits>`. */
  shortCode: z
    .string()
    .max(40)
    .regex(/^TBC\.[1-9]\d{0,9}\.\d{6}$/),
  /** For typing by hand after choosing the activity. */
  digits: z
    .string()
    .max(6)
    .regex(/^\d{6}$/),
  issuedAt: timeOut,
  expiresAt: timeOut,
  refreshAt: timeOut,
  refreshInSeconds: z.number().int().min(1).max(CODE_ROTATION_SECONDS),
});
export type ActivityCheckinCodeDto = z.infer<typeof activityCheckinCodeOut>;
