import {
  directoryQuery,
  idParam,
  merchantApplicationBody,
  merchantApplicationOut,
  merchantDirectoryOut,
  merchantEventsOut,
  merchantListQuery,
  merchantMineOut,
  merchantOut,
  merchantReportOut,
  merchantStaffOut,
  merchantsListOut,
  merchantTransitionBody,
  periodQuery,
  staffInviteBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { MerchantsService } from './merchants.service';

const STAFF = ['officer', 'district_admin'] as const;
/** Officers of the merchant's community, and the merchant's own staff. */
const MERCHANT_READERS = ['officer', 'district_admin', 'merchant_staff'] as const;

export function merchantsRoutes(api: Api, svc: MerchantsService) {
  api.route(
    {
      method: 'post',
      path: '/merchants/applications',
      limit: { max: 10, windowSeconds: 3600 },
      tag: 'merchants',
      summary:
        "A shop applies to join the alliance, with its owner's account, its discount and the pledge (承诺书)",
      access: 'public',
      body: merchantApplicationBody,
      status: 201,
      errors: ['merchants.username_taken', 'communities.not_found'],
      response: merchantApplicationOut,
    },
    ({ body }) => svc.apply(body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me',
      tag: 'merchants',
      summary: 'My shop (staff), with its staff list for the owner',
      access: ['merchant_staff'],
      errors: ['merchants.not_member'],
      response: merchantMineOut,
    },
    ({ user }) => svc.getMine(user),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/me/staff',
      tag: 'merchants',
      summary: 'The owner adds a staff account (verifies and records discounts for this shop only)',
      access: ['merchant_staff'],
      body: staffInviteBody,
      status: 201,
      errors: ['merchants.not_member', 'merchants.owner_only', 'merchants.username_taken'],
      response: merchantStaffOut,
    },
    ({ user, body }) => svc.inviteStaff(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants',
      tag: 'merchants',
      summary: "The community's merchants and applications, for officers",
      access: STAFF,
      query: merchantListQuery,
      errors: ['auth.wrong_community'],
      response: merchantsListOut,
    },
    ({ user, query }) => svc.listForOfficer(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/:id',
      tag: 'merchants',
      summary: 'One merchant (officers, or its own staff)',
      access: MERCHANT_READERS,
      params: idParam,
      errors: ['merchants.not_found', 'merchants.not_member', 'auth.wrong_community'],
      response: merchantOut,
    },
    ({ user, params }) => svc.get(user, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/:id/events',
      tag: 'merchants',
      summary: 'The trail of who moved the merchant and why',
      access: MERCHANT_READERS,
      params: idParam,
      errors: ['merchants.not_found', 'merchants.not_member', 'auth.wrong_community'],
      response: merchantEventsOut,
    },
    ({ user, params }) => svc.events(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/:id/transitions',
      tag: 'merchants',
      summary: 'approve / reject / warn / suspend / reinstate / remove, with a reason',
      description:
        'applied → active or rejected; active → warned → suspended → removed; suspended (or warned) → active.',
      access: STAFF,
      params: idParam,
      body: merchantTransitionBody,
      errors: ['merchants.invalid_transition', 'merchants.not_found', 'auth.wrong_community'],
      response: merchantOut,
    },
    ({ user, params, body }) => svc.transition(user, params.id, body.action, body.reason),
  );
  api.route(
    {
      method: 'get',
      path: '/alliance/merchants',
      tag: 'merchants',
      summary:
        'The alliance directory: active merchants, by category, tag and name, nearest first with lat/lng',
      access: 'signed_in',
      query: directoryQuery,
      response: merchantDirectoryOut,
    },
    ({ user, query }) => svc.directory(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/:id/report',
      tag: 'merchants',
      summary:
        'Checks and discounts of a merchant for a period, day by day (for subsidy or reimbursement claims)',
      access: MERCHANT_READERS,
      params: idParam,
      query: periodQuery,
      errors: ['merchants.not_found', 'merchants.not_member', 'auth.wrong_community'],
      response: merchantReportOut,
    },
    ({ user, params, query }) => svc.report(user, params.id, query),
  );
}
