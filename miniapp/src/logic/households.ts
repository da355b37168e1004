/**
 * Residents in need: the DTOs, the calls (over any http client, so this stays plain TypeScript and
 * tested with ava), the forms validated with the server's zod schemas, and what each status allows.
 */

import type {
  HelpRequestConvertedDto,
  HelpRequestDto,
  HelpRequestHelperDto,
  HelpRequestHistoryDto,
  HouseholdDetailDto,
  HouseholdDto,
  HouseholdListItemDto,
  HouseholdLogDto,
  HouseholdLogEntryDto,
  HouseholdsListDto,
  HouseholdsMineDto,
  UsersVolunteersDto,
} from '@timebank/shared';
import {
  type HelpKind,
  type HelpRequestStatus,
  HOUSEHOLD_CONSENT_VERSION,
  type HouseholdCategory,
  helpRequestBody,
  helpRequestConvertBody,
  helpRequestLifecycle,
  householdCreateBody,
  householdProxyBody,
  householdUpdateBody,
  householdWithdrawBody,
  isConsentGiven,
  moveTo,
} from '@timebank/shared';
import type { z } from 'zod';
import { formatDateTime, shanghaiIso } from './format';
import { type I18nKey, type Lang, t } from './i18n';

export type { HelpRequestDto, HelpRequestHistoryDto, HouseholdDetailDto, HouseholdDto, HouseholdLogEntryDto };

/** As the API answers it (inferred from the shared response schema). */
export type HelperDto = HelpRequestHelperDto;

/** As the API answers it (inferred from the shared response schema). */
export type HouseholdSummaryDto = HouseholdListItemDto;
/** A household as its proxy sees it in `/me/households`. */
export type HouseholdMineItemDto = HouseholdsMineDto['households'][number];

