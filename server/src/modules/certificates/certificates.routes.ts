import {
  appealBody,
  appealDecisionBody,
  certificateActionBody,
  certificateAppealDecisionOut,
  certificateAppealOut,
  certificateHistoryOut,
  certificateStatuses,
  certificateStatusResultOut,
  certificatesListOut,
  idParam,
  idText,
} from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { CertificateAdminService } from './certificates.admin';

export function certificateAdminRoutes(api: Api, svc: CertificateAdminService) {
  api.route(
    {
      method: 'get',
      path: '/certificates',
      tag: 'certificates',
      summary: "The community's certificates",
      action: 'certificates.manage',
      query: z
        .object({
          status: z.enum(certificateStatuses).optional(),
          communityId: idText.optional(),
        })
        .strict(),
      response: certificatesListOut,
      errors: ['auth.wrong_community'],
    },
    ({ user, query }) => svc.list(user, query.status, query.communityId),
  );
  api.route(
    {
      method: 'post',
      path: '/certificates/:id/status',
      tag: 'certificates',
      summary:
        'Suspend (reversible), reinstate, or revoke (final) a certificate, with a reason the holder sees',
      action: 'certificates.manage',
      params: idParam,
      body: certificateActionBody,
      response: certificateStatusResultOut,
      errors: ['certificates.not_found', 'certificates.invalid_transition'],
    },
    ({ user, params, body }) => svc.changeStatus(user, params.id, body.action, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/me/certificate/appeal',
      tag: 'certificates',
      summary: 'Appeal a suspension or revocation (once)',
      action: 'certificates.own',
      body: appealBody,
      status: 201,
      response: certificateAppealOut,
      errors: ['certificates.appeal_exists', 'certificates.nothing_to_appeal', 'certificates.not_issued'],
    },
    ({ user, body }) => svc.appeal(user, body.text),
  );
  api.route(
    {
      method: 'get',
      path: '/me/certificate/history',
      tag: 'certificates',
      summary: 'Status changes of my certificate and my appeal',
      action: 'certificates.own',
      response: certificateHistoryOut,
      errors: ['certificates.not_issued'],
    },
    ({ user }) => svc.myHistory(user),
  );
  api.route(
    {
      method: 'post',
      path: '/certificates/:id/appeal/decision',
      tag: 'certificates',
      summary: 'Decide an appeal: upheld leaves the decision, overturned restores the certificate',
      action: 'certificates.manage',
      params: idParam,
      body: appealDecisionBody,
      response: certificateAppealDecisionOut,
      errors: ['certificates.not_found', 'certificates.no_pending_appeal'],
    },
    ({ user, params, body }) => svc.decideAppeal(user, params.id, body.decision, body.note),
  );
}
