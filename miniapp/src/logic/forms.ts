/** Form state → API input, validated with the same zod schemas the server uses. */
import { type ActivityCategory, type ActivityCreateInput, activityCreateBody } from '@timebank/shared';
import { fieldLabel } from './errors';
import { pickerValues, shanghaiIso } from './format';

/**
 * Where a new activity starts out: the demo community's service centre. The officer types the real
 * place or takes the phone's position; a place name is data, so it stays in Chinese in both languages.
 */
export const DEFAULT_PLACE = { name: '紫瑞街社区党群服务中心', lat: '30.8236', lng: '104.1589' };

export interface ActivityForm {
  title: string;
  category: ActivityCategory;
  description: string;
  placeName: string;
  lat: string;
  lng: string;
  date: string;
  startTime: string;
  endTime: string;
  capacity: string;
  pointsPerHour: string;
  repeatWeeks: string;
}

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: Record<string, string>; first: string };

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** Chinese messages for the fields an officer can get wrong. */
function zhIssue(path: string, code: string): string {
  if (path === 'endsAt') return '结束时间必须晚于开始时间';
  if (code === 'too_small' || code === 'invalid_type') return `请填写${fieldLabel(path)}`;
  return `${fieldLabel(path)}格式有误`;
}

export function buildActivityInput(f: ActivityForm): FormResult<ActivityCreateInput> {
  const startsAt = shanghaiIso(f.date, f.startTime);
  const endsAt = shanghaiIso(f.date, f.endTime);
  const parsed = activityCreateBody.safeParse({
    title: f.title,
    category: f.category,
    description: f.description,
    place: { name: f.placeName, lat: num(f.lat), lng: num(f.lng) },
    startsAt,
    endsAt,
    capacity: num(f.capacity),
    pointsPerHour: num(f.pointsPerHour),
    repeatWeeks: num(f.repeatWeeks),
  });
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      if (!errors[path]) errors[path] = zhIssue(path, issue.code);
    }
  } else if (new Date(endsAt).getTime() <= new Date(startsAt).getTime()) {
    errors.endsAt = zhIssue('endsAt', 'custom');
  }
  const first = Object.values(errors)[0];
  if (first !== undefined) return { ok: false, errors, first };
  return { ok: true, value: parsed.data! };
}

/** The saving for a bill at a percentage off, in yuan with two decimals: 30 at 20% → 6. */
export function savingFor(billAmount: number, percentOff: number | null): number | null {
  if (percentOff === null || !Number.isFinite(billAmount) || billAmount <= 0) return null;
  return Math.round(billAmount * percentOff) / 100;
}

/** A money field: '' → undefined, '12.5' → 12.5, anything else → NaN (refused by the schema). */
export function parseMoney(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^\d+(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
}

/** An activity as the edit form shows it (times in Asia/Shanghai, as the pickers take them). */
export function activityFormOf(a: {
  title: string;
  category: ActivityForm['category'];
  description: string;
  place: { name: string; lat: number; lng: number };
  startsAt: string;
  endsAt: string;
  capacity: number;
  pointsPerHour: number;
}): ActivityForm {
  const start = pickerValues(Date.parse(a.startsAt));
  const end = pickerValues(Date.parse(a.endsAt));
  return {
    title: a.title,
    category: a.category,
    description: a.description,
    placeName: a.place.name,
    lat: String(a.place.lat),
    lng: String(a.place.lng),
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    capacity: String(a.capacity),
    pointsPerHour: String(a.pointsPerHour),
    repeatWeeks: '1',
  };
}

/** The PATCH body of an edit: the checked form without the weekly repeat (an edit moves one occurrence). */
export function activityPatchOf(input: ActivityCreateInput): Omit<ActivityCreateInput, 'repeatWeeks'> {
  const { repeatWeeks: _repeat, ...patch } = input;
  return patch;
}
