import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** All calendar logic runs in the community's zone. */
export const ZONE = 'Asia/Shanghai';

export function inZone(t: Date | string | number) {
  return dayjs(t).tz(ZONE);
}

/** The same local time `weeks` weeks later, in Asia/Shanghai. */
export function addWeeks(t: Date, weeks: number): Date {
  return inZone(t).add(weeks, 'week').toDate();
}

/** A local calendar date, YYYY-MM-DD, in Asia/Shanghai. */
export function localDate(t: Date): string {
  return inZone(t).format('YYYY-MM-DD');
}

export { dayjs };
