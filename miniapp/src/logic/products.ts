/**
 * Local products, offers and digital-skills statistics for the mini-program: form state → API input
 * (validated with the shared zod schemas the server uses), prices, offer windows, and chart rows.
 * Plain TypeScript: tested with ava.
 */

import type { DashboardDigitalSkillsDto, ProductDto, ProductOfferDto } from '@timebank/shared';
import {
  actionsFrom,
  type DigitalTopic,
  digitalTopics,
  MAX_PRODUCT_PHOTOS,
  type OfferCreateInput,
  offerCreateBody,
  type ProductCreateInput,
  type PublicationStatus,
  productCreateBody,
  productLifecycle,
} from '@timebank/shared';
import { type I18nKey, type Lang, t } from './i18n';

export type { ProductDto };

export type Built<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; first: string };

// ---- DTOs (as the server answers) ----

/** As the API answers it (inferred from the shared response schema). */
export type OfferDto = ProductOfferDto;

export interface DigitalTally {
  sessions: number;
  courses: number;
  attendances: number;
  people: number;
  hours: number;
}

/** As the API answers it (inferred from the shared response schema). */
export type DigitalStatsDto = DashboardDigitalSkillsDto;

// ---- prices ----

/** "25.8" or "25.80" yuan → 2580 fen; NaN for anything else (negative, three decimals, text). */
export function yuanToFen(s: string): number {
  const v = s.trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(v)) return Number.NaN;
  const [whole, frac = ''] = v.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 2580 → "25.80" (for an input box). */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen == null) return '';
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** What a shopper reads: "¥25.80", the merchant's note, or both. */
export function priceLabel(p: { priceFen: number | null; priceText: string | null }): string {
  const money = p.priceFen != null ? `¥${fenToYuan(p.priceFen)}` : '';
  if (money && p.priceText) return `${money}（${p.priceText}）`;
  return money || p.priceText || '';
}

// ---- photos ----

/** One URL a line (or separated by spaces or commas); empty lines dropped. */
export function splitPhotos(text: string): string[] {
  return text
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---- forms ----

export interface ProductForm {
  name: string;
  description: string;
  /** Yuan, as typed. */
  price: string;
  priceText: string;
  /** https URLs, one a line. */
  photos: string;
  isLocal: boolean;
}

export const emptyProductForm = (): ProductForm => ({
  name: '',
  description: '',
  price: '',
  priceText: '',
  photos: '',
  isLocal: false,
});

export function productToForm(p: ProductDto): ProductForm {
  return {
    name: p.name,
    description: p.description,
    price: fenToYuan(p.priceFen),
    priceText: p.priceText ?? '',
    photos: p.photos.join('\n'),
    isLocal: p.isLocal,
  };
}

function collect<T>(
  parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } },
  messages: (path: string) => string,
  extra: Record<string, string> = {},
): Built<T> {
  const errors: Record<string, string> = { ...extra };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const key = path.startsWith('photos') ? 'photos' : path;
      if (!errors[key]) errors[key] = messages(key);
    }
  }
  const first = Object.values(errors)[0];
  if (first !== undefined) return { ok: false, errors, first };
  return { ok: true, value: (parsed as { data: T }).data };
}

const productMessage = (lang: Lang) => (path: string) => {
  const keys: Record<string, I18nKey> = {
    name: 'products.err.name',
    description: 'products.err.description',
    priceFen: 'products.err.price',
    priceText: 'products.err.priceText',
    photos: 'products.err.photos',
  };
  const k = keys[path];
  return k ? t(k, lang, { n: MAX_PRODUCT_PHOTOS }) : t('products.err.check', lang, { v: path });
};

/** The product form → the create/edit input; the price box takes yuan, the API takes fen. */
export function buildProductInput(f: ProductForm, lang: Lang = 'zh'): Built<ProductCreateInput> {
  const extra: Record<string, string> = {};
  let priceFen: number | null = null;
  if (f.price.trim() !== '') {
    priceFen = yuanToFen(f.price);
    if (Number.isNaN(priceFen)) extra.priceFen = t('products.err.price', lang);
  }
  const parsed = productCreateBody.safeParse({
    name: f.name,
    description: f.description,
    priceFen: Number.isNaN(priceFen) ? null : priceFen,
    priceText: f.priceText.trim() === '' ? null : f.priceText,
    photos: splitPhotos(f.photos),
    isLocal: f.isLocal,
  });
  return collect(parsed, productMessage(lang), extra);
}

export interface OfferForm {
  title: string;
  description: string;
  validFrom: string;
  validTo: string;
  photo: string;
}

export function emptyOfferForm(today: string): OfferForm {
  return { title: '', description: '', validFrom: today, validTo: today, photo: '' };
}

export function offerToForm(o: OfferDto): OfferForm {
  return {
    title: o.title,
    description: o.description,
    validFrom: o.validFrom,
    validTo: o.validTo,
    photo: o.photo ?? '',
  };
}

