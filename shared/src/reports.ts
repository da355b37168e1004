import { z } from 'zod';
import { idBody, idText, intText, isoDate } from './primitives';

/** Reports: exports for officers, the volunteer service-record certificate, the audit log. */

const DAY = 24 * 3600_000;
/** Longest period an export or a service record may cover. */
export const MAX_REPORT_DAYS = 366;

const period = { from: isoDate, to: isoDate };
type Period = { from: string; to: string };
const inOrder: [(p: Period) => boolean, { message: string; path: string[] }] = [
  (p) => p.from <= p.to,
  { message: 'from_after_to', path: ['to'] },
];
const notTooLong: [(p: Period) => boolean, { message: string; path: string[] }] = [
  (p) => Date.parse(p.to) - Date.parse(p.from) < MAX_REPORT_DAYS * DAY,
  { message: 'period_too_long', path: ['to'] },
];

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Exports cover local (Asia/Shanghai) dates; a district administrator names one of its communities. */
export const exportQuery = z
  .object({ ...period, format: z.enum(exportFormats).default('csv'), communityId: idText.optional() })
  .strict()
  .refine(...inOrder)
  .refine(...notTooLong);
export const ledgerExportQuery = z
  .object({ ...period, format: z.enum(['csv']).default('csv'), communityId: idText.optional() })
  .strict()
  .refine(...inOrder)
  .refine(...notTooLong);

// ---- the volunteer service-record certificate (志愿服务记录证明) ----
export const nameDisplays = ['full', 'masked'] as const;
export const serviceRecordBody = z
  .object({
    ...period,
    nameDisplay: z.enum(nameDisplays).default('masked'),
    /** An officer issues for a volunteer of the community; a volunteer only for themself. */
    userId: idBody.optional(),
  })
  .strict()
  .refine(...inOrder)
  .refine(...notTooLong);
export const recordSerialParam = z.object({ serial: z.string().trim().min(1).max(40) }).strict();
/** The verification code, shown once at issue; the print page shows it again when given. */
export const recordPrintQuery = z.object({ code: z.string().trim().min(1).max(40) }).strict();
export const recordVerifyQuery = z
  .object({ serial: z.string().trim().min(1).max(40), code: z.string().trim().min(1).max(40) })
  .strict();

export interface ServiceRecordService {
  title: string;
  date: string;
  hours: number;
  points: number;
}

// ---- the audit log ----
export const auditQuery = z
  .object({
    actorId: idText.optional(),
    /** Part of the action, e.g. `POST /merchants` or `transitions`. */
    action: z.string().trim().min(1).max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    communityId: idText.optional(),
    limit: intText(1, 200).default(50),
    /** Keyset paging: entries older than this id. */
    before: idText.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from_after_to', path: ['to'] });
