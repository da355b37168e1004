import {
  caseCloseBody,
  caseDetailOut,
  caseListQuery,
  caseNoteBody,
  caseOut,
  casesListOut,
  casesMineOut,
  idParam,
  reportBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { CasesService } from './cases.service';

export function casesRoutes(api: Api, svc: CasesService) {
  api.route(
    {
      method: 'post',
      path: '/reports',
      limit: { max: 20, windowSeconds: 3600 },
      tag: 'cases',
      summary:
        'Report a shop that refused the discount (volunteer) or a suspected lent certificate (merchant staff)',
      action: 'cases.report',
      body: reportBody,
      status: 201,
      errors: ['cases.invalid_target', 'verify.not_found', 'merchants.not_found', 'merchants.not_member'],
      response: caseOut,
    },
    ({ user, body }) => svc.report(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/me/reports',
      tag: 'cases',
      summary: 'My reports and their outcome',
      action: 'cases.report',
      response: casesMineOut,
    },
    ({ user }) => svc.mine(user),
  );
  api.route(
    {
      method: 'get',
      path: '/cases',
      tag: 'cases',
      summary: "The community's cases",
      action: 'cases.manage',
      query: caseListQuery,
      errors: ['auth.wrong_community'],
      response: casesListOut,
    },
    ({ user, query }) => svc.list(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/cases/:id',
      tag: 'cases',
      summary: 'One case with its notes',
      action: 'cases.manage',
      params: idParam,
      errors: ['cases.not_found'],
      response: caseDetailOut,
    },
    ({ user, params }) => svc.get(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/cases/:id/notes',
      tag: 'cases',
      summary: 'Add a note to an open case',
      action: 'cases.manage',
      params: idParam,
      body: caseNoteBody,
      errors: ['cases.not_found', 'cases.closed'],
      response: caseDetailOut,
    },
    ({ user, params, body }) => svc.addNote(user, params.id, body.note),
  );
  api.route(
    {
      method: 'post',
      path: '/cases/:id/close',
      tag: 'cases',
      summary: 'Close a case with an outcome the reporter is told about',
      action: 'cases.manage',
      params: idParam,
      body: caseCloseBody,
      errors: ['cases.not_found', 'cases.closed'],
      response: caseDetailOut,
    },
    ({ user, params, body }) => svc.close(user, params.id, body),
  );
}
