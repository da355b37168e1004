import { timingSafeEqual } from 'node:crypto';
import {
  type AcceptanceSide,
  honours,
  isMerchantInAlliance,
  isSelfDealing,
  maskName,
  parseTillCode,
  SUSPICIOUS_WINDOW_MIN,
  type TillAlert,
  tillOtp,
  tillStep,
  tillSuspicion,
  type VerifyReason,
  verifyReasons,
  ZONE,
} from '@timebank/shared';
import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { prepareSql } from '../../db/prepared';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { can } from '../../policy/policy';
import { certificates } from '../certificates/certificates.table';
import { presentDiscount } from '../merchants/merchants.presenter';
import { merchantMembers, merchants } from '../merchants/merchants.table';
import { notificationsInsertSql } from '../notifications/notifications.service';
import { users } from '../users/users.table';
import { tillDevices, verifications } from './till.table';

/**
 * 核验: staff scan a holder's rotating code at the till — one round trip to read, one prepared
 * statement to record a valid check with its alerts and the holder's message.
 */
type Base = { communityId: number; merchantId: number; staffId: number; createdAt: Date };

export function createTillVerifyService(deps: {
  db: Db;
  clock: Clock;
  /** A link to the holder's photo that staff may open during the check (signed for a few minutes). */
  photoUrl?: (ref: string | null) => string | null;
}) {
  const { db, clock } = deps;

  function refusal(id: number, reason: VerifyReason, at: Date) {
    return {
      id,
      valid: false as const,
      reason,
      message: verifyReasons[reason].zh,
      checkedAt: at.toISOString(),
    };
  }

  /** A refused check is recorded too (one statement): officers see attempts with dead codes. */
  async function refuse(base: Base, reason: VerifyReason, device?: typeof tillDevices.$inferSelect) {
    const [v] = await db
      .insert(verifications)
      .values({
        ...base,
        result: 'refused',
        reason,
        deviceId: device?.id ?? null,
        holderId: device?.holderId ?? null,
        kind: device?.kind ?? null,
        certificateId: device?.certificateId ?? null,
      })
      .returning({ id: verifications.id });
    return refusal(v!.id, reason, base.createdAt);
  }

  /**
   * Everything a check reads, in one round trip: the staff member's shop; the scanned device with its
   * holder, certificate and (for a member credential) shop; and, for the suspicion rules, the holder's
   * valid checks of the last minutes with their shops' positions and the number of valid checks in
   * this local (Asia/Shanghai) day, whose bounds the database works out. Undefined: not a staff member.
   */
  const areaOf = (communityId: SQLWrapper) => sql<AcceptanceSide | null>`(
        SELECT json_build_object('communityId', ac.id, 'districtId', ac.district_id,
          'communityScope', ac.acceptance_scope, 'districtScope', ad.acceptance_scope)
        FROM communities ac JOIN districts ad ON ad.id = ac.district_id WHERE ac.id = ${communityId})`;
  const holder = alias(users, 'holder');
  const staffUser = alias(users, 'staff_user');
  const member = alias(merchants, 'member');
  const at = sql.placeholder('now');
  const localDay = sql`(${at}::timestamptz AT TIME ZONE ${ZONE})`;
  const dayStart = sql`(date_trunc('day', ${localDay}) AT TIME ZONE ${ZONE})`;
  // Prepared once: PostgreSQL parses and plans it once per connection.
  const checkRead = db
    .select({
      merchant: merchants,
      // Read with the check, not from the session cache: a disabled cashier is refused at once.
      staffDisabled: staffUser.disabled,
      device: tillDevices,
      holderDisabled: holder.disabled,
      holderName: holder.realName,
      holderDisplayName: holder.displayName,
      photoRef: holder.photoRef,
      photoApprovedAt: holder.photoApprovedAt,
      certificateStatus: certificates.status,
      certificateLevel: certificates.level,
      memberStatus: member.status,
      // The shop the holder works at, if any: a shop may not honour its own people's credentials.
      holderShopId: sql<number | null>`(
        SELECT hm.merchant_id FROM merchant_members hm WHERE hm.user_id = ${tillDevices.holderId})`,
      recent: sql<Array<{ id: number; merchantId: number; lat: number; lng: number }>>`(
        SELECT coalesce(json_agg(json_build_object('id', r.id, 'merchantId', s.id, 'lat', s.lat, 'lng', s.lng)), '[]')
        FROM verifications r JOIN merchants s ON s.id = r.merchant_id
        WHERE r.holder_id = ${tillDevices.holderId} AND r.result = 'valid'
          AND r.created_at >= ${sql.placeholder('since')}::timestamptz)`,
      // 通存通兑: the holder's and the shop's communities with what each (or its district) decided.
      holderArea: areaOf(holder.communityId),
      shopArea: areaOf(merchants.communityId),
      todays: sql<number>`(
        SELECT count(*) FROM verifications d
        WHERE d.holder_id = ${tillDevices.holderId} AND d.result = 'valid'
          AND d.created_at >= ${dayStart} AND d.created_at < ${dayStart} + interval '1 day')`.mapWith(Number),
      today: sql<string>`to_char(${localDay}, 'YYYY-MM-DD')`,
    })
    .from(merchantMembers)
    .innerJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
    .innerJoin(staffUser, eq(staffUser.id, merchantMembers.userId))
    .leftJoin(tillDevices, eq(tillDevices.id, sql.placeholder('deviceId')))
    .leftJoin(holder, eq(holder.id, tillDevices.holderId))
    .leftJoin(certificates, eq(certificates.id, tillDevices.certificateId))
    .leftJoin(member, eq(member.id, tillDevices.merchantId))
    .where(eq(merchantMembers.userId, sql.placeholder('staffId')))
    .limit(1)
    .prepare('till_check_read');

  /**
   * Everything a check reads, in one round trip: the staff member's shop; the scanned device with its
   * holder, certificate and (for a member credential) shop; and, for the suspicion rules, the holder's
   * valid checks of the last minutes with their shops' positions and the number of valid checks in
   * this local (Asia/Shanghai) day, whose bounds the database works out. Undefined: not a staff member.
   */
  async function readForCheck(staffId: number, deviceId: string | null, now: Date) {
    const since = new Date(now.getTime() - SUSPICIOUS_WINDOW_MIN * 60_000);
    const [row] = await checkRead.execute({
      staffId,
      deviceId: deviceId ?? '',
      now: now.toISOString(),
      since: since.toISOString(),
    });
    return row;
  }

  /**
   * A check that passed every test, written in one statement (atomic without a transaction): the
   * step's use (each (device, step) once, at any API instance), the verification — refused as
   * `verify.code_reused` when the step was already used — its alerts, and the holder's message.
   */
  const ph = (name: string) => sql.placeholder(name);
  const checkWrite = prepareSql<{ id: number; result: string }>(
    db,
    'till_check_write',
    sql`
      WITH used AS (
        INSERT INTO till_code_uses (device_id, step, used_at)
        VALUES (${ph('deviceId')}, ${ph('step')}, ${ph('now')}::timestamptz)
        ON CONFLICT DO NOTHING RETURNING 1
      ), v AS (
        INSERT INTO verifications
          (community_id, merchant_id, staff_id, device_id, holder_id, kind, certificate_id, result, reason, flagged, created_at)
        SELECT ${ph('communityId')}::int, ${ph('merchantId')}::int, ${ph('staffId')}::int, ${ph('deviceId')},
          ${ph('holderId')}::int, ${ph('kind')}::credential_kind, ${ph('certificateId')}::int,
          CASE WHEN ok THEN 'valid' ELSE 'refused' END::verification_result,
          CASE WHEN ok THEN NULL ELSE 'verify.code_reused' END,
          ok AND ${ph('flagged')}::boolean, ${ph('now')}::timestamptz
        FROM (SELECT EXISTS (SELECT 1 FROM used) AS ok) AS u
        RETURNING id, result
      ), a AS (
        INSERT INTO till_alerts (community_id, holder_id, verification_id, kind, details, created_at)
        SELECT ${ph('communityId')}::int, ${ph('holderId')}::int, v.id, x.kind, x.details, ${ph('now')}::timestamptz
        FROM v, jsonb_to_recordset(${ph('alerts')}::jsonb) AS x(kind text, details jsonb)
        WHERE v.result = 'valid'
      ), n AS (
        -- The holder sees every check of their credential, as it happens.
        ${notificationsInsertSql({
          kind: 'till.checked',
          userId: sql`${ph('holderId')}::int`,
          title: sql`${ph('title')}::text`,
          body: '如非本人使用，请立即联系社区。',
          data: sql`jsonb_build_object('verificationId', v.id, 'merchantId', ${ph('merchantId')}::int)`,
          createdAt: sql`${ph('now')}::timestamptz`,
          from: sql`v WHERE v.result = 'valid'`,
        })}
      )
      SELECT id, result FROM v`,
  );

  /**
   * A check that passed every test, written in one prepared statement (atomic without a transaction):
   * the step's use (each (device, step) once, at any API instance), the verification — refused as
   * `verify.code_reused` when the step was already used — its alerts, and the holder's message.
   */
  async function recordValid(
    base: Base,
    device: typeof tillDevices.$inferSelect,
    step: number,
    alerts: TillAlert[],
    shopName: string,
  ): Promise<{ id: number; valid: boolean }> {
    const [row] = await checkWrite.rows({
      deviceId: device.id,
      step,
      now: base.createdAt.toISOString(),
      communityId: base.communityId,
      merchantId: base.merchantId,
      staffId: base.staffId,
      holderId: device.holderId,
      kind: device.kind,
      certificateId: device.certificateId,
      flagged: alerts.length > 0,
      alerts: JSON.stringify(alerts),
      title: `证书在「${shopName}」核验`,
    });
    return { id: Number(row!.id), valid: row!.result === 'valid' };
  }

  return {
    /**
     * Staff scan a holder's code. The answer says valid or not, with a reason code; when valid, the
     * holder's photo, masked name and level, and this shop's discount — never a phone or ID number.
     */
    async verify(staff: AuthUser, code: string) {
      if (!can(staff, 'till.verify')) fail('merchants.not_member');
      const now = clock.now();
      const parsed = parseTillCode(code);
      const found = await readForCheck(staff.id, parsed?.deviceId ?? null, now);
      if (!found) fail('merchants.not_member');
      if (found.staffDisabled) fail('auth.account_disabled');
      const { merchant } = found;
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      const base = {
        communityId: merchant.communityId,
        merchantId: merchant.id,
        staffId: staff.id,
        createdAt: now,
      };
      if (!parsed) return refuse(base, 'verify.code_invalid');
      const { device } = found;
      if (!device) return refuse(base, 'verify.unknown');
      if (!device.active)
        return refuse(base, device.closedAt ? 'verify.device_closed' : 'verify.device_replaced', device);
      const current = tillStep(now.getTime());
      if (parsed.step > current + 1) return refuse(base, 'verify.code_invalid', device);
      const expected = Buffer.from(tillOtp(device.secretHex, parsed.step));
      if (!timingSafeEqual(expected, Buffer.from(parsed.otp)))
        return refuse(base, 'verify.code_invalid', device);
      if (parsed.step < current - 1) return refuse(base, 'verify.code_expired', device);
      if (found.holderDisabled) return refuse(base, 'verify.holder_disabled', device);
      if (
        isSelfDealing(merchant.id, {
          holderShopId: found.holderShopId,
          credentialShopId: device.merchantId,
        })
      )
        return refuse(base, 'verify.own_shop', device);

      let level = 1;
      if (device.kind === 'certificate') {
        if (!found.certificateStatus) return refuse(base, 'verify.unknown', device);
        if (found.certificateStatus === 'revoked') return refuse(base, 'verify.revoked', device);
        if (found.certificateStatus === 'suspended') return refuse(base, 'verify.suspended', device);
        level = found.certificateLevel ?? 1;
      } else {
        if (!found.memberStatus) fail('merchants.not_found');
        if (!isMerchantInAlliance(found.memberStatus))
          return refuse(base, 'verify.merchant_not_active', device);
      }
      if (device.kind === 'certificate' && found.holderArea && found.shopArea) {
        if (!honours(found.holderArea, found.shopArea)) return refuse(base, 'verify.outside_area', device);
      }
      // This check is the day's `todays + 1`th; `recent` holds the others of the last minutes.
      const alerts = tillSuspicion(merchant, found.recent, found.todays + 1, found.today);
      const written = await recordValid(base, device, parsed.step, alerts, merchant.name);
      if (!written.valid) return refusal(written.id, 'verify.code_reused', now);
      return {
        id: written.id,
        valid: true as const,
        checkedAt: now.toISOString(),
        credential: {
          kind: device.kind,
          label: device.kind === 'certificate' ? '志愿者证书' : '联盟商家会员',
          level,
        },
        holder: {
          photoRef: found.photoRef ?? null,
          photoUrl: deps.photoUrl?.(found.photoRef ?? null) ?? null,
          photoApprovedAt: found.photoApprovedAt ? new Date(found.photoApprovedAt).toISOString() : null,
          maskedName: maskName(found.holderName ?? found.holderDisplayName ?? '') ?? '',
        },
        discount: presentDiscount(merchant),
        flagged: alerts.length > 0,
      };
    },
  };
}
