import {
  accountStateBody,
  accountStateOut,
  consentWithdrawnOut,
  idText,
  passwordResetIssuedOut,
  profileChangeIdParam,
  profileChangeOut,
  profileChangeRejectBody,
  profileChangesOut,
  profileChangesQuery,
  profileOut,
  profileUpdateBody,
  userIdParam,
  userMeWithCommunityOut,
  usersCommunitiesOut,
  usersVolunteersOut,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { CredentialsService } from '../auth/credentials.service';
import type { AccountsService } from './accounts.service';
import type { ProfileService } from './profile.service';
import type { UsersService } from './users.service';

export function usersRoutes(
  api: Api,
  users: UsersService,
  accounts: AccountsService,
  credentials: CredentialsService,
  profile: ProfileService,
) {
  api.route(
    {
      method: 'get',
      path: '/communities',
      tag: 'users',
      summary: 'Communities to choose from at first sign-in',
      action: 'communities.list',
      response: usersCommunitiesOut,
    },
    () => users.listCommunities(),
  );
  api.route(
    {
      method: 'get',
      path: '/me',
      tag: 'users',
      summary: 'The signed-in user and their community',
      action: 'me.read',
      response: userMeWithCommunityOut,
      errors: ['users.not_found'],
    },
    ({ user }) => users.getMe(user),
  );
  api.route(
    {
      method: 'get',
      path: '/me/profile',
      tag: 'users',
      summary:
        'The profile page: real name, masked phone, photo (a signed link), consent, a waiting change, history',
      action: 'me.profile',
      response: profileOut,
      errors: ['users.not_found'],
    },
    ({ user }) => profile.get(user),
  );
  api.route(
    {
      method: 'put',
      path: '/me/profile',
      tag: 'users',
      summary: 'Update display name, real name, phone (shown masked) and photo; consent is recorded',
      description:
        'The photo is a `photoRef` from POST /photos?purpose=profile, uploaded by the same user (else 404 photos.not_found). Once the user holds a certificate, a new photo or real name does not take effect: it becomes a pending change an officer of the community approves or rejects (`pendingChange`; a newer one replaces it); the display name and phone apply at once. Before a certificate, everything applies at once.',
      action: 'me.profile',
      body: profileUpdateBody,
      response: profileOut,
      errors: [
        'profile.consent_required',
        'users.not_found',
        'photos.not_found',
        'profile_changes.not_pending',
      ],
    },
    ({ user, body }) => profile.update(user, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/me/profile-change',
      tag: 'users',
      summary: 'Withdraw the waiting photo or real-name change',
      action: 'me.profile',
      response: profileOut,
      errors: ['profile_changes.not_found', 'profile_changes.not_pending', 'users.not_found'],
    },
    ({ user }) => profile.withdrawPending(user),
  );
  api.route(
    {
      method: 'post',
      path: '/me/consent/withdraw',
      tag: 'users',
      summary: 'Withdraw the personal-information consent: the photos, real name and phone are deleted',
      description:
        'Deletes the bytes of every profile photo the user uploaded (in force, waiting or past), the real name and phone (in the change history too) and withdraws a waiting change; signed links already handed out stop working (404). Recorded in the audit log without the personal data. 409 profile.no_consent when there is none.',
      action: 'me.profile',
      response: consentWithdrawnOut,
      errors: ['profile.no_consent', 'users.not_found'],
    },
    ({ user }) => profile.withdrawConsent(user),
  );
  api.route(
    {
      method: 'get',
      path: '/profile-changes',
      tag: 'users',
      summary: "The community's pending photo and real-name changes, beside the ones in force",
      action: 'profiles.review',
      query: profileChangesQuery,
      response: profileChangesOut,
      errors: ['auth.wrong_community'],
    },
    ({ user, query }) => profile.listPending(user, query.communityId),
  );
  api.route(
    {
      method: 'post',
      path: '/profile-changes/:id/approve',
      tag: 'users',
      summary: 'Approve a photo or real-name change: it takes effect, and the till shows the approval date',
      action: 'profiles.review',
      params: profileChangeIdParam,
      response: profileChangeOut,
      errors: ['profile_changes.not_found', 'profile_changes.not_pending'],
    },
    ({ user, params }) => profile.approve(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/profile-changes/:id/reject',
      tag: 'users',
      summary: 'Reject a photo or real-name change with a reason (the one in force stays)',
      action: 'profiles.review',
      params: profileChangeIdParam,
      body: profileChangeRejectBody,
      response: profileChangeOut,
      errors: ['profile_changes.not_found', 'profile_changes.not_pending'],
    },
    ({ user, params, body }) => profile.reject(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'get',
      path: '/volunteers',
      tag: 'users',
      summary: "The community's volunteers (for manual attendance)",
      action: 'volunteers.list',
      query: z.object({ communityId: idText.optional() }).strict(),
      response: usersVolunteersOut,
      errors: ['auth.wrong_community'],
    },
    ({ user, query }) => users.listVolunteers(user, query.communityId),
  );
  api.route(
    {
      method: 'post',
      path: '/users/:id/password-reset',
      tag: 'users',
      summary:
        "An officer gets a one-time code for a shop's staff member (or owner) of their community to set a new password",
      description:
        'Shown once (stored hashed), valid for 24 hours, used once, void after 5 wrong tries or when a newer code is issued. The staff member uses it at POST /auth/password-reset. Audit-logged. Accounts the officer does not manage answer 404 users.not_found, as a missing id does; volunteers, officers and removed staff: 403 accounts.not_allowed.',
      action: 'users.password_reset',
      params: userIdParam,
      status: 201,
      response: passwordResetIssuedOut,
      errors: ['users.not_found', 'accounts.not_allowed'],
    },
    ({ user, params }) => credentials.issueReset(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/users/:id/disable',
      tag: 'users',
      summary: 'An officer disables a volunteer or shop staff account of their community, with a reason',
      description:
        'Every session of the account ends (refused on every API process within 5 s, at once on this one), and the till refuses a disabled cashier at once. Disabling a disabled account changes nothing. Accounts the officer does not manage answer 404 users.not_found; officers and district administrators: 403 accounts.not_allowed.',
      action: 'users.disable',
      params: userIdParam,
      body: accountStateBody,
      response: accountStateOut,
      errors: ['users.not_found', 'accounts.not_allowed'],
    },
    ({ user, params, body }) => accounts.setDisabled(user, params.id, true, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/users/:id/enable',
      tag: 'users',
      summary: 'An officer enables a disabled account again, with a reason (its old sessions stay ended)',
      action: 'users.disable',
      params: userIdParam,
      body: accountStateBody,
      response: accountStateOut,
      errors: ['users.not_found', 'accounts.not_allowed'],
    },
    ({ user, params, body }) => accounts.setDisabled(user, params.id, false, body.reason),
  );
}
