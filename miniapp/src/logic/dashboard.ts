/** 社区概况 for officers: bars scaled for a chart drawn with plain views, and the numbers as text. */
import { formatHours } from './format';

export interface Bar {
  key: string;
  label: string;
  value: number;
  valueText: string;
  /** Height in percent of the tallest bar (0 when all are zero). */
  heightPct: number;
}

/** "2026-11-16" → "11/16". */
export function weekLabel(start: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(start);
  return m ? `${Number(m[1])}/${Number(m[2])}` : start;
}

export function hoursBars(weeks: { start: string; hours: number }[], last = 8): Bar[] {
  const shown = weeks.slice(-last);
  const max = Math.max(0, ...shown.map((w) => w.hours));
  return shown.map((w) => ({
    key: w.start,
    label: weekLabel(w.start),
    value: w.hours,
    valueText: w.hours ? String(Math.round(w.hours * 10) / 10) : '0',
    heightPct: max > 0 ? Math.round((w.hours / max) * 100) : 0,
  }));
}

/** 0.857 → "86%"; null (nobody enrolled) → "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

export function totalHours(weeks: { hours: number }[]): string {
  return formatHours(weeks.reduce((s, w) => s + w.hours, 0));
}

/** Statuses in a fixed order with their Chinese labels; statuses with no rows show 0. */
export function tallyRows(
  tally: Record<string, number>,
  labels: Record<string, string>,
): { status: string; label: string; n: number }[] {
  return Object.keys(labels).map((status) => ({ status, label: labels[status]!, n: tally[status] ?? 0 }));
}
