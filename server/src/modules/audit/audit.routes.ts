import { auditListOut, auditQuery } from '@timebank/shared';
import type { Api } from '../../http/route';
import type { AuditService } from './audit.service';

export function auditRoutes(api: Api, svc: AuditService) {
  api.route(
    {
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary:
        'The audit log of officer and district-admin actions, newest first: by actor, action, local dates; `before` pages',
      description:
        'Officers see their community; district administrators their district (or one community with communityId). Passwords, tokens and codes are removed.',
      action: 'audit.read',
      query: auditQuery,
      errors: ['auth.wrong_community'],
      response: auditListOut,
    },
    ({ user, query }) => svc.list(user, query),
  );
}
