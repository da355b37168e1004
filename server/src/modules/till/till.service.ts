import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  distanceMetres,
  isMerchantInAlliance,
  MAX_CHECKS_PER_DAY,
  maskName,
  parseTillCode,
  SUSPICIOUS_DISTANCE_M,
  SUSPICIOUS_WINDOW_MIN,
  TILL_STEP_SECONDS,
  tillOtp,
  tillStep,
  type VerifyReason,
  verifyReasons,
  ZONE,
} from '@timebank/shared';
import { and, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { findCertificateByUser } from '../certificates/certificates.service';
import { certificates } from '../certificates/certificates.table';
import { presentDiscount } from '../merchants/merchants.presenter';
import { membershipOf } from '../merchants/merchants.repository';
import { merchantMembers, merchants } from '../merchants/merchants.table';
import { notify } from '../notifications/notifications.service';
import { assertManages } from '../users/scope';
import { users } from '../users/users.table';
import { discounts, tillAlerts, tillCodeUses, tillDevices, verifications } from './till.table';

type Credential =
  | { kind: 'certificate'; certificateId: number; merchantId: null; serial: string; level: number }
  | { kind: 'alliance_member'; certificateId: null; merchantId: number; serial: string; level: number };

const centsOf = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100));

export function createTillService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** What the holder can show: a volunteer's certificate, or an alliance owner's member credential. */
  async function credentialOf(tx: Executor, user: AuthUser): Promise<Credential> {
    if (user.role === 'volunteer') {
      const c = await findCertificateByUser(tx, user.id);
      if (!c) fail('till.no_credential');
      if (c.status !== 'active')
        fail('till.credential_inactive', { status: c.status, reason: c.statusReason });
      return { kind: 'certificate', certificateId: c.id, merchantId: null, serial: c.serial, level: c.level };
    }
    if (user.role === 'merchant_staff') {
      const { merchant, isOwner } = await membershipOf(tx, user);
      if (!isOwner || !merchant.credentialSerial) fail('till.no_credential');
      if (!isMerchantInAlliance(merchant.status))
        fail('till.credential_inactive', { status: merchant.status });
      return {
        kind: 'alliance_member',
        certificateId: null,
        merchantId: merchant.id,
        serial: merchant.credentialSerial,
        level: 1,
      };
    }
    fail('till.no_credential');
  }

  async function refuse(
    tx: Executor,
    base: { communityId: number; merchantId: number; staffId: number; createdAt: Date },
    reason: VerifyReason,
    device?: typeof tillDevices.$inferSelect,
  ) {
    const [v] = await tx
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
      .returning();
    return {
      id: v!.id,
      valid: false as const,
      reason,
      message: verifyReasons[reason].zh,
      checkedAt: base.createdAt.toISOString(),
    };
  }

  /** The staff member's shop in one query (membershipOf takes two): same failures. */
  async function staffShop(staff: AuthUser) {
    if (staff.role !== 'merchant_staff') fail('merchants.not_member');
    const [row] = await db
      .select({ merchant: merchants })
      .from(merchantMembers)
      .innerJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
      .where(eq(merchantMembers.userId, staff.id))
      .limit(1);
    if (!row) fail('merchants.not_member');
    return row.merchant;
  }

  /** Two shops far apart within minutes, or too many checks in one local day: flag for the officer. */
  async function suspicion(
    tx: Executor,
    v: typeof verifications.$inferSelect,
    here: { lat: number; lng: number },
  ) {
    const since = new Date(v.createdAt.getTime() - SUSPICIOUS_WINDOW_MIN * 60_000);
    // The local (Asia/Shanghai) date of the check, worked out by the database in the same query
    // (dayjs's time-zone conversion costs about 0.1 ms of CPU per call on the request path).
    // One round trip: the holder's recent valid checks with their shops, and (on each row) the number
    // of valid checks in this local day. `v` itself is among the recent ones, so there is a row.
    const localDay = (at: SQL) => sql`to_char(${at} AT TIME ZONE ${ZONE}, 'YYYY-MM-DD')`;
    const checkDay = localDay(sql`${v.createdAt}::timestamptz`);
    const today = sql<string>`${checkDay}`;
    const todays = sql<number>`(SELECT count(*) FROM ${verifications} AS d
        WHERE d.holder_id = ${v.holderId!} AND d.result = 'valid'
          AND ${localDay(sql`d.created_at`)} = ${checkDay})`.mapWith(Number);
    const recent = await tx
      .select({
        id: verifications.id,
        lat: merchants.lat,
        lng: merchants.lng,
        merchantId: merchants.id,
        at: verifications.createdAt,
        todays,
        today,
      })
      .from(verifications)
      .innerJoin(merchants, eq(merchants.id, verifications.merchantId))
      .where(
        and(
          eq(verifications.holderId, v.holderId!),
          eq(verifications.result, 'valid'),
          gte(verifications.createdAt, since),
        ),
      );
    const alerts: { kind: string; details: Record<string, unknown> }[] = [];
    for (const r of recent) {
      if (r.id === v.id) continue;
      const d = distanceMetres(here, { lat: r.lat, lng: r.lng });
      if (d > SUSPICIOUS_DISTANCE_M) {
        alerts.push({
          kind: 'distant_shops',
          details: { otherVerificationId: r.id, otherMerchantId: r.merchantId, distanceM: d },
        });
        break;
      }
    }
    let day: { todays: number; today: string } | undefined = recent[0];
    if (!day) [day] = await tx.select({ todays, today }).from(sql`(SELECT 1) AS one`);
    const checks = day?.todays ?? 0;
    if (checks > MAX_CHECKS_PER_DAY)
      alerts.push({ kind: 'too_many_checks', details: { date: day!.today, checks } });
    for (const a of alerts) {
      await tx.insert(tillAlerts).values({
        communityId: v.communityId,
        holderId: v.holderId!,
        verificationId: v.id,
        ...a,
        createdAt: v.createdAt,
      });
    }
    if (alerts.length)
      await tx.update(verifications).set({ flagged: true }).where(eq(verifications.id, v.id));
    return alerts.length > 0;
  }

  return {
    /**
     * Opens the credential on this device: a new secret, from which the app derives a code every 30 s.
     * The previous device's codes stop working, and the holder is told.
     */
    async openOnDevice(user: AuthUser, label: string | undefined) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        // One opening per holder at a time: two at once (a double tap) would both find the old device,
        // and the second insert would break the one-active-device index.
        await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
        const credential = await credentialOf(tx, user);
        const replaced = await tx
          .update(tillDevices)
          .set({ active: false, replacedAt: now })
          .where(
            and(
              eq(tillDevices.holderId, user.id),
              eq(tillDevices.kind, credential.kind),
              eq(tillDevices.active, true),
            ),
          )
          .returning({ id: tillDevices.id });
        if (replaced.length) {
          await notify(
            tx,
            user.id,
            {
              kind: 'till.device_replaced',
              title: '证书已在新设备上打开',
              body: '您的证书刚刚在另一台手机上打开，原手机上的二维码已失效。如非本人操作，请联系社区。',
              data: { label: label ?? null },
            },
            now,
          );
        }
        const id = randomBytes(12).toString('base64url');
        const secretHex = randomBytes(20).toString('hex');
        await tx.insert(tillDevices).values({
          id,
          holderId: user.id,
          kind: credential.kind,
          certificateId: credential.certificateId,
          merchantId: credential.merchantId,
          secretHex,
          label: label ?? null,
          createdAt: now,
        });
        return {
          deviceId: id,
          secretHex,
          stepSeconds: TILL_STEP_SECONDS,
          credential: { kind: credential.kind, serial: credential.serial, level: credential.level },
          replacedPreviousDevice: replaced.length > 0,
        };
      });
    },

    /**
     * Staff scan a holder's code. The answer says valid or not, with a reason code; when valid, the
     * holder's photo, masked name and level, and this shop's discount — never a phone or ID number.
     */
    async verify(staff: AuthUser, code: string) {
      const now = clock.now();
      const merchant = await staffShop(staff);
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      const base = {
        communityId: merchant.communityId,
        merchantId: merchant.id,
        staffId: staff.id,
        createdAt: now,
      };
      return inTransaction(db, async (tx) => {
        const parsed = parseTillCode(code);
        if (!parsed) return refuse(tx, base, 'verify.code_invalid');
        // The device with its holder, certificate and (for a member credential) shop, in one query.
        const [found] = await tx
          .select({
            device: tillDevices,
            holderName: users.realName,
            holderDisplayName: users.displayName,
            photoRef: users.photoRef,
            certificateStatus: certificates.status,
            certificateLevel: certificates.level,
            memberStatus: merchants.status,
          })
          .from(tillDevices)
          .leftJoin(users, eq(users.id, tillDevices.holderId))
          .leftJoin(certificates, eq(certificates.id, tillDevices.certificateId))
          .leftJoin(merchants, eq(merchants.id, tillDevices.merchantId))
          .where(eq(tillDevices.id, parsed.deviceId));
        if (!found) return refuse(tx, base, 'verify.unknown');
        const { device } = found;
        if (!device.active) return refuse(tx, base, 'verify.device_replaced', device);
        const current = tillStep(now.getTime());
        if (parsed.step > current + 1) return refuse(tx, base, 'verify.code_invalid', device);
        const expected = Buffer.from(tillOtp(device.secretHex, parsed.step));
        if (!timingSafeEqual(expected, Buffer.from(parsed.otp)))
          return refuse(tx, base, 'verify.code_invalid', device);
        if (parsed.step < current - 1) return refuse(tx, base, 'verify.code_expired', device);

        let level = 1;
        const photoRef = found.photoRef ?? null;
        if (device.kind === 'certificate') {
          if (!found.certificateStatus) return refuse(tx, base, 'verify.unknown', device);
          if (found.certificateStatus === 'revoked') return refuse(tx, base, 'verify.revoked', device);
          if (found.certificateStatus === 'suspended') return refuse(tx, base, 'verify.suspended', device);
          level = found.certificateLevel ?? 1;
        } else {
          if (!found.memberStatus) fail('merchants.not_found');
          if (!isMerchantInAlliance(found.memberStatus))
            return refuse(tx, base, 'verify.merchant_not_active', device);
        }
        const used = await tx
          .insert(tillCodeUses)
          .values({ deviceId: device.id, step: parsed.step, usedAt: now })
          .onConflictDoNothing()
          .returning({ step: tillCodeUses.step });
        if (!used.length) return refuse(tx, base, 'verify.code_reused', device);

        const [v] = await tx
          .insert(verifications)
          .values({
            ...base,
            result: 'valid',
            deviceId: device.id,
            holderId: device.holderId,
            kind: device.kind,
            certificateId: device.certificateId,
          })
          .returning();
        const flagged = await suspicion(tx, v!, { lat: merchant.lat, lng: merchant.lng });
        // The holder sees every check of their credential, as it happens.
        await notify(
          tx,
          device.holderId,
          {
            kind: 'till.checked',
            title: `证书在「${merchant.name}」核验`,
            body: '如非本人使用，请立即联系社区。',
            data: { verificationId: v!.id, merchantId: merchant.id },
          },
          now,
        );
        return {
          id: v!.id,
          valid: true as const,
          checkedAt: now.toISOString(),
          credential: {
            kind: device.kind,
            label: device.kind === 'certificate' ? '志愿者证书' : '联盟商家会员',
            level,
          },
          holder: {
            photoRef,
            maskedName: maskName(found.holderName ?? found.holderDisplayName ?? '') ?? '',
          },
          discount: presentDiscount(merchant),
          flagged,
        };
      });
    },

    /** Staff record the discount given after a valid check (once per check). */
    async recordDiscount(
      staff: AuthUser,
      verificationId: number,
      input: {
        billAmount?: number | undefined;
        savingAmount?: number | undefined;
        note?: string | undefined;
      },
    ) {
      const { merchant } = await membershipOf(db, staff);
      // A suspended or removed shop records nothing more, even for a check made before.
      if (!isMerchantInAlliance(merchant.status)) fail('merchants.not_active');
      const [v] = await db.select().from(verifications).where(eq(verifications.id, verificationId));
      if (!v || v.merchantId !== merchant.id) fail('verify.not_found');
      if (v.result !== 'valid' || !v.holderId) fail('verify.not_valid');
      try {
        const [d] = await db
          .insert(discounts)
          .values({
            verificationId: v.id,
            merchantId: merchant.id,
            holderId: v.holderId,
            billCents: centsOf(input.billAmount),
            savingCents: centsOf(input.savingAmount),
            note: input.note ?? null,
            recordedBy: staff.id,
            createdAt: clock.now(),
          })
          .returning();
        return {
          id: d!.id,
          verificationId: v.id,
          billAmount: input.billAmount ?? null,
          savingAmount: input.savingAmount ?? null,
          note: d!.note,
        };
      } catch (err) {
        if (isUniqueViolation(err)) fail('verify.discount_recorded');
        throw err;
      }
    },

    /** The shop's own checks, newest first. */
    async shopChecks(staff: AuthUser) {
      const { merchant } = await membershipOf(db, staff);
      const rows = await db
        .select({ v: verifications, d: discounts })
        .from(verifications)
        .leftJoin(discounts, eq(discounts.verificationId, verifications.id))
        .where(eq(verifications.merchantId, merchant.id))
        .orderBy(desc(verifications.id))
        .limit(200);
      return {
        checks: rows.map((r) => ({
          id: r.v.id,
          at: r.v.createdAt.toISOString(),
          valid: r.v.result === 'valid',
          reason: r.v.reason,
          kind: r.v.kind,
          discount: r.d
            ? {
                billAmount: r.d.billCents === null ? null : r.d.billCents / 100,
                savingAmount: r.d.savingCents === null ? null : r.d.savingCents / 100,
              }
            : null,
        })),
      };
    },

    /** Every check of my credential: shop, time, result, discount. */
    async myChecks(user: AuthUser) {
      const rows = await db
        .select({ v: verifications, shop: merchants.name, d: discounts })
        .from(verifications)
        .innerJoin(merchants, eq(merchants.id, verifications.merchantId))
        .leftJoin(discounts, eq(discounts.verificationId, verifications.id))
        .where(eq(verifications.holderId, user.id))
        .orderBy(desc(verifications.id))
        .limit(200);
      return {
        checks: rows.map((r) => ({
          id: r.v.id,
          at: r.v.createdAt.toISOString(),
          merchant: { id: r.v.merchantId, name: r.shop },
          valid: r.v.result === 'valid',
          reason: r.v.reason,
          reasonMessage: r.v.reason ? (verifyReasons[r.v.reason as VerifyReason]?.zh ?? null) : null,
          discount: r.d ? { savingAmount: r.d.savingCents === null ? null : r.d.savingCents / 100 } : null,
        })),
      };
    },

    async alerts(officer: AuthUser, communityId?: number) {
      const target = communityId ?? officer.communityId;
      await assertManages(db, officer, target);
      const rows = await db
        .select({ a: tillAlerts, holder: users.displayName })
        .from(tillAlerts)
        .innerJoin(users, eq(users.id, tillAlerts.holderId))
        .where(eq(tillAlerts.communityId, target))
        .orderBy(desc(tillAlerts.id))
        .limit(200);
      return {
        alerts: rows.map((r) => ({
          id: r.a.id,
          kind: r.a.kind,
          holder: { id: r.a.holderId, displayName: r.holder },
          verificationId: r.a.verificationId,
          details: r.a.details,
          at: r.a.createdAt.toISOString(),
        })),
      };
    },
  };
}

export type TillService = ReturnType<typeof createTillService>;
