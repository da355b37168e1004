import {
  helpRequestBody,
  helpRequestCloseBody,
  helpRequestConvertBody,
  helpRequestConvertedOut,
  helpRequestListQuery,
  helpRequestOut,
  helpRequestsListOut,
  householdCreateBody,
  householdDetailOut,
  householdListQuery,
  householdLogOut,
  householdOut,
  householdProxyAddedOut,
  householdProxyBody,
  householdProxyDetailOut,
  householdProxyParam,
  householdsListOut,
  householdsMineOut,
  householdUpdateBody,
  householdWithdrawBody,
  idParam,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { HouseholdsService } from './households.service';

/** Households in need are kept by the officers of their own community only. */
/** Proxies are volunteers the officer linked to a household. */

export function householdsRoutes(api: Api, svc: HouseholdsService) {
  // ---- officers ----
  api.route(
    {
      method: 'post',
      path: '/households',
      tag: 'households',
      summary: 'Register a household in need, with its consent (who, when, which wording); minimal data',
      action: 'households.manage',
      body: householdCreateBody,
      status: 201,
      errors: ['households.consent_required'],
      response: householdOut,
    },
    ({ user, body }) => svc.register(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/households',
      tag: 'households',
      summary: "The community's households (active by default), with open and scheduled requests",
      action: 'households.manage',
      query: householdListQuery,
      response: householdsListOut,
    },
    ({ user, query }) => svc.list(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/households/:id',
      tag: 'households',
      summary: 'One household: its proxies, requests, and who helped when, with hours',
      action: 'households.manage',
      params: idParam,
      errors: ['households.not_found'],
      response: householdDetailOut,
    },
    ({ user, params }) => svc.get(user, params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/households/:id',
      tag: 'households',
      summary: "Correct a household's label, category, address, phone or notes",
      action: 'households.manage',
      params: idParam,
      body: householdUpdateBody,
      errors: ['households.not_found', 'households.archived'],
      response: householdOut,
    },
    ({ user, params, body }) => svc.update(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/households/:id/withdraw-consent',
      tag: 'households',
      summary: 'Record a withdrawn consent: archive the household and clear its personal data',
      action: 'households.manage',
      params: idParam,
      body: householdWithdrawBody,
      errors: ['households.not_found', 'households.archived'],
      response: householdOut,
    },
    ({ user, params, body }) => svc.withdrawConsent(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'get',
      path: '/households/:id/log',
      tag: 'households',
      summary: "The household's action log: who did what and when, every proxy action included",
      action: 'households.manage',
      params: idParam,
      errors: ['households.not_found'],
      response: householdLogOut,
    },
    ({ user, params }) => svc.actionLog(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/households/:id/proxies',
      tag: 'households',
      summary: 'Register a proxy (a volunteer of the community: family member or neighbour)',
      action: 'households.manage',
      params: idParam,
      body: householdProxyBody,
      status: 201,
      errors: [
        'households.not_found',
        'households.archived',
        'households.proxy_invalid',
        'households.proxy_exists',
      ],
      response: householdProxyAddedOut,
    },
    ({ user, params, body }) => svc.addProxy(user, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/households/:id/proxies/:userId',
      tag: 'households',
      summary: 'Remove a proxy',
      action: 'households.manage',
      params: householdProxyParam,
      errors: ['households.not_found', 'households.proxy_not_found'],
      status: 204,
    },
    ({ user, params }) => svc.removeProxy(user, params.id, params.userId),
  );
  api.route(
    {
      method: 'post',
      path: '/households/:id/requests',
      tag: 'households',
      summary: 'Raise a help request for a household (meal, bath, shopping, visit, digital help)',
      action: 'households.manage',
      params: idParam,
      body: helpRequestBody,
      status: 201,
      errors: ['households.not_found', 'households.archived'],
      response: helpRequestOut,
    },
    ({ user, params, body }) => svc.raiseAsOfficer(user, params.id, body),
  );
  api.route(
    {
      method: 'get',
      path: '/help-requests',
      tag: 'households',
      summary: "The community's help requests, newest first",
      action: 'households.manage',
      query: helpRequestListQuery,
      response: helpRequestsListOut,
    },
    ({ user, query }) => svc.listRequests(user, query),
  );
  api.route(
    {
      method: 'post',
      path: '/help-requests/:id/convert',
      tag: 'households',
      summary: 'Turn an open request into a volunteer activity (published by default) linked to it',
      action: 'households.manage',
      params: idParam,
      body: helpRequestConvertBody,
      errors: [
        'households.request_not_found',
        'households.invalid_transition',
        'households.archived',
        'activities.invalid_time',
        'activities.invalid_duration',
        'activities.start_out_of_range',
        'activities.already_ended',
      ],
      response: helpRequestConvertedOut,
    },
    ({ user, params, body }) => svc.convert(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/help-requests/:id/complete',
      tag: 'households',
      summary: 'Mark a scheduled request done',
      action: 'households.manage',
      params: idParam,
      body: helpRequestCloseBody,
      errors: ['households.request_not_found', 'households.invalid_transition'],
      response: helpRequestOut,
    },
    ({ user, params, body }) => svc.complete(user, params.id, body.note),
  );
  api.route(
    {
      method: 'post',
      path: '/help-requests/:id/cancel',
      tag: 'households',
      summary: 'Cancel an open or scheduled request (its activity too, if it has not started)',
      action: 'households.manage',
      params: idParam,
      body: helpRequestCloseBody,
      errors: ['households.request_not_found', 'households.invalid_transition'],
      response: helpRequestOut,
    },
    ({ user, params, body }) => svc.cancel(user, params.id, body.note),
  );

  // ---- proxies: every action is written to the household's log ----
  api.route(
    {
      method: 'get',
      path: '/me/households',
      tag: 'households',
      summary: 'Households I am a proxy for',
      action: 'households.proxy',
      response: householdsMineOut,
    },
    ({ user }) => svc.myHouseholds(user),
  );
  api.route(
    {
      method: 'get',
      path: '/me/households/:id',
      tag: 'households',
      summary: 'A household I am a proxy for: its requests and who helped (the view is logged)',
      action: 'households.proxy',
      params: idParam,
      errors: ['households.not_found'],
      response: householdProxyDetailOut,
    },
    ({ user, params }) => svc.proxyView(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/me/households/:id/requests',
      tag: 'households',
      summary: 'Ask for help on behalf of a household I am a proxy for',
      action: 'households.proxy',
      params: idParam,
      body: helpRequestBody,
      status: 201,
      limit: { max: 20, windowSeconds: 3600 },
      errors: ['households.not_found'],
      response: helpRequestOut,
    },
    ({ user, params, body }) => svc.raiseAsProxy(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/me/help-requests/:id/cancel',
      tag: 'households',
      summary: 'Withdraw an open request of a household I am a proxy for',
      action: 'households.proxy',
      params: idParam,
      errors: ['households.request_not_found', 'households.invalid_transition'],
      response: helpRequestOut,
    },
    ({ user, params }) => svc.cancelAsProxy(user, params.id),
  );
}
