import {
  discountRecordBody,
  idParam,
  tillAlertsOut,
  tillDeviceOut,
  tillDiscountOut,
  tillMyChecksOut,
  tillShopChecksOut,
  tillVerificationOut,
  verifyBody,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { TillService } from './till.service';

export function tillRoutes(api: Api, svc: TillService) {
  api.route(
    {
      method: 'post',
      path: '/me/till-device',
      tag: 'till',
      summary:
        'Open my certificate (or alliance member credential) on this device: returns the secret its 30-s codes derive from',
      description: 'Opening it on a new device ends the old device’s codes and tells the holder.',
      access: ['volunteer', 'merchant_staff'],
      body: z.object({ label: z.string().trim().max(60).optional() }).strict(),
      status: 201,
      errors: ['till.no_credential', 'till.credential_inactive', 'merchants.not_member'],
      response: tillDeviceOut,
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
      description:
        'Refusals answer 200 with valid=false and reason: verify.code_invalid, verify.code_expired, verify.code_reused, verify.unknown, verify.device_replaced, verify.suspended, verify.revoked, verify.merchant_not_active.',
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
      summary: 'Record the discount given after a valid check (optionally the bill and the saving)',
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
      ],
      response: tillDiscountOut,
    },
    ({ user, params, body }) => svc.recordDiscount(user, params.id, body),
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
      summary: 'Suspicious use flagged for officers: distant shops within minutes, too many checks a day',
      access: ['officer', 'district_admin'],
      query: z.object({ communityId: z.coerce.number().int().positive().optional() }).strict(),
      errors: ['auth.wrong_community'],
      response: tillAlertsOut,
    },
    ({ user, query }) => svc.alerts(user, query.communityId),
  );
}
