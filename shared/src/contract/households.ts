/**
 * Response schemas of the households module's routes (building blocks in ./common.ts).
 *
 * Personal data is split by who looks: an officer of the household's community sees the whole
 * record (phone, notes, consent); a proxy sees the label, category and address only. Both objects
 * are strict, so a field that leaks into a proxy's answer fails the test-time check.
 */
import { z } from 'zod';
import {
  helpKinds,
  helpRequestStatuses,
  householdCategories,
  householdConsentVersions,
  householdLogActions,
  householdStatuses,
} from '../households';
import { activityStatuses } from '../schemas';
import { activityOut } from './activities';
import { countOut, idOut, listOut, textOut, timeOut } from './common';

/** Who acted on a household: its community's officer, or one of its proxies. */
const householdActorRoleOut = z.enum(['officer', 'proxy']);
const displayNameOut = textOut(40);
const personOut = z.strictObject({ id: idOut, displayName: displayNameOut });
/** Hours as decimal numbers with at most two places. */
const hoursOut = z.number().min(0).max(1e7);

/** What a proxy may see of a household it acts for (always an active one). */
export const householdProxyViewOut = z.strictObject({
  id: idOut,
  status: z.literal('active'),
  category: z.enum(householdCategories),
  label: textOut(40),
  address: textOut(120),
});
export type HouseholdProxyViewDto = z.infer<typeof householdProxyViewOut>;

/** The whole record, for an officer of its community; personal fields are null once archived. */
export const householdOut = z.strictObject({
  id: idOut,
  status: z.enum(householdStatuses),
  category: z.enum(householdCategories),
  label: textOut(40).nullable(),
  address: textOut(120).nullable(),
  communityId: idOut,
  phone: textOut(20).nullable(),
  notes: textOut(500).nullable(),
  consent: z.strictObject({
    givenBy: textOut(60),
    givenAt: timeOut,
    version: z.enum(householdConsentVersions),
    recordedBy: idOut,
  }),
  withdrawnAt: timeOut.nullable(),
  withdrawalReason: textOut(500).nullable(),
  createdAt: timeOut,
});
export type HouseholdDto = z.infer<typeof householdOut>;

/** GET /households: the community's households with their pending requests counted. */
export const householdsListOut = z.strictObject({
  households: listOut(householdOut.extend({ openRequests: countOut, scheduledRequests: countOut })),
});
export type HouseholdsListDto = z.infer<typeof householdsListOut>;
export type HouseholdListItemDto = HouseholdsListDto['households'][number];

/** A help request as stored (answers of raise, complete and cancel). */
export const helpRequestOut = z.strictObject({
  id: idOut,
  householdId: idOut,
  kind: z.enum(helpKinds),
  preferredTime: textOut(80),
  /** Cleared ('') once the household withdraws its consent. */
  details: textOut(1000),
  status: z.enum(helpRequestStatuses),
  raisedBy: idOut,
  raisedAs: householdActorRoleOut,
  activityId: idOut.nullable(),
  scheduledAt: timeOut.nullable(),
  closedAt: timeOut.nullable(),
  closeNote: textOut(500).nullable(),
  createdAt: timeOut,
});
export type HelpRequestDto = z.infer<typeof helpRequestOut>;

/** A request in the household's history: who raised it, its activity and who helped, with hours. */
export const helpRequestHistoryOut = helpRequestOut.extend({
  raisedBy: personOut,
  activity: z
    .strictObject({
      id: idOut,
      title: textOut(80),
      startsAt: timeOut,
      endsAt: timeOut,
      status: z.enum(activityStatuses),
    })
    .nullable(),
  helpers: listOut(
    z.strictObject({
      volunteer: personOut,
      at: timeOut,
      minutes: countOut,
      hours: hoursOut,
      confirmedAt: timeOut.nullable(),
    }),
    10_000,
  ),
});
export type HelpRequestHistoryDto = z.infer<typeof helpRequestHistoryOut>;
export type HelpRequestHelperDto = HelpRequestHistoryDto['helpers'][number];

const householdHistorySummaryOut = z.strictObject({
  requests: countOut,
  done: countOut,
  visits: countOut,
  helpers: countOut,
  hours: hoursOut,
});

/** GET /households/:id: the officer's view, with the household's proxies. */
export const householdDetailOut = z.strictObject({
  household: householdOut,
  proxies: listOut(
    z.strictObject({
      userId: idOut,
      displayName: displayNameOut,
      relation: textOut(30),
      addedAt: timeOut,
    }),
    1000,
  ),
  requests: listOut(helpRequestHistoryOut),
  summary: householdHistorySummaryOut,
});
export type HouseholdDetailDto = z.infer<typeof householdDetailOut>;

/** GET /me/households/:id: the proxy's view — no phone, notes, consent or list of proxies. */
export const householdProxyDetailOut = z.strictObject({
  household: householdProxyViewOut,
  requests: listOut(helpRequestHistoryOut),
  summary: householdHistorySummaryOut,
});
export type HouseholdProxyDetailDto = z.infer<typeof householdProxyDetailOut>;

/** GET /me/households: the households I am a proxy for, with how I relate to each. */
export const householdsMineOut = z.strictObject({
  households: listOut(householdProxyViewOut.extend({ relation: textOut(30) }), 1000),
});
export type HouseholdsMineDto = z.infer<typeof householdsMineOut>;

/** GET /households/:id/log: who did what and when, newest first (the last 500 lines). */
export const householdLogOut = z.strictObject({
  entries: listOut(
    z.strictObject({
      id: idOut,
      at: timeOut,
      actor: personOut,
      actorRole: householdActorRoleOut,
      action: z.enum(householdLogActions),
      requestId: idOut.nullable(),
    }),
    500,
  ),
});
export type HouseholdLogDto = z.infer<typeof householdLogOut>;
export type HouseholdLogEntryDto = HouseholdLogDto['entries'][number];

/** POST /households/:id/proxies: the proxy just registered. */
export const householdProxyAddedOut = z.strictObject({
  householdId: idOut,
  userId: idOut,
  displayName: displayNameOut,
  relation: textOut(30),
});
export type HouseholdProxyAddedDto = z.infer<typeof householdProxyAddedOut>;

/** GET /help-requests: the community's requests, newest first (at most 200), with their household. */
export const helpRequestsListOut = z.strictObject({
  requests: listOut(
    helpRequestOut.extend({
      household: z.strictObject({
        id: idOut,
        /** Null once the household withdrew its consent. */
        label: textOut(40).nullable(),
        category: z.enum(householdCategories),
      }),
    }),
    200,
  ),
});
export type HelpRequestsListDto = z.infer<typeof helpRequestsListOut>;

/** POST /help-requests/:id/convert: the request, now scheduled, and its activity. */
export const helpRequestConvertedOut = z.strictObject({
  request: helpRequestOut,
  /** The volunteer activity it was turned into, as the activities routes present it. */
  activity: activityOut,
});
export type HelpRequestConvertedDto = z.infer<typeof helpRequestConvertedOut>;
