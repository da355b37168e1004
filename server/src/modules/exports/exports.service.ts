import {
  type DiscountStatus,
  discountStatus,
  type ExportFormat,
  fromHundredths,
  maskName,
  maskPhone,
  ZONE,
} from '@timebank/shared';
import { and, asc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { AuthUser } from '../../http/route';
import { authorizeCommunity } from '../../policy/policy';
import { activities } from '../activities/activities.table';
import { claimLines, claims } from '../funds/funds.table';
import { ledgerEntries } from '../ledger/ledger.table';
import { merchants } from '../merchants/merchants.table';
import { redemptionItems, redemptions } from '../redemptions/redemptions.table';
import { discounts, verifications } from '../till/till.table';
import { findCommunity } from '../users/users.repository';
import { users } from '../users/users.table';
import { type Batches, type Cell, csvChunks, keyset, toStream, xlsxChunks } from './exports.writers';

const zone = sql.raw(`'${ZONE}'`);
const localTime = (col: unknown) =>
  sql<string>`to_char(${col} AT TIME ZONE ${zone}, 'YYYY-MM-DD HH24:MI:SS')`;
const DISCOUNT_STATUS_ZH: Record<DiscountStatus, string> = {
  recorded: '已记录',
  corrected: '已更正',
  voided: '已作废',
};
const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export interface ExportPeriod {
  from: string;
  to: string;
  communityId?: number | undefined;
}

export interface ExportFile {
  filename: string;
  /** The Chinese name for browsers that honour filename*. */
  title: string;
  contentType: string;
  body: NodeJS.ReadableStream;
}

/** Local dates (Asia/Shanghai) to the half-open UTC interval they cover. */
function bounds(p: { from: string; to: string }) {
  const start = new Date(`${p.from}T00:00:00+08:00`);
  const end = new Date(new Date(`${p.to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  return { start, end };
}

/**
 * Exports for officers and district administrators, streamed: rows come from the database a batch at
 * a time (keyset by id) and are written out as they come, so memory stays flat whatever the size.
 */
export function createExportsService(deps: { db: Db; batchSize?: number }) {
  const { db } = deps;
  // 500 rows a batch: a batch's rows are alive while its result arrives, so they outlive young-space
  // collections and are promoted; the API's peak RSS during a 1,000,000-line export was 198–202 MB at
  // 1,000 (223 at 4,000) and 125–136 MB at 500, for 6.7 s instead of 6.3 s (250: 125 MB, 8.1 s).
  const size = deps.batchSize ?? 500;

  async function scope(user: AuthUser, p: ExportPeriod) {
    const communityId = p.communityId ?? user.communityId;
    await authorizeCommunity(db, user, 'exports.read', communityId);
    const community = await findCommunity(db, communityId);
    return { communityId, code: community?.code ?? String(communityId), name: community?.name ?? '' };
  }

  function file(
    format: ExportFormat,
    base: string,
    title: string,
    header: string[],
    batches: Batches,
  ): ExportFile {
    return format === 'xlsx'
      ? {
          filename: `${base}.xlsx`,
          title: `${title}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: toStream(xlsxChunks(title, header, batches)),
        }
      : {
          filename: `${base}.csv`,
          title: `${title}.csv`,
          contentType: 'text/csv; charset=utf-8',
          body: toStream(csvChunks(header, batches)),
        };
  }

  async function* map<T>(source: AsyncIterable<T[]>, row: (r: T) => Cell[]): Batches {
    for await (const rows of source) yield rows.map(row);
  }

  return {
    /** One row per volunteer who served in the period: hours, points and activities, from the ledger. */
    async hours(user: AuthUser, p: ExportPeriod & { format: ExportFormat }): Promise<ExportFile> {
      const c = await scope(user, p);
      const { start, end } = bounds(p);
      const fetch = (after: number) =>
        db
          .select({
            id: users.id,
            displayName: users.displayName,
            realName: users.realName,
            phone: users.phone,
            minutes: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)`.mapWith(Number),
            points: sql<number>`coalesce(sum(${ledgerEntries.amount}), 0)`.mapWith(Number),
            activities: sql<number>`count(DISTINCT ${ledgerEntries.activityId})`.mapWith(Number),
          })
          .from(ledgerEntries)
          .innerJoin(users, eq(users.id, ledgerEntries.accountId))
          .where(
            and(
              eq(ledgerEntries.communityId, c.communityId),
              gte(ledgerEntries.createdAt, start),
              lt(ledgerEntries.createdAt, end),
              gt(ledgerEntries.accountId, after),
            ),
          )
          .groupBy(users.id)
          .orderBy(asc(users.id))
          .limit(size);
      const rows = map(
        keyset(fetch, (r) => r.id, size),
        (r) => [
          r.id,
          r.realName ?? r.displayName,
          maskPhone(r.phone),
          hours(r.minutes),
          fromHundredths(r.points),
          r.activities,
          p.from,
          p.to,
        ],
      );
      return file(
        p.format,
        `volunteer-hours_${c.code}_${p.from}_${p.to}`,
        `志愿服务时长_${c.name}_${p.from}_${p.to}`,
        ['志愿者编号', '姓名', '手机号', '服务时长(小时)', '积分', '参加活动数', '起始日期', '截止日期'],
        rows,
      );
    },

    /** Every ledger line of the period, oldest first. */
    async ledger(user: AuthUser, p: ExportPeriod & { format: 'csv' }): Promise<ExportFile> {
      const c = await scope(user, p);
      const { start, end } = bounds(p);
      const causer = alias(users, 'causer');
      const fetch = (after: number) =>
        db
          .select({
            id: ledgerEntries.id,
            at: localTime(ledgerEntries.createdAt),
            volunteerId: users.id,
            volunteer: sql<string>`coalesce(${users.realName}, ${users.displayName})`,
            activity: activities.title,
            kind: ledgerEntries.kind,
            reason: ledgerEntries.reason,
            minutes: ledgerEntries.minutes,
            amount: ledgerEntries.amount,
            balanceAfter: ledgerEntries.balanceAfter,
            causedBy: causer.displayName,
          })
          .from(ledgerEntries)
          .innerJoin(users, eq(users.id, ledgerEntries.accountId))
          .innerJoin(causer, eq(causer.id, ledgerEntries.causedBy))
          .leftJoin(activities, eq(activities.id, ledgerEntries.activityId))
          .where(
            and(
              eq(ledgerEntries.communityId, c.communityId),
              gte(ledgerEntries.createdAt, start),
              lt(ledgerEntries.createdAt, end),
              gt(ledgerEntries.id, after),
            ),
          )
          .orderBy(asc(ledgerEntries.id))
          .limit(size);
      const rows = map(
        keyset(fetch, (r) => r.id, size),
        (r) => [
          r.id,
          r.at,
          r.volunteerId,
          r.volunteer,
          r.activity,
          r.kind === 'earn' ? '获得' : '更正',
          r.reason,
          hours(r.minutes),
          fromHundredths(r.amount),
          fromHundredths(r.balanceAfter),
          r.causedBy,
        ],
      );
      return file(
        p.format,
        `ledger_${c.code}_${p.from}_${p.to}`,
        `积分台账_${c.name}_${p.from}_${p.to}`,
        [
          '流水号',
          '时间',
          '志愿者编号',
          '志愿者',
          '活动',
          '类型',
          '原因',
          '时长(小时)',
          '积分',
          '余额',
          '经办人',
        ],
        rows,
      );
    },

    /** Every check at the community's merchants in the period, with the discount recorded: the reimbursement basis. */
    async discounts(user: AuthUser, p: ExportPeriod & { format: ExportFormat }): Promise<ExportFile> {
      const c = await scope(user, p);
      const { start, end } = bounds(p);
      const staff = alias(users, 'staff');
      const holder = alias(users, 'holder');
      const fetch = (after: number) =>
        db
          .select({
            id: verifications.id,
            at: localTime(verifications.createdAt),
            merchantId: merchants.id,
            merchant: merchants.name,
            licenceNo: merchants.licenceNo,
            result: verifications.result,
            reason: verifications.reason,
            staff: staff.displayName,
            holder: sql<string | null>`coalesce(${holder.realName}, ${holder.displayName})`,
            billCents: discounts.billCents,
            savingCents: discounts.savingCents,
            note: discounts.note,
            discountId: discounts.id,
            correctedAt: discounts.correctedAt,
            voidedAt: discounts.voidedAt,
            voidReason: discounts.voidReason,
          })
          .from(verifications)
          .innerJoin(merchants, eq(merchants.id, verifications.merchantId))
          .innerJoin(staff, eq(staff.id, verifications.staffId))
          .leftJoin(holder, eq(holder.id, verifications.holderId))
          .leftJoin(discounts, eq(discounts.verificationId, verifications.id))
          .where(
            and(
              eq(merchants.communityId, c.communityId),
              gte(verifications.createdAt, start),
              lt(verifications.createdAt, end),
              gt(verifications.id, after),
            ),
          )
          .orderBy(asc(verifications.id))
          .limit(size);
      const money = (cents: number | null) => (cents === null ? null : fromHundredths(cents));
      const rows = map(
        keyset(fetch, (r) => r.id, size),
        (r) => [
          r.id,
          r.at,
          r.merchantId,
          r.merchant,
          r.licenceNo,
          r.result === 'valid' ? '通过' : '未通过',
          r.reason,
          r.staff,
          maskName(r.holder),
          // A voided record claims nothing; a corrected one its corrected amounts.
          r.voidedAt ? null : money(r.billCents),
          r.voidedAt ? null : money(r.savingCents),
          r.note,
          r.discountId === null ? null : DISCOUNT_STATUS_ZH[discountStatus(r)],
          r.voidReason,
        ],
      );
      return file(
        p.format,
        `merchant-discounts_${c.code}_${p.from}_${p.to}`,
        `商家核验与优惠_${c.name}_${p.from}_${p.to}`,
        [
          '核验编号',
          '时间',
          '商家编号',
          '商家',
          '营业执照号',
          '核验结果',
          '未通过原因',
          '店员',
          '持证人',
          '消费金额(元)',
          '优惠金额(元)',
          '备注',
          '优惠记录',
          '作废原因',
        ],
        rows,
      );
    },

    /** The redemptions at the community's shops in a period, with their claims: the settlement file. */
    async redemptions(user: AuthUser, p: ExportPeriod & { format: ExportFormat }): Promise<ExportFile> {
      const c = await scope(user, p);
      const { start, end } = bounds(p);
      const staff = alias(users, 'staff');
      const holder = alias(users, 'holder');
      const fetch = (after: number) =>
        db
          .select({
            id: redemptions.id,
            at: localTime(redemptions.createdAt),
            merchantId: merchants.id,
            merchant: merchants.name,
            item: redemptionItems.title,
            cost: redemptions.cost,
            valueFen: redemptions.valueFen,
            holder: sql<string | null>`coalesce(${holder.realName}, ${holder.displayName})`,
            staff: staff.displayName,
            verificationId: redemptions.verificationId,
            movementId: redemptions.movementId,
            claimId: claimLines.claimId,
            decision: claimLines.decision,
            reason: claimLines.reason,
            claimStatus: claims.status,
            paymentRef: claims.paymentRef,
          })
          .from(redemptions)
          .innerJoin(merchants, eq(merchants.id, redemptions.merchantId))
          .innerJoin(redemptionItems, eq(redemptionItems.id, redemptions.itemId))
          .innerJoin(staff, eq(staff.id, redemptions.staffId))
          .innerJoin(holder, eq(holder.id, redemptions.holderId))
          .leftJoin(claimLines, eq(claimLines.redemptionId, redemptions.id))
          .leftJoin(claims, eq(claims.id, claimLines.claimId))
          .where(
            and(
              eq(merchants.communityId, c.communityId),
              gte(redemptions.createdAt, start),
              lt(redemptions.createdAt, end),
              gt(redemptions.id, after),
            ),
          )
          .orderBy(asc(redemptions.id))
          .limit(size);
      const DECISION_ZH: Record<string, string> = {
        pending: '待审核',
        approved: '已通过',
        rejected: '已驳回',
      };
      const CLAIM_ZH: Record<string, string> = { submitted: '已提交', decided: '已审定', paid: '已支付' };
      const rows = map(
        keyset(fetch, (r) => r.id, size),
        (r) => [
          r.id,
          r.at,
          r.merchantId,
          r.merchant,
          r.item,
          fromHundredths(r.cost),
          r.valueFen === null ? null : r.valueFen / 100,
          maskName(r.holder),
          r.staff,
          r.verificationId,
          r.movementId,
          r.claimId,
          r.claimStatus ? (CLAIM_ZH[r.claimStatus] ?? null) : null,
          r.decision ? (DECISION_ZH[r.decision] ?? null) : null,
          r.reason,
          r.paymentRef,
        ],
      );
      return file(
        p.format,
        `redemptions_${c.code}_${p.from}_${p.to}`,
        `积分兑换与结算_${c.name}_${p.from}_${p.to}`,
        [
          '兑换编号',
          '时间',
          '商家编号',
          '商家',
          '兑换项目',
          '积分',
          '价值(元)',
          '持证人',
          '店员',
          '核验编号',
          '积分流转编号',
          '结算申请编号',
          '结算状态',
          '审核结果',
          '驳回原因',
          '支付凭证',
        ],
        rows,
      );
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
