/**
 * Response schemas of the audit module's route (building blocks in ./common.ts).
 *
 * An entry's params, before and after are what was recorded (secrets redacted, personal fields of
 * households removed, large values summarised as `{ truncated, bytes }`): JSON of no fixed shape,
 * published as such rather than as a recursive schema.
 */
import { z } from 'zod';
import { idOut, listOut, textOut, timeOut } from './common';

/** An audit entry's id (PostgreSQL `bigint`, within JavaScript's safe integers). */
const auditIdOut = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A recorded JSON value: an object, a list, or a scalar (a streamed export is recorded as '[stream]'). */
const auditValueOut = z
  .union([
    z.record(textOut(200), z.unknown()),
    z.array(z.unknown()).max(10_000),
    textOut(20_000),
    z.number(),
    z.boolean(),
  ])
  .nullable();

export const auditEntryOut = z.strictObject({
  id: auditIdOut,
  at: timeOut,
  /** Only officers' and district administrators' requests are recorded. */
  actor: z.strictObject({ id: idOut, name: textOut(40), role: z.enum(['officer', 'district_admin']) }),
  /** The community acted upon. */
  communityId: idOut,
  /** The method and route, e.g. `POST /api/v1/merchants/:id/transitions`. */
  action: textOut(300),
  target: z.strictObject({ type: textOut(100), id: textOut(200).nullable() }),
  /** The request's path parameters, query and body, as `{ params, query, body }`. */
  params: z.record(textOut(200), z.unknown()).nullable(),
  before: auditValueOut,
  after: auditValueOut,
  requestId: textOut(64).nullable(),
});
export type AuditEntryDto = z.infer<typeof auditEntryOut>;

/** GET /audit: newest first; `nextBefore` is the `before` of the next page, null on the last one. */
export const auditListOut = z.strictObject({
  entries: listOut(auditEntryOut, 200),
  nextBefore: auditIdOut.nullable(),
});
export type AuditListDto = z.infer<typeof auditListOut>;
