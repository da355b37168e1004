/** Response schemas of the cases module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { idOut, listOut, textOut, timeOut } from './common';

const caseFields = {
  id: idOut,
  kind: z.enum(['refused_discount', 'lent_certificate']),
  status: z.enum(['open', 'closed']),
  merchant: z.strictObject({ id: idOut, name: textOut(80) }).nullable(),
  verificationId: idOut.nullable(),
  /** The holder a lent-certificate case is about. */
  subjectUserId: idOut.nullable(),
  reporterId: idOut,
  description: textOut(1000),
  resolution: z.enum(['upheld', 'dismissed']).nullable(),
  outcome: textOut(1000).nullable(),
  createdAt: timeOut,
  closedAt: timeOut.nullable(),
};

/** POST /reports: the case the report became. */
export const caseOut = z.strictObject(caseFields);
export type CaseDto = z.infer<typeof caseOut>;

/** GET /me/reports: my reports, without whom a case is about. */
const { subjectUserId: _subject, ...reportFields } = caseFields;
export const caseMineOut = z.strictObject(reportFields);
export type CaseMineDto = z.infer<typeof caseMineOut>;
export const casesMineOut = z.strictObject({ cases: listOut(caseMineOut) });

/** A reporter or subject as officers see them, by name. */
export const casePersonOut = z.strictObject({
  id: idOut,
  displayName: textOut(100),
  realName: textOut(100).nullable(),
});
const officerFields = {
  ...caseFields,
  reporter: casePersonOut.nullable(),
  subject: casePersonOut.nullable(),
};

/** GET /cases. */
export const caseListItemOut = z.strictObject(officerFields);
export type CaseListItemDto = z.infer<typeof caseListItemOut>;
export const casesListOut = z.strictObject({ cases: listOut(caseListItemOut) });

/** GET /cases/:id, and what adding a note or closing answers. */
export const caseNoteOut = z.strictObject({
  id: idOut,
  note: textOut(1000),
  author: textOut(100),
  at: timeOut,
});
export type CaseNoteDto = z.infer<typeof caseNoteOut>;
export const caseDetailOut = z.strictObject({ ...officerFields, notes: listOut(caseNoteOut) });
export type CaseDetailDto = z.infer<typeof caseDetailOut>;

// Types of the answers above that had none.
export type CasesMineDto = z.infer<typeof casesMineOut>;
export type CasePersonDto = z.infer<typeof casePersonOut>;
export type CasesListDto = z.infer<typeof casesListOut>;
