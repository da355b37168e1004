/**
 * Formatting for the screens: points, hours, dates in the community's zone, distances, labels.
 * Pure and clock-free so it runs under ava and in WeChat (no Intl time zones needed: China has no DST,
 * so Asia/Shanghai is always UTC+8).
 */
import type { ActivityCategory, AttendanceFlag } from '@timebank/shared';
import type { Lang } from './i18n';
import {
  ACTIVITY_CATEGORY,
  ATTENDANCE_FLAG,
  CERTIFICATE_STATUS,
  inLang,
  MERCHANT_CATEGORY,
  MERCHANT_TAG,
} from './labels';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The wall-clock parts of an instant in Asia/Shanghai. */
export function shanghaiParts(t: string | number | Date) {
  const d = new Date(new Date(t).getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** 2026-11-25 → "11月25日 周三" */
export function formatDay(t: string | number | Date): string {
  const p = shanghaiParts(t);
  return `${p.month}月${p.day}日 周${WEEKDAYS[p.weekday]}`;
}

export function formatClock(t: string | number | Date): string {
  const p = shanghaiParts(t);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

export function formatDateTime(t: string | number | Date): string {
  return `${formatDay(t)} ${formatClock(t)}`;
}

/** "11月25日 周三 09:00–11:00", or with both days when it spans midnight. */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const sameDay = formatDay(startsAt) === formatDay(endsAt);
  return sameDay
    ? `${formatDay(startsAt)} ${formatClock(startsAt)}–${formatClock(endsAt)}`
    : `${formatDateTime(startsAt)} – ${formatDateTime(endsAt)}`;
}

/** YYYY-MM-DD and HH:mm (as the pickers give them) in Asia/Shanghai → an ISO time with offset. */
export function shanghaiIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** Today's date and a time in Asia/Shanghai, as the pickers want them. */
export function pickerValues(nowMs: number, addMinutes = 0) {
  const p = shanghaiParts(nowMs + addMinutes * 60_000);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Points travel as decimals with at most two places: 2 → "2", 1.5 → "1.5", 0.25 → "0.25". */
export function formatPoints(points: number): string {
  const rounded = Math.round(points * 100) / 100;
  return String(rounded);
}

/** +2 / −1.5 for ledger lines (a real minus sign reads better in large type). */
export function formatSignedPoints(points: number): string {
  if (points > 0) return `+${formatPoints(points)}`;
  if (points < 0) return `−${formatPoints(-points)}`;
  return '0';
}

/** 90 → "1小时30分钟", 120 → "2小时", 45 → "45分钟". */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (h === 0) return `${r}分钟`;
  return r === 0 ? `${h}小时` : `${h}小时${r}分钟`;
}

/** Lifetime hours as a number with at most one decimal: 2.5 → "2.5". */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 10) / 10);
}

export function formatDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined) return '';
  if (metres < 1000) return `${Math.round(metres)}米`;
  return `${(metres / 1000).toFixed(1).replace(/\.0$/, '')}公里`;
}

export const categoryLabels: Record<ActivityCategory, string> = inLang(ACTIVITY_CATEGORY, 'zh');
export const merchantCategoryLabels: Record<string, string> = inLang(MERCHANT_CATEGORY, 'zh');
export const merchantTagLabels: Record<string, string> = inLang(MERCHANT_TAG, 'zh');
export const flagLabels: Record<AttendanceFlag, string> = inLang(ATTENDANCE_FLAG, 'zh');
export const certificateStatusLabels: Record<string, string> = inLang(CERTIFICATE_STATUS, 'zh');

export function levelLabel(level: number, lang: Lang = 'zh'): string {
  if (lang === 'en') return level <= 0 ? 'No certificate' : `${'★'.repeat(Math.min(level, 5))} volunteer`;
  return ['未获证', '一星志愿者', '二星志愿者', '三星志愿者'][level] ?? `${level}星志愿者`;
}

export const ledgerKindLabels: Record<string, string> = {
  earn: '获得积分',
  correction: '积分更正',
};
