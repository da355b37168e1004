/** Ordering of the officer's activity list: what is on now first, then what comes next, then the past. */
import { activityLifecycle, codeWindow, moveTo, within } from '@timebank/shared';

type ActivityStatus = (typeof activityLifecycle.states)[number];

export interface ActivityTimes {
  status: string;
  startsAt: string;
  endsAt: string;
}

/** The check-in code can be shown now: published and inside the check-in/check-out window. */
export function isLive(a: ActivityTimes, nowMs: number): boolean {
  return (
    a.status === 'published' && within(new Date(nowMs), codeWindow(new Date(a.startsAt), new Date(a.endsAt)))
  );
}

/** The officer's 发布 button: only where the shared table allows publishing (a draft). */
export const canPublish = (a: { status: ActivityStatus }) =>
  moveTo(activityLifecycle, a.status, 'publish') !== null;

function rank(a: ActivityTimes, nowMs: number): number {
  if (isLive(a, nowMs)) return 0;
  if (new Date(a.endsAt).getTime() >= nowMs) return a.status === 'cancelled' ? 2 : 1;
  return 3;
}

export function sortForOfficer<T extends ActivityTimes>(list: T[], nowMs: number): T[] {
  return [...list].sort((a, b) => {
    const r = rank(a, nowMs) - rank(b, nowMs);
    if (r !== 0) return r;
    // upcoming soonest first; the past most recent first
    const byStart = a.startsAt.localeCompare(b.startsAt);
    return rank(a, nowMs) === 3 ? -byStart : byStart;
  });
}
