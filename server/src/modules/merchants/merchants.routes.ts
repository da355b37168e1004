import type { ErrorCode } from '@timebank/shared';
import {
  accountStateBody,
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
  staffListOut,
  staffMemberOut,
  userIdParam,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { MerchantChangesService } from './merchants.changes';
import { merchantEditRoute } from './merchants.changes.routes';
import type { MerchantsService } from './merchants.service';
import type { StaffService } from './merchants.staff';

/** Officers of the merchant's community, and the merchant's own staff. */

/** What an owner's change to a staff account can be refused with. */
const STAFF_ACCOUNT_ERRORS = [
  'merchants.owner_only',
  'merchants.not_member',
  'merchants.not_found',
  'merchants.staff_not_found',
  'accounts.not_allowed',
  'users.not_found',
] as const satisfies readonly ErrorCode[];

export function merchantsRoutes(
  api: Api,
  svc: MerchantsService,
  staff: StaffService,
  changes: MerchantChangesService,
) {
  api.route(
    {
      method: 'post',
      path: '/merchants/applications',
      limit: { max: 10, windowSeconds: 3600 },
      tag: 'merchants',
      summary:
        "A shop applies to join the alliance, with its owner's account, its discount and the pledge (承诺书)",
      action: 'merchants.apply',
      body: merchantApplicationBody,
      status: 201,
      errors: ['merchants.username_taken', 'communities.not_found'],
      response: merchantApplicationOut,
    },
    ({ body, ctx }) => svc.apply(body, ctx.get('user-agent') || undefined),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me',
      tag: 'merchants',
      summary: 'My shop (staff), with its staff list for the owner',
      action: 'merchants.own',
      errors: ['merchants.not_member'],
      response: merchantMineOut,
    },
    ({ user }) => svc.getMine(user),
  );
  merchantEditRoute(api, changes);
  api.route(
    {
      method: 'post',
      path: '/merchants/me/staff',
      tag: 'merchants',
      summary: 'The owner adds a staff account (verifies and records discounts for this shop only)',
      action: 'merchants.staff',
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
      path: '/merchants/me/staff',
      tag: 'merchants',
      summary: "The owner's list of the shop's staff accounts, with whether each is disabled",
      action: 'merchants.staff',
      response: staffListOut,
      errors: ['merchants.owner_only', 'merchants.not_member', 'merchants.not_found'],
    },
    ({ user }) => staff.list(user),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/me/staff/:id/disable',
      tag: 'merchants',
      summary: 'The owner disables a staff account: its sessions end and the till refuses it at once',
      action: 'merchants.staff',
      params: userIdParam,
      body: accountStateBody,
      response: staffMemberOut,
      errors: STAFF_ACCOUNT_ERRORS,
    },
    ({ user, params, body }) => staff.setDisabled(user, params.id, true, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/me/staff/:id/enable',
      tag: 'merchants',
      summary: 'The owner enables a disabled staff account again (its old sessions stay ended)',
      action: 'merchants.staff',
      params: userIdParam,
      body: accountStateBody,
      response: staffMemberOut,
      errors: STAFF_ACCOUNT_ERRORS,
    },
    ({ user, params, body }) => staff.setDisabled(user, params.id, false, body.reason),
  );
  api.route(
    {
      method: 'delete',
      path: '/merchants/me/staff/:id',
      tag: 'merchants',
      summary: 'The owner removes a staff member from the shop: no longer its staff, the account disabled',
      description:
        'The till refuses them at once; their past checks keep their name. The owner cannot be removed.',
      action: 'merchants.staff',
      params: userIdParam,
      status: 204,
      errors: STAFF_ACCOUNT_ERRORS,
    },
    ({ user, params }) => staff.remove(user, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants',
      tag: 'merchants',
      summary: "The community's merchants and applications, for officers",
      action: 'merchants.list',
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
      action: 'merchants.read',
      params: idParam,
      errors: ['merchants.not_found', 'merchants.not_member'],
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
      action: 'merchants.read',
      params: idParam,
      errors: ['merchants.not_found', 'merchants.not_member'],
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
      action: 'merchants.suspend',
      params: idParam,
      body: merchantTransitionBody,
      errors: ['merchants.invalid_transition', 'merchants.not_found'],
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
      action: 'alliance.directory',
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
      action: 'merchants.read',
      params: idParam,
      query: periodQuery,
      errors: ['merchants.not_found', 'merchants.not_member'],
      response: merchantReportOut,
    },
    ({ user, params, query }) => svc.report(user, params.id, query),
  );
}
