import {
  idParam,
  merchantChangeApproveBody,
  merchantChangeListQuery,
  merchantChangeRejectBody,
  merchantChangeRequestOut,
  merchantChangeRequestsOut,
  merchantEditBody,
  merchantEditOut,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { MerchantChangesService } from './merchants.changes';

const DECISION_ERRORS = ['merchants.change_not_found', 'merchants.change_decided'] as const;

/** Registered before the other merchants routes, so /merchants/change-requests is not read as /merchants/:id. */
export function merchantChangesRoutes(api: Api, svc: MerchantChangesService) {
  api.route(
    {
      method: 'get',
      path: '/merchants/me/change-requests',
      tag: 'merchants',
      summary: "The owner's change requests of the licence and the discount, newest first",
      action: 'merchants.own',
      errors: ['merchants.owner_only', 'merchants.not_member', 'merchants.not_found'],
      response: merchantChangeRequestsOut,
    },
    ({ user }) => svc.mine(user),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/change-requests',
      tag: 'merchants',
      summary: "The community's shop change requests (pending unless a status is asked), newest first",
      action: 'merchants.changes',
      query: merchantChangeListQuery,
      errors: ['auth.wrong_community'],
      response: merchantChangeRequestsOut,
    },
    ({ user, query }) => svc.list(user, query),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/change-requests/:id/approve',
      tag: 'merchants',
      summary: 'An officer approves a change request: the shop takes the new licence or discount at once',
      action: 'merchants.changes',
      params: idParam,
      body: merchantChangeApproveBody,
      errors: DECISION_ERRORS,
      response: merchantChangeRequestOut,
    },
    ({ user, params, body }) => svc.decide(user, params.id, 'approve', body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/change-requests/:id/reject',
      tag: 'merchants',
      summary: 'An officer rejects a change request with a reason: the shop keeps its vetted values',
      action: 'merchants.changes',
      params: idParam,
      body: merchantChangeRejectBody,
      errors: DECISION_ERRORS,
      response: merchantChangeRequestOut,
    },
    ({ user, params, body }) => svc.decide(user, params.id, 'reject', body.reason),
  );
}

/** PATCH /merchants/me, registered beside GET /merchants/me (see merchants.routes.ts). */
export function merchantEditRoute(api: Api, svc: MerchantChangesService) {
  api.route(
    {
      method: 'patch',
      path: '/merchants/me',
      tag: 'merchants',
      summary:
        "The owner edits the shop: opening hours, phone and tags at once; the licence and the discount as a change request for the community's officers",
      description:
        'Until an officer approves it the shop keeps its vetted licence and discount. At most one change request waits per shop (merchants.change_pending); a body that changes nothing is merchants.nothing_changed.',
      action: 'merchants.own',
      body: merchantEditBody,
      errors: [
        'merchants.owner_only',
        'merchants.not_member',
        'merchants.not_found',
        'merchants.change_pending',
        'merchants.nothing_changed',
      ],
      response: merchantEditOut,
    },
    ({ user, body }) => svc.edit(user, body),
  );
}
