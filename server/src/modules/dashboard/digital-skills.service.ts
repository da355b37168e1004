import { dayjs, localDate, ZONE } from '@timebank/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { communities } from '../communities/communities.table';
import { ledgerEntries } from '../ledger/ledger.table';
import { findCommunity } from '../users/users.repository';

const zone = sql.raw(`'${ZONE}'`);

interface Tally {
  /** Occurrences held (each weekly session counts). */
  sessions: number;
  /** Distinct courses: a weekly series counts once. */
  courses: number;
  /** People at sessions: check-ins and officers' entries, one per person and session. */
  attendances: number;
  /** Distinct people who came. */
  people: number;
  /** Service hours credited through the ledger (adjustments and corrections included). */
  hours: number;
}

interface SessionRow {
  id: number;
  communityId: number;
  seriesId: string | null;
  topic: string | null;
  month: string;
}

function tally(sessions: SessionRow[], people: Map<number, number[]>, minutes: Map<number, number>): Tally {
  const who = new Set<number>();
  let attendances = 0;
  let mins = 0;
  for (const s of sessions) {
    const p = people.get(s.id) ?? [];
    attendances += p.length;
    for (const u of p) who.add(u);
    mins += minutes.get(s.id) ?? 0;
  }
  return {
    sessions: sessions.length,
    courses: new Set(sessions.map((s) => s.seriesId ?? `a${s.id}`)).size,
    attendances,
    people: who.size,
    hours: Math.round((mins / 60) * 100) / 100,
  };
}

/**
 * Digital-skills help (Quang Ninh): sessions held, people who came, hours, by month and by topic.
 * Officers see their community; a district administrator one community or the whole district.
 */
export function createDigitalSkillsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function scope(user: AuthUser, communityId?: number) {
    if (communityId !== undefined) {
      await authorizeCommunity(db, user, 'dashboard.read', communityId);
      const c = await findCommunity(db, communityId);
      return c ? [{ id: c.id, name: c.name }] : [];
    }
    if (user.role === 'district_admin') {
      const mine = await findCommunity(db, user.communityId);
      if (!mine) return [];
      return db
        .select({ id: communities.id, name: communities.name })
        .from(communities)
        .where(eq(communities.districtId, mine.districtId))
        .orderBy(communities.id);
    }
    const c = await findCommunity(db, user.communityId);
    return c ? [{ id: c.id, name: c.name }] : [];
  }

  return {
    async stats(
      user: AuthUser,
      query: { communityId?: number | undefined; from?: string | undefined; to?: string | undefined },
    ) {
      const now = clock.now();
      const to = query.to ?? localDate(now);
      // Plain calendar arithmetic on a date string: no zone is involved once `to` is a local date.
      const from = query.from ?? dayjs(to).startOf('month').subtract(11, 'month').format('YYYY-MM-DD');
      const list = await scope(user, query.communityId);
      const ids = list.map((c) => c.id);
      const localDay = sql`(${activities.startsAt} AT TIME ZONE ${zone})::date`;
      const month = sql<string>`to_char(${activities.startsAt} AT TIME ZONE ${zone}, 'YYYY-MM')`;
      const sessions: SessionRow[] = ids.length
        ? await db
            .select({
              id: activities.id,
              communityId: activities.communityId,
              seriesId: activities.seriesId,
              topic: activities.topic,
              month,
            })
            .from(activities)
            .where(
              and(
                inArray(activities.communityId, ids),
                eq(activities.category, 'digital_skills'),
                eq(activities.status, 'published'),
                sql`${activities.endsAt} <= ${now}`,
                sql`${localDay} BETWEEN ${from}::date AND ${to}::date`,
              ),
            )
            .orderBy(activities.startsAt)
        : [];
      const sessionIds = sessions.map((s) => s.id);
      const people = new Map<number, number[]>();
      const minutes = new Map<number, number>();
      if (sessionIds.length) {
        const came = await db
          .select({ activityId: attendances.activityId, userId: attendances.userId })
          .from(attendances)
          .where(inArray(attendances.activityId, sessionIds));
        for (const r of came) people.set(r.activityId, [...(people.get(r.activityId) ?? []), r.userId]);
        const credited = await db
          .select({
            activityId: ledgerEntries.activityId,
            minutes: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)`.mapWith(Number),
          })
          .from(ledgerEntries)
          .where(inArray(ledgerEntries.activityId, sessionIds))
          .groupBy(ledgerEntries.activityId);
        for (const r of credited) if (r.activityId !== null) minutes.set(r.activityId, r.minutes);
      }

      // Every month of the period, empty ones included, so a chart has no gaps.
      const months: string[] = [];
      for (
        let m = dayjs(from).startOf('month');
        m.format('YYYY-MM') <= to.slice(0, 7);
        m = m.add(1, 'month')
      ) {
        months.push(m.format('YYYY-MM'));
      }
      const topics = [...new Set(sessions.map((s) => s.topic ?? 'unspecified'))].sort();
      return {
        generatedAt: now.toISOString(),
        from,
        to,
        totals: tally(sessions, people, minutes),
        byMonth: months.map((m) => ({
          month: m,
          ...tally(
            sessions.filter((s) => s.month === m),
            people,
            minutes,
          ),
        })),
        byTopic: topics.map((topic) => ({
          topic,
          ...tally(
            sessions.filter((s) => (s.topic ?? 'unspecified') === topic),
            people,
            minutes,
          ),
        })),
        byCommunity: list.map((c) => ({
          community: c,
          ...tally(
            sessions.filter((s) => s.communityId === c.id),
            people,
            minutes,
          ),
        })),
      };
    },
  };
}

export type DigitalSkillsService = ReturnType<typeof createDigitalSkillsService>;
