import {
  balanceOut,
  donationBody,
  giftBody,
  giftDecisionBody,
  giftLimitsBody,
  giftLimitsOut,
  idParam,
  movementListOut,
  movementOut,
  movementsQuery,
  pendingGiftsOut,
  poolOut,
  poolSpendBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { MovementsService } from './movements.service';

/** Every refusal of an amount (whole points from 1 to 10,000). */
const AMOUNT = ['movements.amount_not_positive', 'movements.amount_not_whole', 'movements.amount_too_large'];

export function movementsRoutes(api: Api, svc: MovementsService) {
  api.route(
    {
      method: 'post',
      path: '/me/gifts',
      tag: 'movements',
      summary: 'Give points to a volunteer of my community (member number or phone)',
      description:
        'Whole points from the spendable balance (lifetime points and the certificate are untouched). Within the ' +
        "community's limits the gift is made at once (status done); above the per-gift or monthly limit it waits " +
        'for an officer (pending). `idempotencyKey`: a retry answers the first gift; the same key with other ' +
        'fields is refused. The receiver is shown only by a masked name.',
      action: 'movements.own',
      body: giftBody,
      status: 201,
      response: movementOut,
      errors: [
        ...AMOUNT,
        'movements.insufficient_balance',
        'movements.self_gift',
        'movements.receiver_required',
        'movements.receiver_not_found',
        'movements.receiver_other_community',
        'movements.receiver_disabled',
        'movements.idempotency_conflict',
      ],
    },
    ({ user, body }) => svc.give(user, body),
  );
  api.route(
    {
      method: 'post',
      path: '/me/gifts/:id/cancel',
      tag: 'movements',
      summary: 'Withdraw my gift while it waits for an officer',
      action: 'movements.own',
      params: idParam,
      response: movementOut,
      errors: ['movements.not_found', 'movements.invalid_transition'],
    },
    ({ user, params }) => svc.cancelGift(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/me/donations',
      tag: 'movements',
      summary: 'Donate points to my community pool (公益池)',
      action: 'movements.own',
      body: donationBody,
      status: 201,
      response: movementOut,
      errors: [...AMOUNT, 'movements.insufficient_balance', 'movements.idempotency_conflict'],
    },
    ({ user, body }) => svc.donate(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/me/balance',
      tag: 'movements',
      summary:
        'My spendable points and lifetime earned points, what I gave, received and donated, and the limits',
      action: 'movements.own',
      response: balanceOut,
    },
    ({ user }) => svc.balance(user),
  );
  api.route(
    {
      method: 'get',
      path: '/me/movements',
      tag: 'movements',
      summary: 'My gifts and donations, newest first (paged with `before`)',
      action: 'movements.own',
      query: movementsQuery,
      response: movementListOut,
    },
    ({ user, query }) => svc.myMovements(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/gift-limits',
      tag: 'movements',
      summary: "My community's gift limits (whole points; null: no limit)",
      action: 'movements.limits',
      response: giftLimitsOut,
    },
    ({ user }) => svc.getLimits(user),
  );
  api.route(
    {
      method: 'put',
      path: '/gift-limits',
      tag: 'movements',
      summary:
        "Set the community's gift limits: per gift and per giver per month (above them an officer approves)",
      action: 'movements.manage',
      body: giftLimitsBody,
      response: giftLimitsOut,
      errors: AMOUNT,
    },
    ({ user, body }) => svc.setLimits(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/pool',
      tag: 'movements',
      summary: 'The community pool (公益池): balance, donations, spends, gifts waiting, recent movements',
      action: 'movements.manage',
      response: poolOut,
    },
    ({ user }) => svc.pool(user),
  );
  api.route(
    {
      method: 'post',
      path: '/pool/spends',
      tag: 'movements',
      summary: "Spend the pool on a household's help request (the points leave circulation)",
      action: 'movements.manage',
      body: poolSpendBody,
      status: 201,
      response: movementOut,
      errors: [
        ...AMOUNT,
        'movements.insufficient_balance',
        'movements.idempotency_conflict',
        'movements.request_not_fundable',
        'households.request_not_found',
      ],
    },
    ({ user, body }) => svc.spendPool(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/gifts/pending',
      tag: 'movements',
      summary: 'Gifts of my community waiting for an officer (above a limit), oldest first',
      action: 'movements.manage',
      response: pendingGiftsOut,
    },
    ({ user }) => svc.pendingGifts(user),
  );
  api.route(
    {
      method: 'post',
      path: '/gifts/:id/approve',
      tag: 'movements',
      summary: "Approve a pending gift: the points move now (if the giver's balance still covers them)",
      action: 'movements.manage',
      params: idParam,
      response: movementOut,
      errors: ['movements.not_found', 'movements.invalid_transition', 'movements.insufficient_balance'],
    },
    ({ user, params }) => svc.approveGift(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/gifts/:id/reject',
      tag: 'movements',
      summary: 'Refuse a pending gift, with a reason the giver reads (the points stay with the giver)',
      action: 'movements.manage',
      params: idParam,
      body: giftDecisionBody,
      response: movementOut,
      errors: ['movements.not_found', 'movements.invalid_transition'],
    },
    ({ user, params, body }) => svc.rejectGift(user, params.id, body.reason),
  );
}
