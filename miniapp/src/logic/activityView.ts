/** What an activity's detail page shows besides the fields: its status badge and the map. */
import type { ActivityDto } from '@timebank/shared';
import type { I18nKey } from './i18n';

export const ACTIVITY_PAGE = '/packages/volunteer/pages/activity/index';

export type ActivityBadge = 'cancelled' | 'draft' | 'ended' | 'running' | 'full' | 'enrolled' | 'open';

/** One badge, the most important first: cancelled, ended, running now, full, enrolled, open. */
export function activityBadge(
  a: Pick<ActivityDto, 'status' | 'startsAt' | 'endsAt' | 'placesLeft' | 'enrolled'>,
  nowMs: number,
): ActivityBadge {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.status === 'draft') return 'draft';
  const start = Date.parse(a.startsAt);
  const end = Date.parse(a.endsAt);
  if (nowMs >= end) return 'ended';
  if (nowMs >= start) return 'running';
  if (a.enrolled) return 'enrolled';
  if (a.placesLeft === 0) return 'full';
  return 'open';
}

export const BADGE_LABEL: Record<ActivityBadge, I18nKey> = {
  cancelled: 'activity.badge.cancelled',
  draft: 'activity.badge.draft',
  ended: 'activity.badge.ended',
  running: 'activity.badge.running',
  full: 'activities.full',
  enrolled: 'activities.enrolled',
  open: 'activity.badge.open',
};

export const BADGE_CLASS: Record<ActivityBadge, string> = {
  cancelled: 'tag tag--grey',
  draft: 'tag tag--grey',
  ended: 'tag tag--grey',
  running: 'tag tag--amber',
  full: 'tag tag--grey',
  enrolled: 'tag tag--green',
  open: 'tag',
};

/** Whether a volunteer can still enrol (or cancel) from the detail page. */
export function canEnrol(badge: ActivityBadge): boolean {
  return badge === 'open' || badge === 'running';
}

const PI = Math.PI;
const A = 6378245.0;
const EE = 0.006693421622965943;

function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return r;
}

/**
 * WGS-84 (what the API stores, from browsers and wgs84 getLocation) → GCJ-02, the system WeChat's
 * <Map> draws in; without it the marker sits a few hundred metres off in China.
 */
export function wgsToGcj(lat: number, lng: number): { lat: number; lng: number } {
  if (outOfChina(lat, lng)) return { lat, lng };
  let dLat = transformLat(lng - 105, lat - 35);
  let dLng = transformLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  dLng = (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

/** The H5 map: Amap's public marker page (it converts WGS-84 itself), opened in a new tab. */
export function mapLink(place: { name: string; lat: number; lng: number }): string {
  const q = [
    `position=${place.lng.toFixed(6)},${place.lat.toFixed(6)}`,
    `name=${encodeURIComponent(place.name)}`,
    'coordinate=wgs84',
    'callnative=0',
  ];
  return `https://uri.amap.com/marker?${q.join('&')}`;
}

/** Within this many minutes of the end, an open check-in is reminded to check out. */
export const CHECKOUT_REMINDER_MINUTES = 15;

/**
 * An open check-in as the check-in page shows it after a reload: 'soon' within the last minutes of
 * the activity (or after its end, while checking out is still possible), else 'open'.
 */
export function checkoutState(endsAt: string, nowMs: number): 'open' | 'soon' {
  return Date.parse(endsAt) - nowMs <= CHECKOUT_REMINDER_MINUTES * 60_000 ? 'soon' : 'open';
}
