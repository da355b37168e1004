import { z } from 'zod';
import { decimalText, idBody, idText, isoDate, photoRef } from './primitives';
import { distanceMetres } from './rules';

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const money = z.number().min(0).max(1_000_000).multipleOf(0.01);

export const merchantCategories = ['food', 'retail', 'fitness', 'services', 'education', 'other'] as const;
export const merchantTags = ['independent', 'women_owned', 'minority_owned', 'migrant_owned'] as const;
export const merchantStatuses = ['applied', 'active', 'warned', 'suspended', 'removed', 'rejected'] as const;
export type MerchantStatus = (typeof merchantStatuses)[number];
export const merchantActions = ['approve', 'reject', 'warn', 'suspend', 'reinstate', 'remove'] as const;
export type MerchantAction = (typeof merchantActions)[number];

/** Only merchants in good standing verify certificates and appear in the directory. */
export const isMerchantInAlliance = (s: MerchantStatus) => s === 'active' || s === 'warned';

/** 8折 = pay 80% = 20% off. */
export function discountLabel(d: { percentOff: number | null; text: string | null }): string {
  if (d.percentOff !== null) {
    const zhe = (100 - d.percentOff) / 10;
    return `持证消费${Number.isInteger(zhe) ? zhe : zhe.toFixed(1).replace(/\.0$/, '')}折`;
  }
  return d.text ?? '';
}

export const PLEDGE_VERSION = '2026-01';

export const discountSchema = z
  .object({
    /** 20 means 20% off (8折). */
    percentOff: z.number().int().min(1).max(90).optional(),
    text: z.string().trim().min(1).max(200).optional(),
    conditions: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((d) => d.percentOff !== undefined || d.text !== undefined, {
    message: 'discount_required',
  });

export const merchantApplicationBody = z
  .object({
    communityId: idBody,
    owner: z
      .object({
        username: z
          .string()
          .trim()
          .max(32)
          .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/i, 'username_format'),
        password: z.string().min(8).max(200),
        displayName: trimmed(40),
      })
      .strict(),
    name: trimmed(80),
    category: z.enum(merchantCategories),
    tags: z.array(z.enum(merchantTags)).max(4).default([]),
    address: trimmed(200),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    openingHours: trimmed(200),
    contactPhone: z
      .string()
      .trim()
      .max(20)
      .regex(/^[0-9+\- ]{6,20}$/, 'phone_digits'),
    licenceNo: z
      .string()
      .trim()
      .max(20)
      .regex(/^[0-9A-Z]{15,20}$/, 'credit_code_format'),
    photos: z.array(photoRef).max(9).default([]),
    discount: discountSchema,
    pledge: z.object({ accepted: z.literal(true), version: z.literal(PLEDGE_VERSION) }).strict(),
  })
  .strict();
export type MerchantApplication = z.infer<typeof merchantApplicationBody>;

export const merchantTransitionBody = z
  .object({ action: z.enum(merchantActions), reason: trimmed(500) })
  .strict();

export const staffInviteBody = z
  .object({
    username: z
      .string()
      .trim()
      .max(32)
      .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/i, 'username_format'),
    password: z.string().min(8).max(200),
    displayName: trimmed(40),
  })
  .strict();

export const merchantListQuery = z
  .object({ status: z.enum(merchantStatuses).optional(), communityId: idText.optional() })
  .strict();

export const directoryQuery = z
  .object({
    category: z.enum(merchantCategories).optional(),
    tag: z.enum(merchantTags).optional(),
    q: z.string().trim().max(40).optional(),
    lat: decimalText(-90, 90).optional(),
    lng: decimalText(-180, 180).optional(),
  })
  .strict()
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: 'lat_lng_together' });

export const verifyBody = z.object({ code: trimmed(200) }).strict();

