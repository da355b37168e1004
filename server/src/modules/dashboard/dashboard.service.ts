import { fromHundredths, type MerchantStatus, merchantStatuses, ZONE } from '@timebank/shared';
import { and, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { cases } from '../cases/cases.table';
import { certificateAppeals, certificates } from '../certificates/certificates.table';
import { communities } from '../communities/communities.table';
import { ledgerEntries } from '../ledger/ledger.table';
import { merchants } from '../merchants/merchants.table';
import { discounts, verifications } from '../till/till.table';
import { profileChanges } from '../users/profile-changes.table';
import { findCommunity } from '../users/users.repository';
import { users } from '../users/users.table';
import { ledgerDaily } from './dashboard.table';

const DAY = 24 * 3600_000;
const zone = sql.raw(`'${ZONE}'`);
const count = sql<number>`count(*)`.mapWith(Number);

type Tally = Record<string, number>;
/** Every merchant status, so a status no merchant has is counted 0 rather than left out. */
const noMerchants = Object.fromEntries(merchantStatuses.map((s) => [s, 0])) as Record<MerchantStatus, number>;

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
    const registeredQ = db
      .select({ c: users.communityId, n: count })
      .from(users)
      .where(and(inArray(users.communityId, ids), eq(users.role, 'volunteer')))
      .groupBy(users.communityId);
    // Each volunteer once per community with their latest attendance, then counted: a hash
    // aggregate, where count(DISTINCT …) sorted every group (district of 100 communities, 310k
    // attendances in 90 days: 316 → 95 ms).
    const perVolunteer = db
      .select({
        c: attendances.communityId,
        last: sql<Date>`max(${attendances.createdAt})`.as('last'),
      })
      .from(attendances)
      .where(and(inArray(attendances.communityId, ids), gte(attendances.createdAt, since90)))
      .groupBy(attendances.communityId, attendances.userId)
      .as('per_volunteer');
    const activeQ = db
      .select({
        c: perVolunteer.c,
        d30: sql<number>`count(*) FILTER (WHERE ${perVolunteer.last} >= ${since30})`.mapWith(Number),
        d90: sql<number>`count(*)`.mapWith(Number),
      })
      .from(perVolunteer)
      .groupBy(perVolunteer.c);
    // The service series: whole local days from the daily rollup (ledger_daily), and the lines of
    // the first, partial day (from since26w to the next local midnight) summed directly, so the
    // figures are exactly those of a GROUP BY over the lines since since26w; then summed into weeks
    // (Monday) and months in the database, a few rows per community.
    const since = sql`${since26w.toISOString()}::timestamptz`;
    const firstDay = sql`(${since} AT TIME ZONE ${zone})::date`;
    const idList = sql.join(
      ids.map((id) => sql`${id}::int`),
      sql`, `,
    );
    const seriesQ = db.execute(sql`
      WITH d AS (
        SELECT community_id AS c, day, minutes, amount FROM ${ledgerDaily}
         WHERE community_id IN (${idList}) AND day > ${firstDay}
        UNION ALL
        SELECT community_id, ${firstDay}, sum(minutes), sum(amount) FROM ${ledgerEntries}
         WHERE community_id IN (${idList}) AND created_at >= ${since}
           AND created_at < ((${firstDay} + 1)::timestamp AT TIME ZONE ${zone})
         GROUP BY community_id
      )
      SELECT c, 'week' AS unit, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS start,
             sum(minutes) AS minutes, sum(amount) AS points FROM d GROUP BY c, start
      UNION ALL
      SELECT c, 'month', to_char(date_trunc('month', day::timestamp), 'YYYY-MM-DD'),
             sum(minutes), sum(amount) FROM d GROUP BY 1, 3
      ORDER BY 1, 2, 3`);
    // Activities that ended in the last 90 days (index on community and end), each with its
    // attendance records as the database counts them (activities.attended_count, kept by a trigger:
    // counting attendances per activity here cost 60,000 index probes for a district of 100
    // communities): the held, expected and attended figures all come from this one pass.
    const ended = db
      .select({
        c: activities.communityId,
        status: activities.status,
        category: activities.category,
        enrolled: activities.enrolledCount,
        attended: activities.attendedCount,
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
    // Without JIT: for the district its estimated cost passes jit_above_cost, and compiling took
    // longer than the query itself (docs/scale.md). SET LOCAL needs a transaction (read-only here).
    const heldQ = db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL jit = off`);
      return tx
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
    });
    const certsQ = db
      .select({ c: certificates.communityId, status: certificates.status, n: count })
      .from(certificates)
      .where(inArray(certificates.communityId, ids))
      .groupBy(certificates.communityId, certificates.status);
    const shopsQ = db
      .select({ c: merchants.communityId, status: merchants.status, n: count })
      .from(merchants)
      .where(inArray(merchants.communityId, ids))
      .groupBy(merchants.communityId, merchants.status);
    const byMerchantQ = db
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
      // A voided record counts nowhere; a corrected one with its corrected amounts.
      .leftJoin(discounts, and(eq(discounts.verificationId, verifications.id), isNull(discounts.voidedAt)))
      .where(inArray(merchants.communityId, ids))
      .groupBy(merchants.id, merchants.name)
      .orderBy(merchants.id);
    const openCasesQ = db
      .select({ c: cases.communityId, n: count })
      .from(cases)
      .where(and(inArray(cases.communityId, ids), eq(cases.status, 'open')))
      .groupBy(cases.communityId);

    // The figures are independent: asked for all at once, over several pooled connections.
    const [registered, active, seriesResult, held, certs, shops, byMerchant, openCases] = await Promise.all([
      registeredQ,
      activeQ,
      seriesQ,
      heldQ,
      certsQ,
      shopsQ,
      byMerchantQ,
      openCasesQ,
    ]);
    const series = (seriesResult as unknown as { rows: Array<Record<string, unknown>> }).rows.map((r) => ({
      c: Number(r.c),
      unit: String(r.unit),
      start: String(r.start),
      hours: Math.round((Number(r.minutes) / 60) * 100) / 100,
      points: fromHundredths(Number(r.points)),
    }));

    const one = <T extends { c: number }>(rows: T[]) => new Map(rows.map((r) => [r.c, r]));
    const many = <T extends { c: number }>(rows: T[]) => {
      const m = new Map<number, T[]>();
      for (const r of rows) {
        const list = m.get(r.c);
        if (list) list.push(r);
        else m.set(r.c, [r]);
      }
      return m;
    };
    const tally = (rows: { status: string; n: number }[] = []): Tally =>
      Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const [reg, act, day, hel, cer, sho, mer, cas] = [
      one(registered),
      one(active),
      many(series),
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
        const periods = (unit: string) =>
          (day.get(id) ?? [])
            .filter((p) => p.unit === unit)
            .map(({ start, hours, points }) => ({ start, hours, points }));
        return [
          id,
          {
            volunteers: {
              registered: reg.get(id)?.n ?? 0,
              active30d: act.get(id)?.d30 ?? 0,
              active90d: act.get(id)?.d90 ?? 0,
            },
            service: { byWeek: periods('week'), byMonth: periods('month') },
            activities: {
              held90d: h?.held ?? 0,
              digitalSkillsHeld90d: h?.digital ?? 0,
              enrolled90d: placesTaken,
              attended90d: attendedN,
              attendanceRate: placesTaken ? Math.round((attendedN / placesTaken) * 1000) / 1000 : null,
            },
            certificates: { active: 0, suspended: 0, revoked: 0, ...tally(cer.get(id)) },
            merchants: { ...noMerchants, ...tally(sho.get(id)) },
            merchantChecks90d: (mer.get(id) ?? []).map(({ c: _c, savingCents, ...m }) => ({
              ...m,
              savingTotal: fromHundredths(savingCents),
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
      await authorizeCommunity(db, user, 'dashboard.read', id);
      const c = await findCommunity(db, id);
      return {
        community: { id, name: c?.name ?? '' },
        generatedAt: clock.now().toISOString(),
        ...(await community(id)),
      };
    },

    /** The desk's counts: the same rules as the lists they open (the review list's, cases', appeals'). */
    async pending(user: AuthUser, communityId?: number) {
      const id = communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'dashboard.read', id);
      const now = clock.now();
      const [review, applications, open, appeals, changes] = await Promise.all([
        db
          .select({ n: count })
          .from(attendances)
          .innerJoin(activities, eq(activities.id, attendances.activityId))
          .where(
            and(
              eq(attendances.communityId, id),
              ne(attendances.status, 'confirmed'),
              or(eq(attendances.status, 'checked_out'), lte(activities.endsAt, now)),
            ),
          ),
        db
          .select({ n: count })
          .from(merchants)
          .where(and(eq(merchants.communityId, id), eq(merchants.status, 'applied'))),
        db
          .select({ n: count })
          .from(cases)
          .where(and(eq(cases.communityId, id), eq(cases.status, 'open'))),
        db
          .select({ n: count })
          .from(certificateAppeals)
          .innerJoin(certificates, eq(certificates.id, certificateAppeals.certificateId))
          .where(and(eq(certificates.communityId, id), eq(certificateAppeals.status, 'pending'))),
        db
          .select({ n: count })
          .from(profileChanges)
          .where(and(eq(profileChanges.communityId, id), eq(profileChanges.status, 'pending'))),
      ]);
      return {
        communityId: id,
        review: review[0]?.n ?? 0,
        applications: applications[0]?.n ?? 0,
        cases: open[0]?.n ?? 0,
        appeals: appeals[0]?.n ?? 0,
        profileChanges: changes[0]?.n ?? 0,
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
