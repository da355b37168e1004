import { fromHundredths, ZONE } from '@timebank/shared';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { cases } from '../cases/cases.table';
import { certificates } from '../certificates/certificates.table';
import { communities } from '../communities/communities.table';
import { ledgerEntries } from '../ledger/ledger.table';
import { merchants } from '../merchants/merchants.table';
import { discounts, verifications } from '../till/till.table';
import { assertManages } from '../users/scope';
import { findCommunity } from '../users/users.repository';
import { users } from '../users/users.table';

const DAY = 24 * 3600_000;
const zone = sql.raw(`'${ZONE}'`);
const count = sql<number>`count(*)`.mapWith(Number);

/** A community at a glance, for its officers; a district administrator sees its communities side by side. */
export function createDashboardService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function community(communityId: number) {
    const now = clock.now();
    const since30 = new Date(now.getTime() - 30 * DAY);
    const since90 = new Date(now.getTime() - 90 * DAY);
    const since26w = new Date(now.getTime() - 26 * 7 * DAY);
    const [registered] = await db
      .select({ n: count })
      .from(users)
      .where(and(eq(users.communityId, communityId), eq(users.role, 'volunteer')));
    const active = async (since: Date) => {
      const [r] = await db
        .select({ n: sql<number>`count(DISTINCT ${attendances.userId})`.mapWith(Number) })
        .from(attendances)
        .where(and(eq(attendances.communityId, communityId), gte(attendances.createdAt, since)));
      return r?.n ?? 0;
    };
    const period = (unit: 'week' | 'month') => {
      const bucket = sql<string>`to_char(date_trunc(${sql.raw(`'${unit}'`)}, ${ledgerEntries.createdAt} AT TIME ZONE ${zone}), 'YYYY-MM-DD')`;
      return db
        .select({
          start: bucket,
          minutes: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)`.mapWith(Number),
          points: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)`.mapWith(Number),
        })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.communityId, communityId), gte(ledgerEntries.createdAt, since26w)))
        .groupBy(bucket)
        .orderBy(bucket);
    };
    const [weeks, months] = await Promise.all([period('week'), period('month')]);
    const [held] = await db
      .select({
        held: count,
        // Expected attendance: the enrolled, or more when officers added people who had not enrolled.
        places:
          sql<number>`coalesce(sum(greatest(${activities.enrolledCount}, (SELECT count(*) FROM attendances a WHERE a.activity_id = ${activities.id}))), 0)`.mapWith(
            Number,
          ),
        digital: sql<number>`count(*) FILTER (WHERE ${activities.category} = 'digital_skills')`.mapWith(
          Number,
        ),
      })
      .from(activities)
      .where(
        and(
          eq(activities.communityId, communityId),
          eq(activities.status, 'published'),
          sql`${activities.endsAt} <= ${now}`,
          gte(activities.endsAt, since90),
        ),
      );
    const [attended] = await db
      .select({ n: count })
      .from(attendances)
      .innerJoin(activities, eq(activities.id, attendances.activityId))
      .where(
        and(
          eq(attendances.communityId, communityId),
          sql`${activities.endsAt} <= ${now}`,
          gte(activities.endsAt, since90),
        ),
      );
    const certs = await db
      .select({ status: certificates.status, n: count })
      .from(certificates)
      .where(eq(certificates.communityId, communityId))
      .groupBy(certificates.status);
    const shops = await db
      .select({ status: merchants.status, n: count })
      .from(merchants)
      .where(eq(merchants.communityId, communityId))
      .groupBy(merchants.status);
    const byMerchant = await db
      .select({
        merchantId: merchants.id,
        name: merchants.name,
        checks:
          sql<number>`count(${verifications.id}) FILTER (WHERE ${verifications.result} = 'valid')`.mapWith(
            Number,
          ),
        discounts: sql<number>`count(${discounts.id})`.mapWith(Number),
        savingCents: sql<number>`coalesce(sum(${discounts.savingCents}), 0)`.mapWith(Number),
      })
      .from(merchants)
      .leftJoin(
        verifications,
        and(eq(verifications.merchantId, merchants.id), gte(verifications.createdAt, since90)),
      )
      .leftJoin(discounts, eq(discounts.verificationId, verifications.id))
      .where(eq(merchants.communityId, communityId))
      .groupBy(merchants.id, merchants.name)
      .orderBy(merchants.id);
    const [openCases] = await db
      .select({ n: count })
      .from(cases)
      .where(and(eq(cases.communityId, communityId), eq(cases.status, 'open')));
    const tally = (rows: { status: string; n: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const placesTaken = held?.places ?? 0;
    return {
      volunteers: {
        registered: registered?.n ?? 0,
        active30d: await active(since30),
        active90d: await active(since90),
      },
      service: {
        byWeek: weeks.map((w) => ({
          start: w.start,
          hours: Math.round((w.minutes / 60) * 100) / 100,
          points: fromHundredths(w.points),
        })),
        byMonth: months.map((m) => ({
          start: m.start,
          hours: Math.round((m.minutes / 60) * 100) / 100,
          points: fromHundredths(m.points),
        })),
      },
      activities: {
        held90d: held?.held ?? 0,
        digitalSkillsHeld90d: held?.digital ?? 0,
        enrolled90d: placesTaken,
        attended90d: attended?.n ?? 0,
        attendanceRate: placesTaken ? Math.round(((attended?.n ?? 0) / placesTaken) * 1000) / 1000 : null,
      },
      certificates: { active: 0, suspended: 0, revoked: 0, ...tally(certs) },
      merchants: tally(shops),
      merchantChecks90d: byMerchant.map((m) => ({
        ...m,
        savingCents: undefined,
        savingTotal: fromHundredths(m.savingCents),
      })),
      openCases: openCases?.n ?? 0,
    };
  }

  return {
    async forCommunity(user: AuthUser, communityId?: number) {
      const id = communityId ?? user.communityId;
      await assertManages(db, user, id);
      const c = await findCommunity(db, id);
      return {
        community: { id, name: c?.name ?? '' },
        generatedAt: clock.now().toISOString(),
        ...(await community(id)),
      };
    },

    /** The communities of the administrator's district, side by side. */
    async forDistrict(user: AuthUser) {
      const mine = await findCommunity(db, user.communityId);
      const list = await db
        .select()
        .from(communities)
        .where(eq(communities.districtId, mine!.districtId))
        .orderBy(communities.id);
      const rows = [];
      for (const c of list) rows.push({ community: { id: c.id, name: c.name }, ...(await community(c.id)) });
      return { generatedAt: clock.now().toISOString(), communities: rows };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
