/**
 * Building blocks of the response schemas: what the API answers, as it goes on the wire (JSON).
 * Objects are strict (a field the schema does not name is a leak the test-time check catches),
 * strings and lists are bounded, so the published document is a contract a generator can trust.
 */
import { z } from 'zod';

import { INT32_MAX } from '../primitives';

export { INT32_MAX };

/** A row id (PostgreSQL `integer` serial). */
export const idOut = z.number().int().min(1).max(INT32_MAX);
/** A count, or any non-negative whole number that fits a PostgreSQL integer. */
export const countOut = z.number().int().min(0).max(INT32_MAX);
/** Points as decimal numbers with at most two places (the server stores hundredths). */
export const pointsOut = z.number().min(-1e9).max(1e9);
/** A point in time as ISO 8601 with an offset (JSON of a Date: `2026-11-25T02:00:00.000Z`). */
export const timeOut = z.iso.datetime({ offset: true }).max(40);
/** A calendar date `YYYY-MM-DD` (Asia/Shanghai). */
export const dateOut = z.iso.date().max(10);
/** Text of at most `max` characters. */
export const textOut = (max = 2000) => z.string().max(max);
/** A list of at most `max` items. */
export const listOut = <T extends z.ZodType>(item: T, max = 10_000) => z.array(item).max(max);
/** A place with coordinates. */
export const placeOut = z.strictObject({
  name: textOut(200),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
/** `{ ok: true }`-style acknowledgements. */
export const okOut = z.strictObject({ ok: z.literal(true) });