export const discountRecordBody = z
  .object({
    billAmount: money.optional(),
    savingAmount: money.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();

export const reportBody = z
  .object({
    kind: z.enum(['refused_discount', 'lent_certificate']),
    merchantId: idBody.optional(),
    verificationId: idBody.optional(),
    description: trimmed(1000),
  })
  .strict();

export const discountVoidBody = z.object({ reason: trimmed(200) }).strict();

export const caseNoteBody = z.object({ note: trimmed(1000) }).strict();
export const caseCloseBody = z
  .object({ outcome: trimmed(1000), resolution: z.enum(['upheld', 'dismissed']) })
  .strict();
export const caseListQuery = z
  .object({ status: z.enum(['open', 'closed']).optional(), communityId: idText.optional() })
  .strict();

export type CertificateStatus = 'active' | 'suspended' | 'revoked';
/** What an officer does to a certificate (the lifecycle's other move is an overturned appeal). */
export type CertificateAction = 'suspend' | 'reinstate' | 'revoke';
export const certificateActionBody = z
  .object({ action: z.enum(['suspend', 'reinstate', 'revoke']), reason: trimmed(500) })
  .strict();
export const appealBody = z.object({ text: trimmed(1000) }).strict();
export const appealDecisionBody = z
  .object({ decision: z.enum(['upheld', 'overturned']), note: trimmed(1000) })
  .strict();

export const boardPostBody = z
  .object({
    kind: z.enum(['recruitment', 'activity_push']),
    title: trimmed(80),
    body: trimmed(2000),
  })
  .strict();
export const takeDownBody = z.object({ reason: trimmed(500) }).strict();

export const periodQuery = z
  .object({
    from: isoDate,
    to: isoDate,
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from_after_to' });

/** Suspicious use of one certificate: two shops far apart within minutes, or too many checks a day. */
export const SUSPICIOUS_DISTANCE_M = 3000;
export const SUSPICIOUS_WINDOW_MIN = 15;
export const MAX_CHECKS_PER_DAY = 6;

export interface TillAlert {
  kind: 'distant_shops' | 'too_many_checks';
  details: Record<string, unknown>;
}

/**
 * The alerts a valid check raises: the same credential checked valid at a shop more than
 * SUSPICIOUS_DISTANCE_M away within the last SUSPICIOUS_WINDOW_MIN minutes (`recent`: those checks,
 * this one excluded), or more than MAX_CHECKS_PER_DAY valid checks in this local day (`checksToday`:
 * this one included).
 */
export function tillSuspicion(
  here: { lat: number; lng: number },
  recent: ReadonlyArray<{ id: number; merchantId: number; lat: number; lng: number }>,
  checksToday: number,
  today: string,
): TillAlert[] {
  const alerts: TillAlert[] = [];
  for (const r of recent) {
    const d = distanceMetres(here, r);
    if (d > SUSPICIOUS_DISTANCE_M) {
      alerts.push({
        kind: 'distant_shops',
        details: { otherVerificationId: r.id, otherMerchantId: r.merchantId, distanceM: d },
      });
      break;
    }
  }
  if (checksToday > MAX_CHECKS_PER_DAY)
    alerts.push({ kind: 'too_many_checks', details: { date: today, checks: checksToday } });
  return alerts;
}

/** Why a check at the till was refused; returned in the answer, never as an HTTP error. */
export const verifyReasons = {
  'verify.code_invalid': { zh: '无法识别的二维码', en: 'Not a certificate code' },
  'verify.code_expired': {
    zh: '二维码已过期，请让持证人刷新',
    en: 'The code has expired; ask the holder to refresh',
  },
  'verify.code_reused': {
    zh: '该二维码已被使用过（可能是截图）',
    en: 'This code was already used (a screenshot?)',
  },
  'verify.unknown': { zh: '查无此证', en: 'Unknown certificate' },
  'verify.device_replaced': {
    zh: '证书已在另一台手机上打开，此码作废',
    en: 'The certificate was opened on another phone',
  },
  'verify.device_closed': {
    zh: '持证人已关闭这台手机上的证书，此码作废',
    en: 'The holder closed the certificate on this phone',
  },
  'verify.holder_disabled': { zh: '持证人账号已停用', en: "The holder's account is disabled" },
  'verify.suspended': { zh: '证书已暂停使用', en: 'The certificate is suspended' },
  'verify.revoked': { zh: '证书已被收回', en: 'The certificate has been revoked' },
  'verify.merchant_not_active': { zh: '该商家已不在联盟中', en: 'The alliance member is no longer active' },
  'verify.own_shop': {
    zh: '不能在本店核验本店店主或店员的证件',
    en: "A shop cannot honour its own owner's or staff's credential",
  },
  'verify.outside_area': {
    zh: '该证书不在本店的通存通兑范围内',
    en: "This certificate is not honoured here: the shop is outside the certificate's area",
  },
} as const;
export type VerifyReason = keyof typeof verifyReasons;
