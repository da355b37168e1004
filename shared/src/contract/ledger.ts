/** Response schemas of the ledger module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { certificateStatuses } from '../schemas';
import { INT32_MAX, idOut, listOut, pointsOut, textOut, timeOut } from './common';

export const ledgerKinds = ['earn', 'correction'] as const;
/** What a line is for: an attendance, an officer's correction of one, a merchant's sponsored bonus. */
export const ledgerSources = ['attendance', 'adjustment', 'sponsorship'] as const;

/** Ledger line ids are PostgreSQL bigint, read as JavaScript numbers. */
const lineIdOut = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const ledgerLineOut = z.strictObject({
  id: lineIdOut,
  /** Signed points; zero only in a correction of minutes alone. */
  amount: pointsOut,
  /** Signed minutes of service. */
  minutes: z.number().int().min(-INT32_MAX).max(INT32_MAX),
  kind: z.enum(ledgerKinds),
  reason: textOut(1200),
  source: z.strictObject({ type: z.enum(ledgerSources), id: idOut }),
  activity: z.strictObject({ id: idOut, title: textOut(80), startsAt: timeOut }).nullable(),
  balanceAfter: pointsOut,
  createdAt: timeOut,
});
export type LedgerLineDto = z.infer<typeof ledgerLineOut>;

/** GET /me/ledger and /volunteers/:id/ledger: balance, progress to the certificate, newest lines first. */
export const ledgerStatementOut = z.strictObject({
  balance: pointsOut,
  lifetimeEarned: pointsOut,
  lifetimeHours: z
    .number()
    .min(0)
    .max(INT32_MAX / 60),
  certificate: z.strictObject({
    threshold: pointsOut,
    remaining: pointsOut,
    issued: z.boolean(),
    status: z.enum(certificateStatuses).nullable(),
  }),
  lines: listOut(ledgerLineOut, 500),
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: lineIdOut.nullable(),
});
export type LedgerStatementDto = z.infer<typeof ledgerStatementOut>;