/** The shape of services/http.ts's `http`, so pages pass it in and tests pass a fake. */
export interface HttpClient {
  get<T>(path: string, query?: Record<string, string | number | boolean | undefined | null>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
}

export function householdsApi(http: HttpClient) {
  return {
    // officers
    list: (status?: 'active' | 'archived') =>
      http.get<HouseholdsListDto>('/households', status ? { status } : undefined),
    get: (id: number) => http.get<HouseholdDetailDto>(`/households/${id}`),
    register: (input: z.input<typeof householdCreateBody>) => http.post<HouseholdDto>('/households', input),
    update: (id: number, patch: z.input<typeof householdUpdateBody>) =>
      http.patch<HouseholdDto>(`/households/${id}`, patch),
    withdraw: (id: number, reason: string) =>
      http.post<HouseholdDto>(`/households/${id}/withdraw-consent`, { reason }),
    log: (id: number) => http.get<HouseholdLogDto>(`/households/${id}/log`),
    addProxy: (id: number, input: z.input<typeof householdProxyBody>) =>
      http.post<unknown>(`/households/${id}/proxies`, input),
    removeProxy: (id: number, userId: number) => http.del<void>(`/households/${id}/proxies/${userId}`),
    raise: (id: number, input: z.input<typeof helpRequestBody>) =>
      http.post<HelpRequestDto>(`/households/${id}/requests`, input),
    convert: (requestId: number, input: z.input<typeof helpRequestConvertBody>) =>
      http.post<HelpRequestConvertedDto>(`/help-requests/${requestId}/convert`, input),
    complete: (requestId: number, note = '') =>
      http.post<HelpRequestDto>(`/help-requests/${requestId}/complete`, { note }),
    cancel: (requestId: number, note = '') =>
      http.post<HelpRequestDto>(`/help-requests/${requestId}/cancel`, { note }),
    volunteers: () => http.get<UsersVolunteersDto>('/volunteers'),
    // proxies
    mine: () => http.get<HouseholdsMineDto>('/me/households'),
    proxyView: (id: number) => http.get<HouseholdDetailDto>(`/me/households/${id}`),
    proxyRaise: (id: number, input: z.input<typeof helpRequestBody>) =>
      http.post<HelpRequestDto>(`/me/households/${id}/requests`, input),
    proxyCancel: (requestId: number) => http.post<HelpRequestDto>(`/me/help-requests/${requestId}/cancel`),
  };
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; message: string; field: string };

const bad = (field: string, key: I18nKey, lang: Lang): { ok: false; message: string; field: string } => ({
  ok: false,
  field,
  message: t(key, lang),
});

export interface HouseholdForm {
  label: string;
  category: HouseholdCategory;
  address: string;
  phone: string;
  notes: string;
  givenBy: string;
  agreed: boolean;
}

/** The registration, refused here already without the household's consent. */
export function buildHouseholdInput(
  f: HouseholdForm,
  now: Date,
  lang: Lang = 'zh',
): FormResult<z.input<typeof householdCreateBody>> {
  const consent: NonNullable<z.input<typeof householdCreateBody>['consent']> = {
    givenBy: f.givenBy.trim(),
    givenAt: now.toISOString(),
    version: HOUSEHOLD_CONSENT_VERSION,
    agreed: f.agreed,
  };
  if (!isConsentGiven(consent, now)) return bad('consent', 'hh.err.consent', lang);
  const input = {
    label: f.label,
    category: f.category,
    address: f.address,
    ...(f.phone.trim() ? { phone: f.phone } : {}),
    notes: f.notes,
    consent,
  };
  const parsed = householdCreateBody.safeParse(input);
  if (!parsed.success) return householdFieldError(parsed.error, lang);
  return { ok: true, value: input };
}

/** The first wrong field of a household form, with its message. */
function householdFieldError(error: z.ZodError, lang: Lang) {
  const field = String(error.issues[0]?.path[0] ?? '');
  const key: I18nKey =
    field === 'label' || field === 'address' || field === 'phone' || field === 'consent'
      ? `hh.err.${field}`
      : 'hh.err.tooLong';
  return bad(field, key, lang);
}

/** The registration form filled with a household's details, for editing them. */
export function householdFormOf(h: HouseholdDto): HouseholdForm {
  return {
    label: h.label ?? '',
    category: h.category,
    address: h.address ?? '',
    phone: h.phone ?? '',
    notes: h.notes ?? '',
    givenBy: '',
    agreed: false,
  };
}

/**
 * The changes to send (PATCH /households/:id): only what differs from the household as loaded, an
 * emptied phone as null (removed); refused here when nothing changed or a field is wrong.
 */
export function buildHouseholdPatch(
  f: HouseholdForm,
  was: HouseholdDto,
  lang: Lang = 'zh',
): FormResult<z.input<typeof householdUpdateBody>> {
  const before = householdFormOf(was);
  const patch: z.input<typeof householdUpdateBody> = {};
  if (f.label.trim() !== before.label.trim()) patch.label = f.label;
  if (f.category !== before.category) patch.category = f.category;
  if (f.address.trim() !== before.address.trim()) patch.address = f.address;
  if (f.phone.trim() !== before.phone.trim()) patch.phone = f.phone.trim() ? f.phone.trim() : null;
  if (f.notes.trim() !== before.notes.trim()) patch.notes = f.notes;
  if (Object.keys(patch).length === 0) return bad('', 'hh.err.nothingChanged', lang);
  const parsed = householdUpdateBody.safeParse(patch);
  if (!parsed.success) return householdFieldError(parsed.error, lang);
  return { ok: true, value: patch };
}

export function buildHelpRequest(
  f: { kind: HelpKind; preferredTime: string; details: string },
  lang: Lang = 'zh',
): FormResult<z.input<typeof helpRequestBody>> {
  const parsed = helpRequestBody.safeParse(f);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    return bad(field, field === 'preferredTime' ? 'hh.err.preferredTime' : 'hh.err.tooLong', lang);
  }
  return {
    ok: true,
    value: { kind: f.kind, preferredTime: f.preferredTime.trim(), details: f.details.trim() },
  };
}

