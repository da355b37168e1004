/**
 * Items for points (积分兑换), for the pages: how an item reads (points, stock, dates), what the till
 * may offer after a valid check, the idempotency key of a confirmation (kept for its retries), the
 * owner's form and the moves the owner may make. Plain TypeScript: tested with ava.
 */
import {
  actionsFrom,
  MAX_REDEMPTION_STOCK,
  type RedemptionItemDto,
  type RedemptionItemOwnDto,
  type RedemptionItemStatus,
  redemptionDatesOk,
  redemptionItemLifecycle,
} from '@timebank/shared';
import { formatPoints } from './format';
import { parseMoney } from './forms';
import { type I18nKey, type Lang, t } from './i18n';
import { newIdempotencyKey } from './movements';

export type { RedemptionItemDto, RedemptionItemOwnDto };

/** "剩 3 份", "不限量", "已兑完". */
export function stockLabel(stock: number | null, lang: Lang): string {
  if (stock === null) return t('rd.stock.unlimited', lang);
  if (stock <= 0) return t('rd.stock.none', lang);
  return t('rd.stock.left', lang, { n: stock });
}

/** One line under the item's name: points, its worth, what is left. */
export function itemLine(i: Pick<RedemptionItemDto, 'points' | 'valueFen' | 'stock'>, lang: Lang): string {
  const parts = [t('rd.points', lang, { n: formatPoints(i.points) })];
  if (i.valueFen !== null) {
    const yuan = i.valueFen / 100;
    parts.push(t('rd.value', lang, { v: Number.isInteger(yuan) ? String(yuan) : yuan.toFixed(2) }));
  }
  parts.push(stockLabel(i.stock, lang));
  return parts.join(' · ');
}

/**
 * What staff may pick at the till: the redeemable items, cheapest first, each marked whether the
 * holder's points (when known) cover it. The server decides again.
 */
export function tillChoices(items: RedemptionItemDto[], spendable: number | null = null) {
  return items
    .filter((i) => i.redeemable)
    .sort((a, b) => a.points - b.points || a.id - b.id)
    .map((i) => ({ ...i, affordable: spendable === null || spendable >= i.points }));
}

export interface RedeemAttempt {
  verificationId: number;
  itemId: number;
  key: string;
}

/**
 * The key of a confirmation: the same check and item keep the key of the last attempt (a retry after
 * a lost answer redeems once); anything else gets a new one.
 */
export function attemptFor(
  last: RedeemAttempt | null,
  verificationId: number,
  itemId: number,
  newKey: () => string = newIdempotencyKey,
): RedeemAttempt {
  if (last && last.verificationId === verificationId && last.itemId === itemId) return last;
  return { verificationId, itemId, key: newKey() };
}

export interface ItemForm {
  title: string;
  description: string;
  points: string;
  value: string;
  stock: string;
  validFrom: string;
  validTo: string;
}

export type ItemField = 'title' | 'points' | 'value' | 'stock' | 'dates';

/** The body of POST /merchants/me/redemption-items, or the first field in error with its message key. */
export function itemBodyOf(
  f: ItemForm,
  today: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; field: ItemField; error: I18nKey } {
  const title = f.title.trim();
  if (title.length < 1 || title.length > 60) return { ok: false, field: 'title', error: 'rd.err.title' };
  const points = Number(f.points.trim());
  if (!/^\d+$/.test(f.points.trim()) || points < 1 || points > 10_000)
    return { ok: false, field: 'points', error: 'rd.err.points' };
  const value = parseMoney(f.value);
  if (Number.isNaN(value) || (value !== undefined && value > 100_000))
    return { ok: false, field: 'value', error: 'rd.err.value' };
  const stockText = f.stock.trim();
  const stock = stockText === '' ? null : Number(stockText);
  if (stock !== null && (!/^\d+$/.test(stockText) || stock > MAX_REDEMPTION_STOCK))
    return { ok: false, field: 'stock', error: 'rd.err.stock' };
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(f.validFrom) || !iso.test(f.validTo) || !redemptionDatesOk(f.validFrom, f.validTo, today))
    return { ok: false, field: 'dates', error: 'rd.err.dates' };
  return {
    ok: true,
    body: {
      title,
      ...(f.description.trim() ? { description: f.description.trim() } : {}),
      points,
      valueFen: value === undefined ? null : Math.round(value * 100),
      stock,
      validFrom: f.validFrom,
      validTo: f.validTo,
    },
  };
}

const TARGET: Record<string, RedemptionItemStatus> = { hide: 'hidden', show: 'published', end: 'ended' };

/** The buttons the owner gets on an item: the lifecycle's owner moves from its status, with the status each sets. */
export function ownerActions(status: RedemptionItemStatus) {
  return actionsFrom(redemptionItemLifecycle, status, 'owner').map((a) => ({
    action: a,
    label: `rd.action.${a}` as I18nKey,
    status: TARGET[a]!,
  }));
}
