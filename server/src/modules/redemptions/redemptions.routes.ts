import {
  idParam,
  REDEEM_WINDOW_MINUTES,
  redeemBody,
  redeemedOut,
  redemptionItemCreateBody,
  redemptionItemOwnOut,
  redemptionItemsListedOut,
  redemptionItemsOwnOut,
  redemptionItemUpdateBody,
  redemptionListOut,
  takeDownBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { RedemptionItemsService } from './redemptions.items';
import type { RedemptionsService } from './redemptions.service';

const OWNER_ERRORS = ['merchants.not_member', 'merchants.owner_only', 'merchants.not_active'] as const;

export function redemptionsRoutes(api: Api, items: RedemptionItemsService, svc: RedemptionsService) {
  api.route(
    {
      method: 'post',
      path: '/merchants/me/redemption-items',
      tag: 'redemptions',
      summary: 'The owner offers an item or voucher for points, with stock (null: no limit) and dates',
      description:
        'Whole points (1–10,000); validFrom..validTo are local dates (Asia/Shanghai), both included, at most 366 days, not already over (redemptions.invalid_dates).',
      action: 'redemptions.own',
      body: redemptionItemCreateBody,
      status: 201,
      errors: [...OWNER_ERRORS, 'redemptions.invalid_dates'],
      response: redemptionItemOwnOut,
    },
    ({ user, body }) => items.create(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/redemption-items',
      tag: 'redemptions',
      summary: "The shop's items for points, all of them (owner and staff: the till's pick list)",
      action: 'redemptions.own',
      errors: ['merchants.not_member'],
      response: redemptionItemsOwnOut,
    },
    ({ user }) => items.own(user),
  );
  api.route(
    {
      method: 'patch',
      path: '/merchants/me/redemption-items/:id',
      tag: 'redemptions',
      summary: 'The owner edits an item, sets its stock, hides or shows it, or ends it for good',
      action: 'redemptions.own',
      params: idParam,
      body: redemptionItemUpdateBody,
      errors: [
        ...OWNER_ERRORS,
        'redemptions.item_not_found',
        'redemptions.invalid_dates',
        'redemptions.invalid_transition',
      ],
      response: redemptionItemOwnOut,
    },
    ({ user, params, body }) => items.update(user, params.id, body),
  );
  api.route(
    {
      method: 'get',
      path: '/alliance/merchants/:id/redemption-items',
      tag: 'redemptions',
      summary: "A shop's published items for points (on its page), with whether each is redeemable today",
      action: 'redemptions.read',
      params: idParam,
      errors: ['merchants.not_found'],
      response: redemptionItemsListedOut,
    },
    ({ user, params }) => items.listed(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/redemption-items/:id/take-down',
      tag: 'redemptions',
      summary: 'An officer of the shop’s community takes an item down, with a reason the shop reads',
      action: 'redemptions.take_down',
      params: idParam,
      body: takeDownBody,
      errors: ['redemptions.item_not_found', 'redemptions.invalid_transition'],
      response: redemptionItemOwnOut,
    },
    ({ user, params, body }) => items.takeDown(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/verifications/:id/redemption',
      tag: 'redemptions',
      summary:
        "Staff redeem an item after a valid check of the holder's code: the points move to the shop's redemption account",
      description: `One redemption per check, within ${REDEEM_WINDOW_MINUTES} minutes of it (the code itself was single use: a screenshot is refused at the check). One movement from the holder to the shop, the stock down by one, in one transaction. The idempotencyKey (per staff member) makes a retry answer the first redemption; the same key for another check or item is redemptions.idempotency_conflict.`,
      action: 'redemptions.redeem',
      params: idParam,
      body: redeemBody,
      status: 201,
      errors: [
        'merchants.not_member',
        'merchants.not_active',
        'verify.not_found',
        'verify.not_valid',
        'redemptions.not_a_certificate',
        'redemptions.check_used',
        'redemptions.check_expired',
        'redemptions.outside_area',
        'redemptions.item_not_found',
        'redemptions.item_unavailable',
        'redemptions.item_not_started',
        'redemptions.item_expired',
        'redemptions.out_of_stock',
        'movements.insufficient_balance',
        'movements.idempotency_conflict',
        'redemptions.idempotency_conflict',
      ],
      response: redeemedOut,
    },
    ({ user, params, body }) => svc.redeem(user, params.id, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/redemptions',
      tag: 'redemptions',
      summary: "The shop's redemptions, newest first",
      action: 'redemptions.redeem',
      errors: ['merchants.not_member'],
      response: redemptionListOut,
    },
    ({ user }) => svc.shopRedemptions(user),
  );
  api.route(
    {
      method: 'get',
      path: '/me/redemptions',
      tag: 'redemptions',
      summary: 'What I redeemed at shops, newest first',
      action: 'movements.own',
      response: redemptionListOut,
    },
    ({ user }) => svc.myRedemptions(user),
  );
}
