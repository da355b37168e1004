/** Ledger lines as the 我的 page shows them: what, why, when, and the running balance. */

/** As the API answers it (inferred from the shared response schema). */
import type { LedgerLineDto } from '@timebank/shared';
import { formatDay, formatMinutes, formatPoints, formatSignedPoints, ledgerKindLabels } from './format';

export type { LedgerLineDto };

export interface LedgerLineView {
  id: number;
  amountText: string;
  positive: boolean;
  title: string;
  detail: string;
  reason: string;
  when: string;
  balanceText: string;
}

export function ledgerLineView(line: LedgerLineDto): LedgerLineView {
  const kind = ledgerKindLabels[line.kind] ?? line.kind;
  const title = line.activity ? line.activity.title : kind;
  const parts: string[] = [];
  if (line.activity) parts.push(formatDay(line.activity.startsAt));
  if (line.minutes !== null && line.minutes > 0) parts.push(`服务${formatMinutes(line.minutes)}`);
  // A correction of the hours: "时长 −30分钟" (with or without a change of points).
  if (line.minutes !== null && line.minutes < 0) parts.push(`时长 −${formatMinutes(-line.minutes)}`);
  return {
    id: line.id,
    amountText: formatSignedPoints(line.amount),
    positive: line.amount >= 0,
    title,
    detail: parts.join(' · '),
    reason: line.reason,
    when: formatDay(line.createdAt),
    balanceText: `余额 ${formatPoints(line.balanceAfter)}`,
  };
}

/** "再获得 1 积分即可领取志愿者证书", or the status when issued. */
export function certificateProgressText(c: {
  threshold: number;
  remaining: number;
  issued: boolean;
  status: string | null;
}): string {
  if (c.issued) {
    if (c.status === 'suspended') return '您的志愿者证书已暂停使用';
    if (c.status === 'revoked') return '您的志愿者证书已被收回';
    return '您已获得志愿者证书';
  }
  return `再获得 ${formatPoints(c.remaining)} 积分即可领取志愿者证书（满 ${formatPoints(c.threshold)} 分）`;
}

/** 0–100 for a progress bar towards the certificate threshold. */
export function progressPercent(lifetimeEarned: number, threshold: number): number {
  if (threshold <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((lifetimeEarned / threshold) * 100)));
}
