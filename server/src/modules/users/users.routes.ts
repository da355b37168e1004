import {
  accountStateBody,
  accountStateOut,
  idText,
  passwordResetIssuedOut,
  profileUpdateBody,
  userIdParam,
  userMeOut,
  userMeWithCommunityOut,
  usersCommunitiesOut,
  usersVolunteersOut,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { CredentialsService } from '../auth/credentials.service';
import type { AccountsService } from './accounts.service';
import type { UsersService } from './users.service';

export function usersRoutes(
  api: Api,
  users: UsersService,
  accounts: AccountsService,
  credentials: CredentialsService,
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
      method: 'put',
      path: '/me/profile',
      tag: 'users',
      summary: 'Update display name, real name, phone (shown masked) and photo; consent is recorded',
      action: 'me.profile',
      body: profileUpdateBody,
      response: userMeOut,
      errors: ['profile.consent_required', 'users.not_found'],
    },
    ({ user, body }) => users.updateProfile(user, body),
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
