import {
  discountRecordBody,
  discountVoidBody,
  idParam,
  idText,
  TILL_CORRECTION_MINUTES,
  TILL_ROUNDING_CENTS,
  TILL_STEP_SECONDS,
  tillAlertsOut,
  tillDeviceIdParam,
  tillDeviceListOut,
  tillDeviceOpenedOut,
  tillDiscountOut,
  tillDiscountTrailOut,
  tillMyChecksOut,
  tillShopChecksOut,
  tillVerificationOut,
  verifyBody,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { TillDevicesService } from './till.devices';
import type { TillDiscountsService } from './till.discounts';
import type { TillService } from './till.service';

/** The till code, as shared/src/till.ts makes it and till.service.ts checks it. */
export const TILL_CODE_FORMAT = `The holder's code is \`TB1.<device>.<step>.<otp>\`: <device> is the device id from POST /me/till-device (8–64 of A–Z a–z 0–9 _ -); <step> is floor(Unix seconds / ${TILL_STEP_SECONDS}) in decimal; <otp> is 6 digits, HMAC-SHA-256 keyed with the device's secretHex over the step as an 8-byte big-endian integer, RFC 4226 dynamic truncation, modulo 10^6, zero-padded (TOTP in the spirit of RFC 6238, ${TILL_STEP_SECONDS}-s step). The server accepts a step from one before to one after its own current step (a code is good for up to ${3 * TILL_STEP_SECONDS} s around its ${TILL_STEP_SECONDS} s, allowing a step of clock skew either way), and each (device, step) once at any API process: an older step is verify.code_expired, a later one or wrong digits verify.code_invalid, a second use verify.code_reused.`;

const AMOUNT_RULES = `Amounts in yuan with at most two decimals. When the shop's discount is a percentage the bill is required (till.bill_required) and the saving must lie within ¥${TILL_ROUNDING_CENTS / 100} of that percentage of the bill (till.saving_inconsistent); the saving is always more than 0 (till.saving_not_positive) and never more than the bill (till.saving_exceeds_bill).`;
const AMOUNT_CODES = [
  'till.bill_required',
  'till.saving_not_positive',
  'till.saving_exceeds_bill',
  'till.saving_inconsistent',
] as const;

export function tillRoutes(
  api: Api,
  svc: TillService,
  devices: TillDevicesService,
  discounts: TillDiscountsService,
) {
  api.route(
    {
      method: 'post',
      path: '/me/till-device',
      tag: 'till',
      summary:
        'Open my certificate (or alliance member credential) on this device: returns the secret its 30-s codes derive from',
      description: `Opening it on a new device ends the old device’s codes and tells the holder. ${TILL_CODE_FORMAT}`,
      access: ['volunteer', 'merchant_staff'],
      body: z.object({ label: z.string().trim().max(60).optional() }).strict(),
      status: 201,
      errors: ['till.no_credential', 'till.credential_inactive', 'merchants.not_member'],
      response: tillDeviceOpenedOut,
    },
    ({ user, body }) => svc.openOnDevice(user, body.label),
  );
  api.route(
    {
      method: 'post',
      path: '/verifications',
      limit: { max: 60, windowSeconds: 60 },
      tag: 'till',
      summary:
        "Staff scan a holder's code: valid or not with a reason code; when valid, photo, masked name, level and this shop's discount",
      description: `Refusals answer 200 with valid=false and reason: verify.code_invalid, verify.code_expired, verify.code_reused, verify.unknown, verify.device_replaced, verify.device_closed, verify.holder_disabled, verify.suspended, verify.revoked, verify.merchant_not_active, verify.own_shop (a shop honouring its own owner's or staff's credential), verify.outside_area (a certificate outside the area both communities honour: 通存通兑, see GET /acceptance). A disabled or removed staff member is refused at once (403 auth.account_disabled, 403 merchants.not_member), whatever a session cache holds. ${TILL_CODE_FORMAT}`,
      access: ['merchant_staff'],
      body: verifyBody,
      errors: ['merchants.not_active', 'merchants.not_member', 'merchants.not_found'],
      response: tillVerificationOut,
    },
    ({ user, body }) => svc.verify(user, body.code),
  );
  api.route(
    {
      method: 'post',
      path: '/verifications/:id/discount',
      tag: 'till',
      summary: 'Record the discount given after a valid check: the bill and the saving',
      description: `Once per check. ${AMOUNT_RULES}`,
      access: ['merchant_staff'],
      params: idParam,
      body: discountRecordBody,
      status: 201,
      errors: [
        'verify.not_found',
        'verify.not_valid',
        'verify.discount_recorded',
        'merchants.not_member',
        'merchants.not_active',
        ...AMOUNT_CODES,
      ],
      response: tillDiscountOut,
    },
    ({ user, params, body }) => discounts.record(user, params.id, body),
  );
  api.route(
    {
      method: 'put',
      path: '/verifications/:id/discount',
      tag: 'till',
      summary: `Correct a discount record: only the staff member who recorded it, within ${TILL_CORRECTION_MINUTES} minutes`,
      description: `The new amounts replace the old ones in every report and export; the old ones stay in the record's trail. ${AMOUNT_RULES}`,
      access: ['merchant_staff'],
      params: idParam,
      body: discountRecordBody,
      errors: [
        'verify.not_found',
        'verify.not_valid',
        'till.discount_not_found',
        'till.discount_voided',
        'till.correction_not_yours',
        'till.correction_window_closed',
        'merchants.not_member',
        'merchants.not_active',
        ...AMOUNT_CODES,
      ],
      response: tillDiscountOut,
    },
    ({ user, params, body }) => discounts.correct(user, params.id, body),
  );
  api.route(
    {
      method: 'get',
      path: '/verifications/:id/discount',
      tag: 'till',
      summary:
        "A discount record and its trail (recorded, corrected, voided), for the shop's staff and the community's officers",
      access: ['merchant_staff', 'officer', 'district_admin'],
      params: idParam,
      errors: ['verify.not_found', 'till.discount_not_found', 'merchants.not_member'],
      response: tillDiscountTrailOut,
    },
    ({ user, params }) => discounts.trail(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/verifications/:id/discount/void',
      tag: 'till',
      summary:
        "An officer voids a discount record with a reason: it no longer counts in the shop's report, the dashboard, the board or the exports",
      access: ['officer', 'district_admin'],
      params: idParam,
      body: discountVoidBody,
      errors: ['verify.not_found', 'till.discount_not_found', 'till.discount_voided'],
      response: tillDiscountOut,
    },
    ({ user, params, body }) => discounts.void(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/checks',
      tag: 'till',
      summary: "My shop's checks and discounts",
      access: ['merchant_staff'],
      errors: ['merchants.not_member'],
      response: tillShopChecksOut,
    },
    ({ user }) => svc.shopChecks(user),
  );
  api.route(
    {
      method: 'get',
      path: '/me/checks',
      tag: 'till',
      summary: 'Every check of my certificate: shop, time, result',
      access: ['volunteer', 'merchant_staff'],
      response: tillMyChecksOut,
    },
    ({ user }) => svc.myChecks(user),
  );
  api.route(
    {
      method: 'get',
      path: '/till/alerts',
      tag: 'till',
      summary:
        "Suspicious use flagged for officers: distant shops within minutes, too many checks a day — at the community's shops and of its holders' certificates elsewhere",
      access: ['officer', 'district_admin'],
      query: z.object({ communityId: idText.optional() }).strict(),
      errors: ['auth.wrong_community'],
      response: tillAlertsOut,
    },
    ({ user, query }) => svc.alerts(user, query.communityId),
  );
  api.route(
    {
      method: 'get',
      path: '/me/till-devices',
      tag: 'till',
      summary:
        'The devices my certificate (or member credential) was opened on, newest first, with the last check',
      access: ['volunteer', 'merchant_staff'],
      response: tillDeviceListOut,
    },
    ({ user }) => devices.list(user),
  );
  api.route(
    {
      method: 'delete',
      path: '/me/till-devices/:id',
      tag: 'till',
      summary: 'Close one of my devices (a lost phone): its codes are refused at once (verify.device_closed)',
      description:
        'Closing an ended device again changes nothing. Open the credential again on the new phone.',
      access: ['volunteer', 'merchant_staff'],
      params: tillDeviceIdParam,
      status: 204,
      errors: ['till.device_not_found'],
    },
    ({ user, params }) => devices.close(user, params.id),
  );
}
