import {
  claimCreateBody,
  claimLineDecisionBody,
  claimListOut,
  claimOut,
  claimPayBody,
  fundCreateBody,
  fundEquityOut,
  fundListOut,
  fundOut,
  idParam,
  idText,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { FundsService } from './funds.service';

export function fundsRoutes(api: Api, svc: FundsService) {
  api.route(
    {
      method: 'post',
      path: '/funds',
      tag: 'funds',
      summary:
        "Open a fund with a budget for a period (fen), optionally capped per shop: a community's, or the district's",
      description:
        'An officer opens a fund of their community; a district administrator one of a community of the district, or (no communityId) of the whole district.',
      action: 'funds.manage',
      body: fundCreateBody,
      status: 201,
      errors: ['funds.not_found', 'funds.invalid_period'],
      response: fundOut,
    },
    ({ user, body }) => svc.create(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/funds',
      tag: 'funds',
      summary: 'The funds within reach, with what each committed and has left',
      action: 'funds.manage',
      response: fundListOut,
    },
    ({ user }) => svc.list(user),
  );
  api.route(
    {
      method: 'get',
      path: '/funds/:id/claims',
      tag: 'funds',
      summary: "A fund's claims with their lines, newest first",
      action: 'funds.manage',
      params: idParam,
      errors: ['funds.not_found'],
      response: claimListOut,
    },
    ({ user, params }) => svc.fundClaims(user, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/funds/:id/equity',
      tag: 'funds',
      summary: "Where a fund's approved support went: by shop category and by owner tag",
      action: 'funds.manage',
      params: idParam,
      errors: ['funds.not_found'],
      response: fundEquityOut,
    },
    ({ user, params }) => svc.equity(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/me/claims',
      tag: 'funds',
      summary:
        "The owner files a claim on a fund for a period: the shop's redemptions in it not claimed before",
      description:
        'The period (local dates, both included) must lie within the fund’s (funds.claim_outside_period); each redemption is claimed once, at its value in fen.',
      action: 'funds.claim',
      body: claimCreateBody,
      status: 201,
      errors: [
        'merchants.not_member',
        'merchants.owner_only',
        'funds.not_found',
        'funds.not_covered',
        'funds.claim_outside_period',
        'funds.claim_empty',
      ],
      response: claimOut,
    },
    ({ user, body }) => svc.fileClaim(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/claims',
      tag: 'funds',
      summary: "The shop's claims and their lines",
      action: 'funds.claim',
      errors: ['merchants.not_member'],
      response: claimListOut,
    },
    ({ user }) => svc.shopClaims(user),
  );
  api.route(
    {
      method: 'post',
      path: '/claims/:id/lines/:lineId/decision',
      tag: 'funds',
      summary: 'An officer approves or rejects one line of a submitted claim (a rejection with a reason)',
      action: 'funds.manage',
      params: z.object({ id: idText, lineId: idText }).strict(),
      body: claimLineDecisionBody,
      errors: [
        'funds.claim_not_found',
        'funds.line_not_found',
        'funds.reason_required',
        'funds.invalid_transition',
      ],
      response: claimOut,
    },
    ({ user, params, body }) => svc.decideLine(user, params.id, params.lineId, body.approve, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/claims/:id/decide',
      tag: 'funds',
      summary:
        "An officer decides a claim whose lines are all decided: its approved total is committed against the fund's budget",
      action: 'funds.manage',
      params: idParam,
      errors: [
        'funds.claim_not_found',
        'funds.lines_undecided',
        'funds.budget_exceeded',
        'funds.shop_cap_exceeded',
        'funds.invalid_transition',
      ],
      response: claimOut,
    },
    ({ user, params }) => svc.decide(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/claims/:id/pay',
      tag: 'funds',
      summary: 'An officer marks a decided claim paid, with the payment reference',
      action: 'funds.manage',
      params: idParam,
      body: claimPayBody,
      errors: ['funds.claim_not_found', 'funds.invalid_transition'],
      response: claimOut,
    },
    ({ user, params, body }) => svc.pay(user, params.id, body.paymentRef),
  );
}
