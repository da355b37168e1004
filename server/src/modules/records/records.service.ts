import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { fromHundredths, localDate, maskName, type ServiceRecordService, ZONE } from '@timebank/shared';
import { and, asc, eq, gt, gte, lt } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { activities } from '../activities/activities.table';
import { attendances } from '../attendance/attendance.table';
import { communities } from '../communities/communities.table';
import { findCommunity, findUserById } from '../users/users.repository';
import { renderRecordPage } from './records.page';
import { serviceRecords } from './records.table';

type RecordRow = typeof serviceRecords.$inferSelect;

/** Unambiguous characters for a code read off paper: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newVerificationCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

function codeMatches(row: RecordRow, code: string): boolean {
  const a = Buffer.from(hashCode(code), 'hex');
  const b = Buffer.from(row.codeHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** The page anyone can open to check a record: the app's public verify page, filled in. */
export const VERIFY_PAGE = '/#/packages/officer/pages/records/verify/index';

export function verifyUrl(origin: string, serial: string, code?: string) {
  const q = new URLSearchParams({ serial, ...(code ? { code } : {}) });
  return `${origin}${VERIFY_PAGE}?${q}`;
}

/**
 * The volunteer service-record certificate (志愿服务记录证明): the confirmed services of a period,
 * captured at issue with a serial and a verification code anyone can check.
 */
export function createRecordsService(deps: {
  db: Db;
  clock: Clock;
  /** Where the public verify page lives (PUBLIC_BASE_URL), never the request's Host header. */
  publicBaseUrl: string;
}) {
  const { db, clock } = deps;
  const origin = deps.publicBaseUrl.replace(/\/+$/, '');

  function present(r: RecordRow, communityName: string) {
    return {
      serial: r.serial,
      community: { id: r.communityId, name: communityName },
      userId: r.userId,
      name: r.displayedName,
      nameDisplay: r.nameDisplay,
      from: r.periodFrom,
      to: r.periodTo,
      services: r.services as ServiceRecordService[],
      totalHours: hours(r.totalMinutes),
      totalPoints: fromHundredths(r.totalPoints),
      activitiesCount: r.activitiesCount,
      issuedAt: r.createdAt.toISOString(),
    };
  }

  async function bySerial(serial: string) {
    const rows = await db
      .select({ record: serviceRecords, communityName: communities.name })
      .from(serviceRecords)
      .innerJoin(communities, eq(communities.id, serviceRecords.communityId))
      .where(eq(serviceRecords.serial, serial.trim()))
      .limit(1);
    return rows[0];
  }

  return {
    async issue(
      user: AuthUser,
      body: { from: string; to: string; nameDisplay: 'full' | 'masked'; userId?: number | undefined },
    ) {
      let holderId = user.id;
      if (user.role === 'volunteer') {
        if (body.userId !== undefined && body.userId !== user.id) fail('auth.forbidden');
      } else {
        if (body.userId === undefined)
          fail('request.invalid', [{ path: 'userId', code: 'required', message: 'volunteer_required' }]);
        holderId = body.userId;
      }
      const holder = await findUserById(db, holderId);
      if (holder?.role !== 'volunteer') fail('users.not_found');
      await authorizeResource(
        db,
        user,
        'records.issue',
        { communityId: holder.communityId, userId: holder.id },
        'users.not_found',
      );
      const community = await findCommunity(db, holder.communityId);
      if (!community) fail('communities.not_found');

      const start = new Date(`${body.from}T00:00:00+08:00`);
      const end = new Date(new Date(`${body.to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
      const rows = await db
        .select({
          activityId: activities.id,
          title: activities.title,
          startsAt: activities.startsAt,
          minutes: attendances.creditedMinutes,
          points: attendances.creditedPoints,
        })
        .from(attendances)
        .innerJoin(activities, eq(activities.id, attendances.activityId))
        .where(
          and(
            eq(attendances.userId, holder.id),
            eq(attendances.status, 'confirmed'),
            gt(attendances.creditedMinutes, 0),
            gte(activities.startsAt, start),
            lt(activities.startsAt, end),
          ),
        )
        .orderBy(asc(activities.startsAt), asc(activities.id));
      if (!rows.length) fail('records.no_service');
      const services: ServiceRecordService[] = rows.map((r) => ({
        title: r.title,
        date: localDate(r.startsAt),
        hours: hours(r.minutes ?? 0),
        points: fromHundredths(r.points ?? 0),
      }));
      const fullName = holder.realName ?? holder.displayName;
      const code = newVerificationCode();
      const values = {
        communityId: community.id,
        userId: holder.id,
        issuedBy: user.id,
        periodFrom: body.from,
        periodTo: body.to,
        nameDisplay: body.nameDisplay,
        displayedName: body.nameDisplay === 'full' ? fullName : (maskName(fullName) ?? ''),
        services,
        totalMinutes: rows.reduce((s, r) => s + (r.minutes ?? 0), 0),
        totalPoints: rows.reduce((s, r) => s + (r.points ?? 0), 0),
        activitiesCount: new Set(rows.map((r) => r.activityId)).size,
        codeHash: hashCode(code),
        createdAt: clock.now(),
      };
      const day = localDate(clock.now()).replace(/-/g, '');
      let row: RecordRow | undefined;
      // A random suffix; a collision (1 in 16 million a day) draws again.
      for (let attempt = 0; !row; attempt++) {
        const serial = `SR-${community.code}-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
        try {
          [row] = await db
            .insert(serviceRecords)
            .values({ ...values, serial })
            .returning();
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
      return {
        record: present(row, community.name),
        /** Shown once: only its hash is kept. */
        verificationCode: code,
        printPath: `/api/v1/records/${row.serial}/print?code=${code}`,
        verifyUrl: verifyUrl(origin, row.serial, code),
      };
    },

    /** The printable page, for the holder or the officers of the community, with the code from the issue. */
    async print(user: AuthUser, serial: string, code: string) {
      const found = await bySerial(serial);
      if (!found) fail('records.not_found');
      const { record, communityName } = found;
      const resource = { communityId: record.communityId, userId: record.userId };
      await authorizeResource(db, user, 'records.issue', resource, 'records.not_found');
      if (!codeMatches(record, code)) fail('records.code_mismatch');
      return renderRecordPage({
        ...present(record, communityName),
        verificationCode: code.trim().toUpperCase(),
        checkUrl: verifyUrl(origin, record.serial, code.trim().toUpperCase()),
        printedAt: clock.now(),
        zone: ZONE,
      });
    },

    /** Public: is this serial and code genuine? Only the name as printed and the totals. */
    async verify(serial: string, code: string) {
      const found = await bySerial(serial);
      if (!found || !codeMatches(found.record, code)) return { genuine: false as const };
      const r = present(found.record, found.communityName);
      return {
        genuine: true as const,
        record: {
          serial: r.serial,
          community: r.community.name,
          name: r.name,
          from: r.from,
          to: r.to,
          totalHours: r.totalHours,
          totalPoints: r.totalPoints,
          activitiesCount: r.activitiesCount,
          issuedAt: r.issuedAt,
        },
      };
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
