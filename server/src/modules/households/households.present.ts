import type {
  HelpKind,
  HelpRequestConvertInput,
  HouseholdCategory,
  householdConsentSchema,
} from '@timebank/shared';
import type { z } from 'zod';
import type { helpRequests, households } from './households.table';

export type HouseholdRow = typeof households.$inferSelect;
export type RequestRow = typeof helpRequests.$inferSelect;
export type ActorRole = 'officer' | 'proxy';

export interface HouseholdInput {
  label: string;
  category: HouseholdCategory;
  address: string;
  phone?: string | undefined;
  notes: string;
  consent?: z.output<typeof householdConsentSchema> | undefined;
}

export interface HouseholdPatch {
  label?: string | undefined;
  category?: HouseholdCategory | undefined;
  address?: string | undefined;
  phone?: string | null | undefined;
  notes?: string | undefined;
}

export interface HelpRequestInput {
  kind: HelpKind;
  preferredTime: string;
  details: string;
}

export type ConvertInput = Required<
  Pick<HelpRequestConvertInput, 'place' | 'startsAt' | 'endsAt' | 'capacity' | 'pointsPerHour' | 'publish'>
> &
  Pick<HelpRequestConvertInput, 'title' | 'category' | 'description'>;

/** Officers see everything of their household; proxies the label, category and address only. */
export function presentHousehold(h: HouseholdRow, view: ActorRole) {
  const base = {
    id: h.id,
    status: h.status,
    category: h.category,
    label: h.label,
    address: h.address,
  };
  if (view === 'proxy') return base;
  return {
    ...base,
    communityId: h.communityId,
    phone: h.phone,
    notes: h.notes,
    consent: {
      givenBy: h.consentGivenBy,
      givenAt: h.consentGivenAt.toISOString(),
      version: h.consentVersion,
      recordedBy: h.consentRecordedBy,
    },
    withdrawnAt: h.withdrawnAt?.toISOString() ?? null,
    withdrawalReason: h.withdrawalReason,
    createdAt: h.createdAt.toISOString(),
  };
}

export function presentRequest(r: RequestRow) {
  return {
    id: r.id,
    householdId: r.householdId,
    kind: r.kind,
    preferredTime: r.preferredTime,
    details: r.details,
    status: r.status,
    raisedBy: r.raisedBy,
    raisedAs: r.raisedAs,
    activityId: r.activityId,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    closeNote: r.closeNote,
    createdAt: r.createdAt.toISOString(),
  };
}

export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
