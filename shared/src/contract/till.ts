/** Response schemas of the till module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { type VerifyReason, verifyReasons } from '../alliance';
import { countOut, dateOut, idOut, listOut, textOut, timeOut } from './common';
import { merchantDiscountOut, merchantMoneyOut } from './merchants';

/** Why a check was refused (answered with 200, never as an HTTP error). */
export const tillVerifyReasonOut = z.enum(Object.keys(verifyReasons) as [VerifyReason, ...VerifyReason[]]);
export const tillCredentialKindOut = z.enum(['certificate', 'alliance_member']);
const levelOut = z.number().int().min(0).max(3);

/** POST /me/till-device: the secret this device derives its 30-s codes from. */
export const tillDeviceOpenedOut = z.strictObject({
  deviceId: textOut(64),
  secretHex: z
    .string()
    .max(40)
    .regex(/^[0-9a-f]{40}$/),
  stepSeconds: z.number().int().min(1).max(300),
  credential: z.strictObject({ kind: tillCredentialKindOut, serial: textOut(40), level: levelOut }),
  replacedPreviousDevice: z.boolean(),
});
export type TillDeviceOpenedDto = z.infer<typeof tillDeviceOpenedOut>;

/** POST /verifications: valid, with what staff may see of the holder, or refused with a reason. */
export const tillVerificationOut = z.discriminatedUnion('valid', [
  z.strictObject({
    id: idOut,
    valid: z.literal(true),
    checkedAt: timeOut,
    credential: z.strictObject({ kind: tillCredentialKindOut, label: textOut(20), level: levelOut }),
    holder: z.strictObject({
      photoRef: textOut(500).nullable(),
      /** The holder's photo, signed for a few minutes (our own stored images only); null without one. */
      photoUrl: textOut(1000).nullable(),
      /** When an officer last approved that photo; null when it was set before any certificate. */
      photoApprovedAt: timeOut.nullable(),
      maskedName: textOut(100),
    }),
    discount: merchantDiscountOut,
    flagged: z.boolean(),
  }),
  z.strictObject({
    id: idOut,
    valid: z.literal(false),
    reason: tillVerifyReasonOut,
    message: textOut(100),
    checkedAt: timeOut,
  }),
]);
export type TillVerificationDto = z.infer<typeof tillVerificationOut>;

/** A discount record: recorded, corrected by its staff member (10 minutes), or voided by an officer. */
export const tillDiscountStatusOut = z.enum(['recorded', 'corrected', 'voided']);

/** POST and PUT /verifications/:id/discount, POST …/discount/void: the record as it counts now. */
export const tillDiscountOut = z.strictObject({
  id: idOut,
  verificationId: idOut,
  billAmount: merchantMoneyOut.nullable(),
  savingAmount: merchantMoneyOut.nullable(),
  note: textOut(200).nullable(),
  status: tillDiscountStatusOut,
  recordedAt: timeOut,
  /** The staff member who recorded it may correct it until then. */
  correctableUntil: timeOut,
  voidReason: textOut(200).nullable(),
});
export type TillDiscountDto = z.infer<typeof tillDiscountOut>;

/** GET /verifications/:id/discount: the record and its trail, oldest first. */
export const tillDiscountTrailOut = z.strictObject({
  discount: tillDiscountOut,
  trail: listOut(
    z.strictObject({
      kind: tillDiscountStatusOut,
      billAmount: merchantMoneyOut.nullable(),
      savingAmount: merchantMoneyOut.nullable(),
      note: textOut(200).nullable(),
      reason: textOut(200).nullable(),
      actor: z.strictObject({ id: idOut, displayName: textOut(100) }),
      at: timeOut,
    }),
    1000,
  ),
});
export type TillDiscountTrailDto = z.infer<typeof tillDiscountTrailOut>;

/** GET /merchants/me/checks: the shop's last 200 checks. */
export const tillShopCheckOut = z.strictObject({
  id: idOut,
  at: timeOut,
  valid: z.boolean(),
  reason: tillVerifyReasonOut.nullable(),
  /** Null when the code named no known device. */
  kind: tillCredentialKindOut.nullable(),
  discount: z
    .strictObject({
      billAmount: merchantMoneyOut.nullable(),
      savingAmount: merchantMoneyOut.nullable(),
      status: tillDiscountStatusOut,
    })
    .nullable(),
});
export type TillShopCheckDto = z.infer<typeof tillShopCheckOut>;
export const tillShopChecksOut = z.strictObject({ checks: listOut(tillShopCheckOut, 200) });

/** GET /me/checks: the last 200 checks of my credential. */
export const tillMyCheckOut = z.strictObject({
  id: idOut,
  at: timeOut,
  merchant: z.strictObject({ id: idOut, name: textOut(80) }),
  valid: z.boolean(),
  reason: tillVerifyReasonOut.nullable(),
  reasonMessage: textOut(100).nullable(),
  discount: z
    .strictObject({ savingAmount: merchantMoneyOut.nullable(), status: tillDiscountStatusOut })
    .nullable(),
});
export type TillMyCheckDto = z.infer<typeof tillMyCheckOut>;
export const tillMyChecksOut = z.strictObject({ checks: listOut(tillMyCheckOut, 200) });

const alertFields = {
  id: idOut,
  holder: z.strictObject({ id: idOut, displayName: textOut(100) }),
  verificationId: idOut,
  at: timeOut,
};

/** GET /till/alerts: suspicious use of a credential, the last 200. */
export const tillAlertOut = z.discriminatedUnion('kind', [
  z.strictObject({
    ...alertFields,
    kind: z.literal('distant_shops'),
    details: z.strictObject({
      otherVerificationId: idOut,
      otherMerchantId: idOut,
      distanceM: z.number().int().min(0).max(40_000_000),
    }),
  }),
  z.strictObject({
    ...alertFields,
    kind: z.literal('too_many_checks'),
    details: z.strictObject({ date: dateOut, checks: countOut }),
  }),
]);
export type TillAlertDto = z.infer<typeof tillAlertOut>;
export const tillAlertsOut = z.strictObject({ alerts: listOut(tillAlertOut, 200) });

// Types of the answers above that had none.
export type TillVerifyReasonDto = z.infer<typeof tillVerifyReasonOut>;
export type TillCredentialKindDto = z.infer<typeof tillCredentialKindOut>;
export type TillShopChecksDto = z.infer<typeof tillShopChecksOut>;
export type TillMyChecksDto = z.infer<typeof tillMyChecksOut>;
export type TillAlertsDto = z.infer<typeof tillAlertsOut>;
