/**
 * Response schemas of the dashboard routes: the community and district dashboards and the
 * digital-skills statistics (building blocks in ./common.ts). Figures only: no person is named.
 */
import { z } from 'zod';
import { merchantStatuses } from '../alliance';
import { digitalTopics } from '../products';
import { certificateStatuses } from '../schemas';
import { countOut, dateOut, idOut, listOut, pointsOut, textOut, timeOut } from './common';

/** Hours as decimal numbers with at most two places; a period's corrections can make them negative. */
const hoursOut = z.number().min(-1e9).max(1e9);
const communityRefOut = z.strictObject({ id: idOut, name: textOut(200) });
const seriesOut = listOut(z.strictObject({ start: dateOut, hours: hoursOut, points: pointsOut }), 400);
const byStatus = <T extends readonly [string, ...string[]]>(statuses: T) =>
  z.strictObject(
    Object.fromEntries(statuses.map((s) => [s, countOut])) as { [K in T[number]]: typeof countOut },
  );

/** A community's figures (the community dashboard without its header; a row of the district's). */
const dashboardFigures = {
  volunteers: z.strictObject({ registered: countOut, active30d: countOut, active90d: countOut }),
  /** Service credited through the ledger over the last 26 weeks, by week (Monday) and by month. */
  service: z.strictObject({ byWeek: seriesOut, byMonth: seriesOut }),
  /** Activities that ended in the last 90 days. */
  activities: z.strictObject({
    held90d: countOut,
    digitalSkillsHeld90d: countOut,
    enrolled90d: countOut,
    attended90d: countOut,
    /** Attended over expected, three places; null when nobody was expected. */
    attendanceRate: z.number().min(0).max(1e6).nullable(),
  }),
  certificates: byStatus(certificateStatuses),
  /** Merchants by status, every status counted. */
  merchants: byStatus(merchantStatuses),
  /** Each of the community's merchants: valid checks, discounts and savings in the last 90 days. */
  merchantChecks90d: listOut(
    z.strictObject({
      merchantId: idOut,
      name: textOut(80),
      checks: countOut,
      discounts: countOut,
      /** Yuan saved by residents. */
      savingTotal: pointsOut,
    }),
  ),
  openCases: countOut,
};

/** GET /dashboard: one community at a glance. */
export const dashboardOut = z.strictObject({
  community: communityRefOut,
  generatedAt: timeOut,
  ...dashboardFigures,
});
export type DashboardDto = z.infer<typeof dashboardOut>;

/** GET /dashboard/district: the district's communities side by side. */
export const dashboardDistrictOut = z.strictObject({
  generatedAt: timeOut,
  communities: listOut(z.strictObject({ community: communityRefOut, ...dashboardFigures }), 1000),
});
export type DashboardDistrictDto = z.infer<typeof dashboardDistrictOut>;
export type DashboardDistrictRowDto = DashboardDistrictDto['communities'][number];

/** Digital-skills help of a set of sessions. */
const digitalTally = {
  /** Occurrences held (each weekly session counts). */
  sessions: countOut,
  /** Distinct courses: a weekly series counts once. */
  courses: countOut,
  /** People at sessions, one per person and session. */
  attendances: countOut,
  /** Distinct people who came. */
  people: countOut,
  /** Service hours credited through the ledger. */
  hours: hoursOut,
};

/** GET /dashboard/digital-skills: by month (every month of the period), topic and community. */
export const dashboardDigitalSkillsOut = z.strictObject({
  generatedAt: timeOut,
  from: dateOut,
  to: dateOut,
  totals: z.strictObject(digitalTally),
  byMonth: listOut(
    z.strictObject({
      month: z
        .string()
        .regex(/^\d{4}-\d{2}$/)
        .max(7),
      ...digitalTally,
    }),
    1200,
  ),
  /** Sessions without a topic are counted under 'unspecified'. */
  byTopic: listOut(z.strictObject({ topic: z.enum([...digitalTopics, 'unspecified']), ...digitalTally }), 20),
  byCommunity: listOut(z.strictObject({ community: communityRefOut, ...digitalTally }), 1000),
});
export type DashboardDigitalSkillsDto = z.infer<typeof dashboardDigitalSkillsOut>;

/** GET /dashboard/pending: what waits for the officer, counted for the desk's tiles. */
export const dashboardPendingOut = z.strictObject({
  communityId: idOut,
  /** Attendance to confirm: checked out, or the activity has ended. */
  review: countOut,
  /** Shops that applied and wait for vetting. */
  applications: countOut,
  /** Open cases (reports about shops or lent certificates). */
  cases: countOut,
  /** Certificate appeals waiting for a decision. */
  appeals: countOut,
  /** Certified volunteers' new photos or real names waiting for approval. */
  profileChanges: countOut,
});
export type DashboardPendingDto = z.infer<typeof dashboardPendingOut>;
