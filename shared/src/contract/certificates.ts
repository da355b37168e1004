/** Response schemas of the certificates module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { certificateStatuses } from '../schemas';
import { dateOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

export const certificateStatusOut = z.enum(certificateStatuses);
/** Every change a certificate's history records. */
export const certificateEventActions = [
  'issue',
  'suspend',
  'reinstate',
  'revoke',
  'appeal_overturned',
] as const;
export const certificateAppealStatuses = ['pending', 'upheld', 'overturned'] as const;

/** `SQ001-2026-000042`: the community's code, the year of issue, a number within the community. */
const serialOut = textOut(60);
/** Level 1 at the threshold, 2 at ten times it, 3 at fifty times (`certificateLevel`). */
const levelOut = z.number().int().min(1).max(3);
/** The reason the holder sees: an officer's (500 characters) or an appeal decision's note (1000). */
const reasonOut = textOut(1000);

/** GET /me/certificate: the holder's certificate as shown to a merchant. */
export const certificateOut = z.strictObject({
  serial: serialOut,
  holder: z.strictObject({
    displayName: textOut(40),
    realName: textOut(40).nullable(),
    photoRef: textOut(500).nullable(),
  }),
  community: z.strictObject({ id: idOut, name: textOut(200) }),
  level: levelOut,
  issuedAt: timeOut,
  /** The day of issue in Asia/Shanghai. */
  issuedOn: dateOut,
  status: certificateStatusOut,
  statusReason: reasonOut.nullable(),
});
export type CertificateDto = z.infer<typeof certificateOut>;

/** A certificate in the officers' list. */
export const certificateAdminOut = z.strictObject({
  id: idOut,
  serial: serialOut,
  holder: z.strictObject({ id: idOut, displayName: textOut(40), realName: textOut(40).nullable() }),
  level: levelOut,
  status: certificateStatusOut,
  statusReason: reasonOut.nullable(),
  issuedAt: timeOut,
  lifetimeEarned: pointsOut,
});
export type CertificateAdminDto = z.infer<typeof certificateAdminOut>;

/** GET /certificates. */
export const certificatesListOut = z.strictObject({ certificates: listOut(certificateAdminOut, 100_000) });
export type CertificatesListDto = z.infer<typeof certificatesListOut>;

/** POST /certificates/:id/status. */
export const certificateStatusResultOut = z.strictObject({
  id: idOut,
  serial: serialOut,
  status: certificateStatusOut,
  statusReason: reasonOut.nullable(),
});
export type CertificateStatusResultDto = z.infer<typeof certificateStatusResultOut>;

/** POST /me/certificate/appeal. */
export const certificateAppealOut = z.strictObject({
  id: idOut,
  status: z.enum(certificateAppealStatuses),
  text: textOut(1000),
  createdAt: timeOut,
});
export type CertificateAppealDto = z.infer<typeof certificateAppealOut>;

/** GET /me/certificate/history: every status change, the appeal, and whether one may be made. */
export const certificateHistoryOut = z.strictObject({
  events: listOut(
    z.strictObject({
      action: z.enum(certificateEventActions),
      from: certificateStatusOut.nullable(),
      to: certificateStatusOut,
      reason: reasonOut,
      at: timeOut,
    }),
  ),
  appeal: z
    .strictObject({
      status: z.enum(certificateAppealStatuses),
      text: textOut(1000),
      decisionNote: textOut(1000).nullable(),
      decidedAt: timeOut.nullable(),
    })
    .nullable(),
  canAppeal: z.boolean(),
});
export type CertificateHistoryDto = z.infer<typeof certificateHistoryOut>;

/** POST /certificates/:id/appeal/decision. */
export const certificateAppealDecisionOut = z.strictObject({
  id: idOut,
  status: certificateStatusOut,
  appeal: z.strictObject({ status: z.enum(['upheld', 'overturned']), note: textOut(1000) }),
});
export type CertificateAppealDecisionDto = z.infer<typeof certificateAppealDecisionOut>;

// Types of the answers above that had none.
export type CertificateStatusDto = z.infer<typeof certificateStatusOut>;