/** The offer form → input; it may not end before today (a local date, as the server checks). */
export function buildOfferInput(f: OfferForm, today: string, lang: Lang = 'zh'): Built<OfferCreateInput> {
  const extra: Record<string, string> = {};
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.validTo) && f.validTo < today) extra.validTo = t('offers.err.past', lang);
  const parsed = offerCreateBody.safeParse({
    title: f.title,
    description: f.description,
    validFrom: f.validFrom,
    validTo: f.validTo,
    photo: f.photo.trim() === '' ? null : f.photo,
  });
  const keys: Record<string, I18nKey> = {
    title: 'offers.err.title',
    description: 'products.err.description',
    validFrom: 'offers.err.dates',
    validTo: 'offers.err.dates',
    photo: 'products.err.photos',
  };
  return collect(
    parsed,
    (path) => {
      const k = keys[path];
      return k ? t(k, lang, { n: 1 }) : t('products.err.check', lang, { v: path });
    },
    extra,
  );
}

// ---- offers on the page ----

const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** "今天截止", "还剩 3 天", "12月1日开始", or "已结束", from local (Asia/Shanghai) dates. */
export function offerWindowLabel(
  o: { validFrom: string; validTo: string },
  today: string,
  lang: Lang = 'zh',
) {
  if (today < o.validFrom) {
    const [, m, d] = o.validFrom.split('-').map(Number);
    return t('offers.startsOn', lang, { m: m!, d: d! });
  }
  if (today > o.validTo) return t('offers.ended', lang);
  const left = dayNo(o.validTo) - dayNo(today);
  return left === 0 ? t('offers.endsToday', lang) : t('offers.daysLeft', lang, { n: left + 1 });
}

/**
 * The owner's show/hide button for a product or offer, from the shared table: 'hide' while published,
 * 'show' while hidden, none once taken down (an officer's take-down is final).
 */
export function ownerToggle(status: PublicationStatus): 'hide' | 'show' | null {
  const [action] = actionsFrom(productLifecycle, status, 'owner');
  return action === 'hide' || action === 'show' ? action : null;
}

/** The label and tag colour of a product or offer's status, for the shop's own list. */
export function publicationView(
  status: 'published' | 'hidden' | 'taken_down' | undefined,
  lang: Lang = 'zh',
): { label: string; tag: string } {
  if (status === 'hidden') return { label: t('products.status.hidden', lang), tag: 'tag tag--amber' };
  if (status === 'taken_down') return { label: t('products.status.taken_down', lang), tag: 'tag tag--red' };
  return { label: t('products.status.published', lang), tag: 'tag tag--green' };
}

// ---- digital skills ----

export const DIGITAL_TOPIC: Record<DigitalTopic | 'unspecified', { zh: string; en: string }> = {
  mobile_payment: { zh: '手机支付', en: 'Mobile payment' },
  online_services: { zh: '网上办事', en: 'Online public services' },
  health_code: { zh: '健康码 · 就医挂号', en: 'Health code and appointments' },
  video_calls: { zh: '视频通话', en: 'Video calls' },
  online_shopping: { zh: '网上购物', en: 'Online shopping' },
  fraud_prevention: { zh: '防范电信诈骗', en: 'Avoiding phone scams' },
  smartphone_basics: { zh: '智能手机入门', en: 'Smartphone basics' },
  other: { zh: '其他', en: 'Other' },
  unspecified: { zh: '未标注主题', en: 'No topic' },
};

export const topicOptions = digitalTopics;

export function topicLabel(topic: string, lang: Lang = 'zh'): string {
  return (DIGITAL_TOPIC as Record<string, { zh: string; en: string }>)[topic]?.[lang] ?? topic;
}

/** Month bars: height relative to the busiest month, by sessions. */
export function monthBars(byMonth: DigitalStatsDto['byMonth'], lang: Lang = 'zh') {
  const max = Math.max(0, ...byMonth.map((m) => m.sessions));
  return byMonth.map((m) => ({
    key: m.month,
    label: lang === 'en' ? m.month.slice(2) : `${Number(m.month.slice(5))}月`,
    valueText: m.sessions ? String(m.sessions) : '',
    heightPct: max ? Math.round((m.sessions / max) * 100) : 0,
    hours: m.hours,
  }));
}

/** Topics, most sessions first, with each one's share of the sessions in whole percent. */
export function topicRows(byTopic: DigitalStatsDto['byTopic'], lang: Lang = 'zh') {
  const total = byTopic.reduce((s, x) => s + x.sessions, 0);
  return [...byTopic]
    .sort((a, b) => b.sessions - a.sessions || a.topic.localeCompare(b.topic))
    .map((x) => ({
      topic: x.topic,
      label: topicLabel(x.topic, lang),
      sessions: x.sessions,
      people: x.people,
      hours: x.hours,
      sharePct: total ? Math.round((x.sessions / total) * 100) : 0,
    }));
}
