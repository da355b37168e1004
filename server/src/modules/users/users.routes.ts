import {
  profileUpdateBody,
  userMeOut,
  userMeWithCommunityOut,
  usersCommunitiesOut,
  usersVolunteersOut,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { UsersService } from './users.service';

export function usersRoutes(api: Api, users: UsersService) {
  api.route(
    {
      method: 'get',
      path: '/communities',
      tag: 'users',
      summary: 'Communities to choose from at first sign-in',
      access: 'public',
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
      access: 'signed_in',
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
      access: 'signed_in',
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
      access: ['officer', 'district_admin'],
      query: z.object({ communityId: z.coerce.number().int().positive().optional() }).strict(),
      response: usersVolunteersOut,
      errors: ['auth.wrong_community'],
    },
    ({ user, query }) => users.listVolunteers(user, query.communityId),
  );
}
