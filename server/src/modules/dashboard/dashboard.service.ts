import { fromHundredths, ZONE } from '@timebank/shared';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
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

type Tally = Record<string, number>;

/** Week (Monday) and month starts of a local date 'YYYY-MM-DD', as date_trunc gives them. */
function weekStart(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** Sums daily rows into periods, oldest first. */
function rollUp(days: Array<{ day: string; minutes: number; points: number }>, start: (d: string) => string) {
  const by = new Map<string, { minutes: number; points: number }>();
  for (const d of days) {
    const k = start(d.day);
    const b = by.get(k) ?? { minutes: 0, points: 0 };
    b.minutes += d.minutes;
    b.points += d.points;
    by.set(k, b);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, b]) => ({
      start: k,
      hours: Math.round((b.minutes / 60) * 100) / 100,
      points: fromHundredths(b.points),
    }));
}

/**
 * A community at a glance, for its officers; a district administrator sees its communities side by
 * side. Every figure is one grouped query over all the communities asked for (the district view costs
 * the same number of queries as one community), and the service series are summed per local day in
 * the database and rolled up into weeks and months here (docs/scale.md).
 */
export function createDashboardService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function summaries(ids: number[]) {
    const now = clock.now();
    const since30 = new Date(now.getTime() - 30 * DAY);
    const since90 = new Date(now.getTime() - 90 * DAY);
    const since26w = new Date(now.getTime() - 26 * 7 * DAY);
    const registered = await db
      .select({ c: users.communityId, n: count })
      .from(users)
      .where(and(inArray(users.communityId, ids), eq(users.role, 'volunteer')))
      .groupBy(users.communityId);
    const active = await db
      .select({
        c: attendances.communityId,
        d30: sql<number>`count(DISTINCT ${attendances.userId}) FILTER (WHERE ${attendances.createdAt} >= ${since30})`.mapWith(
          Number,
        ),
        d90: sql<number>`count(DISTINCT ${attendances.userId})`.mapWith(Number),
      })
      .from(attendances)
      .where(and(inArray(attendances.communityId, ids), gte(attendances.createdAt, since90)))
      .groupBy(attendances.communityId);
    const localDay = sql`date_trunc('day', ${ledgerEntries.createdAt} AT TIME ZONE ${zone})`;
    const days = await db
      .select({
        c: ledgerEntries.communityId,
        day: sql<string>`to_char(${localDay}, 'YYYY-MM-DD')`,
        minutes: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)`.mapWith(Number),
        points: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)`.mapWith(Number),
      })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.communityId, ids), gte(ledgerEntries.createdAt, since26w)))
      .groupBy(ledgerEntries.communityId, localDay);
    // Activities that ended in the last 90 days, each with its attendances counted once: the held,
    // expected and attended figures all come from this one pass.
    const ended = db
      .select({
        c: activities.communityId,
        status: activities.status,
        category: activities.category,
        enrolled: activities.enrolledCount,
        // Qualified by hand: drizzle writes a lone "id" here, which inside the subquery would mean
        // attendances.id (uncorrelated: wrong counts and a scan per activity).
        attended:
          sql<number>`(SELECT count(*) FROM attendances a WHERE a.activity_id = "activities"."id")`.as(
            'attended',
          ),
      })
      .from(activities)
      .where(
        and(
          inArray(activities.communityId, ids),
          sql`${activities.endsAt} <= ${now}`,
          gte(activities.endsAt, since90),
        ),
      )
      .as('ended');
    const published = sql`${ended.status} = 'published'`;
    const held = await db
      .select({
        c: ended.c,
        held: sql<number>`count(*) FILTER (WHERE ${published})`.mapWith(Number),
        // Expected attendance: the enrolled, or more when officers added people who had not enrolled.
        places:
          sql<number>`coalesce(sum(greatest(${ended.enrolled}, ${ended.attended})) FILTER (WHERE ${published}), 0)`.mapWith(
            Number,
          ),
        digital:
          sql<number>`count(*) FILTER (WHERE ${published} AND ${ended.category} = 'digital_skills')`.mapWith(
            Number,
          ),
        // Attended counts every attendance of the period's activities, whatever the activity's status.
        attended: sql<number>`coalesce(sum(${ended.attended}), 0)`.mapWith(Number),
      })
      .from(ended)
      .groupBy(ended.c);
    const certs = await db
      .select({ c: certificates.communityId, status: certificates.status, n: count })
      .from(certificates)
      .where(inArray(certificates.communityId, ids))
      .groupBy(certificates.communityId, certificates.status);
    const shops = await db
      .select({ c: merchants.communityId, status: merchants.status, n: count })
      .from(merchants)
      .where(inArray(merchants.communityId, ids))
      .groupBy(merchants.communityId, merchants.status);
    const byMerchant = await db
      .select({
        c: merchants.communityId,
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
      .where(inArray(merchants.communityId, ids))
      .groupBy(merchants.id, merchants.name)
      .orderBy(merchants.id);
    const openCases = await db
      .select({ c: cases.communityId, n: count })
      .from(cases)
      .where(and(inArray(cases.communityId, ids), eq(cases.status, 'open')))
      .groupBy(cases.communityId);

    const one = <T extends { c: number }>(rows: T[]) => new Map(rows.map((r) => [r.c, r]));
    const many = <T extends { c: number }>(rows: T[]) => {
      const m = new Map<number, T[]>();
      for (const r of rows) m.set(r.c, [...(m.get(r.c) ?? []), r]);
      return m;
    };
    const tally = (rows: { status: string; n: number }[] = []): Tally =>
      Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const [reg, act, day, hel, cer, sho, mer, cas] = [
      one(registered),
      one(active),
      many(days),
      one(held),
      many(certs),
      many(shops),
      many(byMerchant),
      one(openCases),
    ];
    return new Map(
      ids.map((id) => {
        const h = hel.get(id);
        const placesTaken = h?.places ?? 0;
        const attendedN = h?.attended ?? 0;
        const daily = day.get(id) ?? [];
        return [
          id,
          {
            volunteers: {
              registered: reg.get(id)?.n ?? 0,
              active30d: act.get(id)?.d30 ?? 0,
              active90d: act.get(id)?.d90 ?? 0,
            },
            service: { byWeek: rollUp(daily, weekStart), byMonth: rollUp(daily, monthStart) },
            activities: {
              held90d: h?.held ?? 0,
              digitalSkillsHeld90d: h?.digital ?? 0,
              enrolled90d: placesTaken,
              attended90d: attendedN,
              attendanceRate: placesTaken ? Math.round((attendedN / placesTaken) * 1000) / 1000 : null,
            },
            certificates: { active: 0, suspended: 0, revoked: 0, ...tally(cer.get(id)) },
            merchants: tally(sho.get(id)),
            merchantChecks90d: (mer.get(id) ?? []).map(({ c: _c, ...m }) => ({
              ...m,
              savingCents: undefined,
              savingTotal: fromHundredths(m.savingCents),
            })),
            openCases: cas.get(id)?.n ?? 0,
          },
        ] as const;
      }),
    );
  }

  async function community(communityId: number) {
    return (await summaries([communityId])).get(communityId)!;
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
      const all = list.length ? await summaries(list.map((c) => c.id)) : new Map();
      const rows = list.map((c) => ({ community: { id: c.id, name: c.name }, ...all.get(c.id)! }));
      return { generatedAt: clock.now().toISOString(), communities: rows };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
