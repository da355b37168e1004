/**
 * 编辑店铺资料: the owner's form, sent as only what differs from the shop now. Opening hours and the
 * phone apply at once; the licence and the discount go to the community as a change request.
 */
import {
  discountLabel,
  type MerchantChangeRequestDto,
  type MerchantDto,
  merchantEditBody,
} from '@timebank/shared';
import type { z } from 'zod';
import { type Lang, t } from './i18n';

export type ShopEditBody = z.input<typeof merchantEditBody>;
export type ShopEditField =
  | 'openingHours'
  | 'contactPhone'
  | 'licenceNo'
  | 'percentOff'
  | 'discountText'
  | 'conditions';

export interface ShopEditForm {
  openingHours: string;
  contactPhone: string;
  licenceNo: string;
  mode: 'percent' | 'text';
  percentOff: string;
  discountText: string;
  conditions: string;
}

/** The form filled with the shop as it is. */
export function shopEditFormOf(
  m: Pick<MerchantDto, 'openingHours' | 'contactPhone' | 'licenceNo' | 'discount'>,
): ShopEditForm {
  return {
    openingHours: m.openingHours,
    contactPhone: m.contactPhone,
    licenceNo: m.licenceNo,
    mode: m.discount.percentOff !== null ? 'percent' : 'text',
    percentOff: m.discount.percentOff !== null ? String(m.discount.percentOff) : '',
    discountText: m.discount.text ?? '',
    conditions: m.discount.conditions ?? '',
  };
}

export type ShopEditBuilt =
  | { ok: true; body: ShopEditBody; needsReview: boolean }
  | { ok: false; errors: Partial<Record<ShopEditField | 'form', string>> };

/** The PATCH body of what changed, or each field's problem (in the user's language). */
export function buildShopEdit(
  f: ShopEditForm,
  current: Pick<MerchantDto, 'openingHours' | 'contactPhone' | 'licenceNo' | 'discount'>,
  lang: Lang,
): ShopEditBuilt {
  const errors: Partial<Record<ShopEditField | 'form', string>> = {};
  const body: ShopEditBody = {};
  const hours = f.openingHours.trim();
  if (!hours) errors.openingHours = t('shopEdit.needHours', lang);
  else if (hours !== current.openingHours) body.openingHours = hours;
  const phone = f.contactPhone.trim();
  if (!/^[0-9+\- ]{6,20}$/.test(phone)) errors.contactPhone = t('shopEdit.badPhone', lang);
  else if (phone !== current.contactPhone) body.contactPhone = phone;
  const licence = f.licenceNo.trim().toUpperCase();
  if (!/^[0-9A-Z]{15,20}$/.test(licence)) errors.licenceNo = t('shopEdit.badLicence', lang);
  else if (licence !== current.licenceNo) body.licenceNo = licence;

  const conditions = f.conditions.trim();
  let discount: { percentOff?: number; text?: string; conditions?: string } | null = null;
  if (f.mode === 'percent') {
    const p = /^\d+$/.test(f.percentOff.trim()) ? Number(f.percentOff.trim()) : Number.NaN;
    if (!Number.isInteger(p) || p < 1 || p > 90) errors.percentOff = t('shopEdit.badPercent', lang);
    else discount = { percentOff: p };
  } else {
    const text = f.discountText.trim();
    if (!text) errors.discountText = t('shopEdit.needText', lang);
    else if (text.length > 200) errors.discountText = t('manual.tooLong', lang);
    else discount = { text };
  }
  if (conditions.length > 500) errors.conditions = t('manual.tooLong', lang);
  if (discount && conditions) discount.conditions = conditions;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const now = current.discount;
  if (
    discount &&
    ((discount.percentOff ?? null) !== now.percentOff ||
      (discount.text ?? null) !== now.text ||
      (discount.conditions ?? null) !== now.conditions)
  ) {
    body.discount = discount;
  }
  if (Object.keys(body).length === 0) return { ok: false, errors: { form: t('shopEdit.nothing', lang) } };
  const parsed = merchantEditBody.safeParse(body);
  if (!parsed.success) return { ok: false, errors: { form: t('shopEdit.nothing', lang) } };
  return { ok: true, body, needsReview: body.licenceNo !== undefined || body.discount !== undefined };
}

/** The field a refusal of PATCH /merchants/me is about, or null for the whole form. */
export function shopEditFieldFor(code: string, details?: unknown): ShopEditField | null {
  if (code !== 'request.invalid' || !Array.isArray(details)) return null;
  const path = String((details[0] as { path?: unknown } | undefined)?.path ?? '');
  if (path === 'openingHours' || path === 'contactPhone' || path === 'licenceNo') return path;
  if (path === 'discount.percentOff') return 'percentOff';
  if (path === 'discount.text') return 'discountText';
  if (path === 'discount.conditions') return 'conditions';
  return null;
}

/** A change request's lines: what changes, from what to what. */
export function changeLines(
  r: Pick<MerchantChangeRequestDto, 'changes' | 'previous'>,
  lang: Lang,
): { label: string; before: string; after: string }[] {
  const lines: { label: string; before: string; after: string }[] = [];
  if (r.changes.licenceNo !== undefined) {
    lines.push({
      label: t('shopEdit.licence', lang),
      before: r.previous.licenceNo ?? '—',
      after: r.changes.licenceNo,
    });
  }
  if (r.changes.discount) {
    const show = (
      d: { percentOff: number | null; text: string | null; conditions: string | null } | undefined,
    ) => (d ? `${discountLabel(d)}${d.conditions ? `（${d.conditions}）` : ''}` : '—');
    lines.push({
      label: t('shopEdit.discount', lang),
      before: show(r.previous.discount),
      after: show(r.changes.discount),
    });
  }
  return lines;
}
