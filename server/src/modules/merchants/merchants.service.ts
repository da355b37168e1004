import {
  distanceMetres,
  fromHundredths,
  isMerchantInAlliance,
  type MerchantAction,
  type MerchantApplication,
  merchantLifecycle,
  ZONE,
} from '@timebank/shared';
import { and, asc, eq, gte, ilike, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { applyMove } from '../../db/lifecycle';
import { inTransaction } from '../../db/tx';
import type { ReadCache } from '../../http/cache';
import { listAnswer } from '../../http/encoded';
import { fail, isUniqueViolation } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity, authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import { hashPassword } from '../auth/passwords';
import type { SessionStore } from '../auth/sessions';
import { communities } from '../communities/communities.table';
import { notify } from '../notifications/notifications.service';
import { discounts, verifications } from '../till/till.table';
import { presentMe } from '../users/users.presenter';
import { findCommunity, insertUser } from '../users/users.repository';
import { users } from '../users/users.table';
import { presentDirectoryEntry, presentMerchant } from './merchants.presenter';
import { getMerchant, membershipOf } from './merchants.repository';
import { merchantEvents, merchantMembers, merchants } from './merchants.table';

const ACTION_ZH: Record<MerchantAction, string> = {
  approve: '审核通过，欢迎加入爱心商家联盟',
  reject: '申请未通过',
  warn: '社区对您的商家发出警告',
  suspend: '您的商家已被暂停联盟资格',
  reinstate: '您的商家已恢复联盟资格',
  remove: '您的商家已退出联盟',
};

const noDistance = () => ({ distanceM: null });

export function createMerchantsService(deps: {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  /** Community-level list results for a second or two (see http/cache.ts); none: always queried. */
  readCache?: ReadCache | undefined;
  /** Reads that may be a moment old (the directory): a replica (db/reads.ts); default `db`. */
  reads?: Db | undefined;
}) {
  const { db, clock } = deps;

  /** Officers of the merchant's community, or the merchant's own staff. */
  async function readable(user: AuthUser, id: number) {
    const m = await getMerchant(db, id);
    if (user.role === 'merchant_staff') {
      const mine = await membershipOf(db, user);
      if (mine.merchant.id !== id) fail('merchants.not_member');
      return m;
    }
    await authorizeResource(
      db,
      user,
      'merchants.read',
      { communityId: m.communityId },
      'merchants.not_found',
    );
    return m;
  }

  return {
    /** A shop applies: its owner's account, the shop, the pledge (承诺书) and the first event, in one go. */
    async apply(input: MerchantApplication, userAgent?: string) {
      const community = await findCommunity(db, input.communityId);
      if (!community) fail('communities.not_found');
      const passwordHash = await hashPassword(input.owner.password);
      const now = clock.now();
      try {
        return await inTransaction(db, async (tx) => {
          const owner = await insertUser(tx, {
            communityId: community.id,
            role: 'merchant_staff',
            displayName: input.owner.displayName,
            username: input.owner.username,
            passwordHash,
          });
          const [m] = await tx
            .insert(merchants)
            .values({
              communityId: community.id,
              name: input.name,
              category: input.category,
              tags: input.tags,
              address: input.address,
              lat: input.lat,
              lng: input.lng,
              openingHours: input.openingHours,
              contactPhone: input.contactPhone,
              licenceNo: input.licenceNo,
              photos: input.photos,
              discountPercentOff: input.discount.percentOff ?? null,
              discountText: input.discount.text ?? null,
              discountConditions: input.discount.conditions ?? null,
              pledgeVersion: input.pledge.version,
              pledgeAcceptedAt: now,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await tx.insert(merchantMembers).values({ userId: owner.id, merchantId: m!.id, isOwner: true });
          await tx.insert(merchantEvents).values({
            merchantId: m!.id,
            action: 'apply',
            fromStatus: null,
            toStatus: 'applied',
            reason: `申请加入联盟，签署承诺书 ${input.pledge.version}`,
            actorId: owner.id,
            createdAt: now,
          });
          const session = await deps.sessions.open(tx, owner, { method: 'application', userAgent });
          return { merchant: presentMerchant(m!), token: session.token, user: presentMe(owner) };
        });
      } catch (err) {
        if (isUniqueViolation(err)) fail('merchants.username_taken');
        throw err;
      }
    },

    async getMine(user: AuthUser) {
      const { merchant, isOwner } = await membershipOf(db, user);
      const staff = isOwner
        ? await db
            .select({
              id: users.id,
              displayName: users.displayName,
              username: users.username,
              isOwner: merchantMembers.isOwner,
            })
            .from(merchantMembers)
            .innerJoin(users, eq(users.id, merchantMembers.userId))
            .where(eq(merchantMembers.merchantId, merchant.id))
            .orderBy(asc(users.id))
        : undefined;
      return { merchant: presentMerchant(merchant), isOwner, ...(staff ? { staff } : {}) };
    },

    /** The owner adds a staff account that can verify certificates and record discounts for this shop only. */
    async inviteStaff(user: AuthUser, input: { username: string; password: string; displayName: string }) {
      const { merchant, isOwner } = await membershipOf(db, user);
      if (!isOwner) fail('merchants.owner_only');
      const passwordHash = await hashPassword(input.password);
      try {
        return await inTransaction(db, async (tx) => {
          const staff = await insertUser(tx, {
            communityId: merchant.communityId,
            role: 'merchant_staff',
            displayName: input.displayName,
            username: input.username,
            passwordHash,
          });
          await tx
            .insert(merchantMembers)
            .values({ userId: staff.id, merchantId: merchant.id, isOwner: false });
          return { id: staff.id, username: staff.username, displayName: staff.displayName, isOwner: false };
        });
      } catch (err) {
        if (isUniqueViolation(err)) fail('merchants.username_taken');
        throw err;
      }
    },

    async listForOfficer(
      user: AuthUser,
      query: { status?: string | undefined; communityId?: number | undefined },
    ) {
      const communityId = query.communityId ?? user.communityId;
      await authorizeCommunity(db, user, 'merchants.list', communityId);
      const rows = await db
        .select()
        .from(merchants)
        .where(
          and(
            eq(merchants.communityId, communityId),
            query.status ? eq(merchants.status, query.status as 'applied') : undefined,
          ),
        )
        .orderBy(asc(merchants.id));
      return { merchants: rows.map(presentMerchant) };
    },

    async get(user: AuthUser, id: number) {
      return presentMerchant(await readable(user, id));
    },

    async events(user: AuthUser, id: number) {
      await readable(user, id);
      const rows = await db
        .select({ e: merchantEvents, actor: users.displayName })
        .from(merchantEvents)
        .innerJoin(users, eq(users.id, merchantEvents.actorId))
        .where(eq(merchantEvents.merchantId, id))
        .orderBy(asc(merchantEvents.id));
      return {
        events: rows.map((r) => ({
          id: r.e.id,
          action: r.e.action,
          from: r.e.fromStatus,
          to: r.e.toStatus,
          reason: r.e.reason,
          actor: { id: r.e.actorId, displayName: r.actor },
          at: r.e.createdAt.toISOString(),
        })),
      };
    },

    /** Moves a merchant through its lifecycle. Only officers of its community; invalid moves are refused. */
    async transition(user: AuthUser, id: number, action: MerchantAction, reason: string) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const m = await getMerchant(tx, id, { forUpdate: true });
        await authorizeResource(
          tx,
          user,
          'merchants.suspend',
          { communityId: m.communityId },
          'merchants.not_found',
        );
        let credentialSerial = m.credentialSerial;
        if (action === 'approve' && !credentialSerial) {
          const [c] = await tx
            .select({ code: communities.code })
            .from(communities)
            .where(eq(communities.id, m.communityId));
          credentialSerial = `${c!.code}-M-${String(m.id).padStart(6, '0')}`;
        }
        const { row: updated } = await applyMove(tx, {
          lifecycle: merchantLifecycle,
          row: m,
          action,
          refusal: 'merchants.invalid_transition',
          table: merchants,
          set: { statusReason: reason, credentialSerial, updatedAt: now },
          trail: { table: merchantEvents, key: 'merchantId', reason, actorId: user.id, at: now },
        });
        const members = await tx
          .select({ userId: merchantMembers.userId })
          .from(merchantMembers)
          .where(eq(merchantMembers.merchantId, id));
        for (const member of members) {
          await notify(
            tx,
            member.userId,
            { kind: `merchant.${action}`, title: ACTION_ZH[action], body: reason, data: { merchantId: id } },
            now,
          );
        }
        const state = (r: typeof m) => ({
          status: r.status,
          statusReason: r.statusReason,
          credentialSerial: r.credentialSerial,
        });
        noteAudit({
          entity: { type: 'merchants', id },
          communityId: m.communityId,
          before: state(m),
          after: state(updated),
        });
        return presentMerchant(updated);
      });
    },

    /**
     * The alliance directory: merchants in good standing only, by category, tag and name, nearest first
     * when a position is given.
     */
    async directory(
      user: AuthUser,
      query: {
        category?: string | undefined;
        tag?: string | undefined;
        q?: string | undefined;
        lat?: number | undefined;
        lng?: number | undefined;
      },
    ) {
      const load = async () => {
        const rows = await (deps.reads ?? db)
          .select()
          .from(merchants)
          .where(
            and(
              eq(merchants.communityId, user.communityId),
              inArray(merchants.status, ['active', 'warned']),
              query.category ? eq(merchants.category, query.category as 'food') : undefined,
              query.tag ? sql`${query.tag} = ANY(${merchants.tags})` : undefined,
              query.q ? ilike(merchants.name, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
            ),
          )
          .orderBy(asc(merchants.name));
        // Presented once per cache entry, without the distance (worked out per request below).
        return rows.filter((m) => isMerchantInAlliance(m.status)).map((m) => presentDirectoryEntry(m));
      };
      // The same list for everyone of the community.
      const key = `directory:${user.communityId}:${JSON.stringify([query.category ?? '', query.tag ?? '', query.q ?? ''])}`;
      const entries = deps.readCache ? await deps.readCache.get(key, load) : await load();
      const here =
        query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
      // Without a position the answer depends on the entries alone (the function is its own source).
      if (!here) return listAnswer('merchants', entries, noDistance, noDistance);
      const distance = new Map(entries.map((e) => [e, distanceMetres(here, e.location)]));
      const nearest = [...entries].sort((a, b) => distance.get(a)! - distance.get(b)!);
      return listAnswer('merchants', nearest, (e) => ({ distanceM: distance.get(e)! }));
    },

    /**
     * Checks and discounts of one merchant for a period of local (Asia/Shanghai) dates, day by day —
     * the basis for a subsidy or reimbursement claim.
     */
    async report(user: AuthUser, id: number, period: { from: string; to: string }) {
      const m = await readable(user, id);
      const startUtc = new Date(`${period.from}T00:00:00+08:00`);
      const endUtc = new Date(new Date(`${period.to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
      // The zone is a constant, inlined so SELECT and GROUP BY are the same expression.
      const day = sql<string>`to_char(${verifications.createdAt} AT TIME ZONE ${sql.raw(`'${ZONE}'`)}, 'YYYY-MM-DD')`;
      const rows = await db
        .select({
          day,
          valid: sql<number>`count(*) FILTER (WHERE ${verifications.result} = 'valid')`.mapWith(Number),
          refused: sql<number>`count(*) FILTER (WHERE ${verifications.result} = 'refused')`.mapWith(Number),
          discounts: sql<number>`count(${discounts.id})`.mapWith(Number),
          billCents: sql<number>`coalesce(sum(${discounts.billCents}), 0)`.mapWith(Number),
          savingCents: sql<number>`coalesce(sum(${discounts.savingCents}), 0)`.mapWith(Number),
        })
        .from(verifications)
        // A voided record counts nowhere; a corrected one with its corrected amounts.
        .leftJoin(discounts, and(eq(discounts.verificationId, verifications.id), isNull(discounts.voidedAt)))
        .where(
          and(
            eq(verifications.merchantId, id),
            gte(verifications.createdAt, startUtc),
            lt(verifications.createdAt, endUtc),
          ),
        )
        .groupBy(day)
        .orderBy(day);
      const days = rows.map((r) => ({
        date: r.day,
        checksValid: r.valid,
        checksRefused: r.refused,
        discounts: r.discounts,
        billTotal: fromHundredths(r.billCents),
        savingTotal: fromHundredths(r.savingCents),
      }));
      const sum = (k: 'checksValid' | 'checksRefused' | 'discounts' | 'billTotal' | 'savingTotal') =>
        Math.round(days.reduce((s, d) => s + d[k], 0) * 100) / 100;
      return {
        merchant: { id: m.id, name: m.name, licenceNo: m.licenceNo, credentialSerial: m.credentialSerial },
        period,
        totals: {
          checksValid: sum('checksValid'),
          checksRefused: sum('checksRefused'),
          discounts: sum('discounts'),
          billTotal: sum('billTotal'),
          savingTotal: sum('savingTotal'),
        },
        days,
      };
    },
  };
}

export type MerchantsService = ReturnType<typeof createMerchantsService>;
