/** Attendance review: exceptions first, and which lines can be confirmed together. */
/** As the API answers it (inferred from the shared response schema). */
import type { AttendanceDto } from '@timebank/shared';
import { formatClock, formatMinutes, formatPoints } from './format';
import type { Lang } from './i18n';
import { ATTENDANCE_FLAG, labelOf } from './labels';

export type { AttendanceDto };

export const isException = (a: AttendanceDto) => a.flags.length > 0;

/** Exceptions first (the server already orders them; keep it stable here too), then by check-in. */
export function sortForReview(items: AttendanceDto[]): AttendanceDto[] {
  return [...items].sort((a, b) => {
    const ex = Number(isException(b)) - Number(isException(a));
    if (ex !== 0) return ex;
    return (a.checkInAt ?? '').localeCompare(b.checkInAt ?? '');
  });
}

/** Lines that a plain confirm can take: not yet confirmed and without flags (exceptions need a decision). */
export function confirmable(items: AttendanceDto[]): number[] {
  return items.filter((a) => a.status !== 'confirmed' && !isException(a)).map((a) => a.id);
}

export function reviewLineView(a: AttendanceDto, lang: Lang = 'zh') {
  const en = lang === 'en';
  const name =
    a.volunteer.realName ||
    a.volunteer.displayName ||
    (en ? `Volunteer ${a.volunteer.id}` : `志愿者${a.volunteer.id}`);
  const times = en
    ? [
        a.checkInAt ? `in ${formatClock(a.checkInAt)}` : 'not checked in',
        a.checkOutAt ? `out ${formatClock(a.checkOutAt)}` : 'not checked out',
      ].join(' · ')
    : [
        a.checkInAt ? `签到 ${formatClock(a.checkInAt)}` : '未签到',
        a.checkOutAt ? `签退 ${formatClock(a.checkOutAt)}` : '未签退',
      ].join(' · ');
  return {
    id: a.id,
    name,
    activityTitle: a.activity.title,
    times,
    flags: a.flags.map((f) => labelOf(ATTENDANCE_FLAG, f, lang)),
    proposal: en
      ? a.status === 'confirmed'
        ? `Confirmed ${a.creditedMinutes ?? 0} min, ${formatPoints(a.creditedPoints ?? 0)} points`
        : `Proposed ${a.proposedMinutes} min, ${formatPoints(a.proposedPoints)} points`
      : a.status === 'confirmed'
        ? `已确认 ${formatMinutes(a.creditedMinutes ?? 0)}，${formatPoints(a.creditedPoints ?? 0)} 积分`
        : `建议 ${formatMinutes(a.proposedMinutes)}，${formatPoints(a.proposedPoints)} 积分`,
    confirmed: a.status === 'confirmed',
    exception: isException(a),
  };
}

export function toggleSelection(selected: number[], id: number): number[] {
  return selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id];
}