export interface ConvertForm {
  title: string;
  placeName: string;
  lat: string;
  lng: string;
  date: string;
  startTime: string;
  endTime: string;
  capacity: string;
  publish: boolean;
}

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function buildConvertInput(
  f: ConvertForm,
  lang: Lang = 'zh',
): FormResult<z.input<typeof helpRequestConvertBody>> {
  const startsAt = shanghaiIso(f.date, f.startTime);
  const endsAt = shanghaiIso(f.date, f.endTime);
  const input = {
    ...(f.title.trim() ? { title: f.title.trim() } : {}),
    place: { name: f.placeName, lat: num(f.lat), lng: num(f.lng) },
    startsAt,
    endsAt,
    capacity: num(f.capacity),
    publish: f.publish,
  };
  const parsed = helpRequestConvertBody.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    if (field === 'place') return bad(field, 'hh.err.place', lang);
    if (field === 'capacity') return bad(field, 'hh.err.capacity', lang);
    if (field === 'startsAt' || field === 'endsAt') return bad(field, 'hh.err.time', lang);
    return bad(field, 'hh.err.tooLong', lang);
  }
  if (Date.parse(endsAt) <= Date.parse(startsAt)) return bad('endsAt', 'hh.err.time', lang);
  return { ok: true, value: input };
}

export function buildProxy(
  userId: number | null,
  relation: string,
  lang: Lang = 'zh',
): FormResult<z.input<typeof householdProxyBody>> {
  const parsed = householdProxyBody.safeParse({ userId, relation });
  if (!parsed.success) return bad('relation', 'hh.err.relation', lang);
  return { ok: true, value: parsed.data };
}

export function buildWithdrawal(reason: string, lang: Lang = 'zh'): FormResult<{ reason: string }> {
  const parsed = householdWithdrawBody.safeParse({ reason });
  if (!parsed.success) return bad('reason', 'hh.err.reason', lang);
  return { ok: true, value: parsed.data };
}

export type OfficerRequestAction = 'convert' | 'complete' | 'cancel';

/** The buttons an officer sees on a request, from the same transition rules the server applies. */
export function officerActions(status: HelpRequestStatus): OfficerRequestAction[] {
  const out: OfficerRequestAction[] = [];
  if (moveTo(helpRequestLifecycle, status, 'schedule')) out.push('convert');
  if (moveTo(helpRequestLifecycle, status, 'complete')) out.push('complete');
  if (moveTo(helpRequestLifecycle, status, 'cancel')) out.push('cancel');
  return out;
}

/** A proxy may withdraw a request only while it is open; once arranged, the officer decides. */
export const proxyCanCancel = (status: HelpRequestStatus) =>
  moveTo(helpRequestLifecycle, status, 'proxy_cancel') !== null;

export const statusTone = (s: HelpRequestStatus) =>
  s === 'open' ? 'amber' : s === 'scheduled' ? 'green' : 'grey';

export function categoryLabel(c: HouseholdCategory, lang: Lang = 'zh') {
  return t(`hh.cat.${c}` as I18nKey, lang);
}
export function kindLabel(k: HelpKind, lang: Lang = 'zh') {
  return t(`hh.kind.${k}` as I18nKey, lang);
}
export function statusLabel(s: HelpRequestStatus, lang: Lang = 'zh') {
  return t(`hh.status.${s}` as I18nKey, lang);
}

/** "王阿姨 · 11月25日 10:10 · 2 小时" */
export function helperLine(h: HelperDto, lang: Lang = 'zh'): string {
  return t('hh.req.helper', lang, {
    name: h.volunteer.displayName,
    at: formatDateTime(h.at),
    hours: Math.round(h.hours * 100) / 100,
  });
}

export function logLine(e: HouseholdLogEntryDto, lang: Lang = 'zh'): string {
  return t('hh.detail.logLine', lang, {
    at: formatDateTime(e.at),
    who: e.actor.displayName,
    role: t(`hh.role.${e.actorRole}` as I18nKey, lang),
    action: t(`hh.log.${e.action}` as I18nKey, lang),
  });
}

export function raisedByName(r: HelpRequestHistoryDto): string {
  return r.raisedBy.displayName;
}
