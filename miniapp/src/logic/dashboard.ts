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

/** One community in the district administrator's side-by-side view. */
export interface DistrictRow {
  id: number;
  name: string;
  registered: number;
  active30d: number;
  hours: number;
  hoursText: string;
  /** Bar width in percent of the community with the most hours (0 when none has any). */
  widthPct: number;
  rate: string;
  certificates: number;
  merchants: number;
  openCases: number;
}

/**
 * The district's communities side by side, most hours of service first: hours over the weeks the
 * dashboard covers, active volunteers, attendance, valid certificates, shops in the alliance
 * (active or warned) and open reports.
 */
export function districtRows(
  communities: {
    community: { id: number; name: string };
    volunteers: { registered: number; active30d: number };
    service: { byWeek: { hours: number }[] };
    activities: { attendanceRate: number | null };
    certificates: Record<string, number>;
    merchants: Record<string, number>;
    openCases: number;
  }[],
): DistrictRow[] {
  const rows = communities.map((c) => {
    const hours = c.service.byWeek.reduce((s, w) => s + w.hours, 0);
    return {
      id: c.community.id,
      name: c.community.name,
      registered: c.volunteers.registered,
      active30d: c.volunteers.active30d,
      hours,
      hoursText: formatHours(hours),
      widthPct: 0,
      rate: formatRate(c.activities.attendanceRate),
      certificates: c.certificates.active ?? 0,
      merchants: (c.merchants.active ?? 0) + (c.merchants.warned ?? 0),
      openCases: c.openCases,
    };
  });
  const max = Math.max(0, ...rows.map((r) => r.hours));
  for (const r of rows) r.widthPct = max > 0 ? Math.round((r.hours / max) * 100) : 0;
  return rows.sort((a, b) => b.hours - a.hours || a.id - b.id);
}
