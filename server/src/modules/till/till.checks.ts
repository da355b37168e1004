import { discountStatus, type VerifyReason, verifyReasons } from '@timebank/shared';
import { desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { membershipOf } from '../merchants/merchants.repository';
import { merchants } from '../merchants/merchants.table';
import { users } from '../users/users.table';
import { discounts, tillAlerts, verifications } from './till.table';

/** The trail of checks: the shop's own, the holder's own, and the officers' alerts. */
export function createTillChecksService(deps: { db: Db }) {
  const { db } = deps;
  return {
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
                status: discountStatus(r.d),
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
          discount: r.d
            ? {
                savingAmount: r.d.savingCents === null ? null : r.d.savingCents / 100,
                status: discountStatus(r.d),
              }
            : null,
        })),
      };
    },

    async alerts(officer: AuthUser, communityId?: number) {
      const target = communityId ?? officer.communityId;
      await authorizeCommunity(db, officer, 'till.alerts', target);
      const rows = await db
        .select({ a: tillAlerts, holder: users.displayName })
        .from(tillAlerts)
        .innerJoin(users, eq(users.id, tillAlerts.holderId))
        // The shop's community, and the holder's: a certificate honoured elsewhere (通存通兑) is still
        // its own community's to watch.
        .where(or(eq(tillAlerts.communityId, target), eq(users.communityId, target)))
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
