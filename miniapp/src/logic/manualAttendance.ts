/**
 * 补录出勤: an officer adds attendance for someone without a phone. The form is checked here field by
 * field (the server's own schema decides), and the server's refusals are put next to their field.
 */
import { manualAttendanceBody } from '@timebank/shared';
import type { z } from 'zod';
import { type Lang, t } from './i18n';

export type ManualField = 'volunteer' | 'minutes' | 'reason' | 'evidenceNote';
export type ManualBody = z.output<typeof manualAttendanceBody>;

export interface ManualForm {
  activityId: number;
  volunteerId: number | null;
  minutes: string;
  reason: string;
  evidenceNote: string;
}

export type ManualBuilt =
  | { ok: true; value: ManualBody }
  | { ok: false; errors: Partial<Record<ManualField, string>>; first: string };

/** The body of POST /attendance/manual, or every field's problem in the user's language. */
export function buildManualAttendance(f: ManualForm, lang: Lang): ManualBuilt {
  const errors: Partial<Record<ManualField, string>> = {};
  if (f.volunteerId === null) errors.volunteer = t('manual.needVolunteer', lang);
  const minutesText = f.minutes.trim();
  const minutes = /^\d+$/.test(minutesText) ? Number(minutesText) : Number.NaN;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) {
    errors.minutes = t('manual.badMinutes', lang);
  }
  if (!f.reason.trim()) errors.reason = t('manual.needReason', lang);
  if (!f.evidenceNote.trim()) errors.evidenceNote = t('manual.needEvidence', lang);
  const first = Object.values(errors)[0];
  if (first) return { ok: false, errors, first };
  const parsed = manualAttendanceBody.safeParse({
    activityId: f.activityId,
    userId: f.volunteerId,
    minutes,
    reason: f.reason,
    evidenceNote: f.evidenceNote,
  });
  if (!parsed.success) {
    const path = String(parsed.error.issues[0]?.path[0] ?? '');
    const field: ManualField =
      path === 'reason' || path === 'evidenceNote' || path === 'minutes' ? path : 'volunteer';
    const message = t('manual.tooLong', lang);
    return { ok: false, errors: { [field]: message }, first: message };
  }
  return { ok: true, value: parsed.data };
}

/** The field a refusal of POST /attendance/manual is about, or null for the whole form. */
export function manualFieldFor(code: string, details?: unknown): ManualField | null {
  switch (code) {
    case 'users.not_found':
    case 'attendance.self_credit':
    case 'attendance.already_exists':
    case 'attendance.not_volunteer':
      return 'volunteer';
    case 'attendance.too_long':
      return 'minutes';
    case 'request.invalid': {
      const first = Array.isArray(details) ? (details[0] as { path?: unknown } | undefined) : undefined;
      if (first?.path === 'userId') return 'volunteer';
      if (first?.path === 'minutes' || first?.path === 'reason' || first?.path === 'evidenceNote')
        return first.path;
      return null;
    }
    default:
      return null;
  }
}
