import {
  recordIssuedOut,
  recordPrintQuery,
  recordSerialParam,
  recordVerifyOut,
  recordVerifyQuery,
  serviceRecordBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import { RECORD_PAGE_CSP } from './records.page';
import type { RecordsService } from './records.service';

export function recordsRoutes(api: Api, svc: RecordsService) {
  api.route(
    {
      method: 'post',
      path: '/records',
      tag: 'records',
      summary:
        'Issue a volunteer service-record certificate (志愿服务记录证明) for a period: a volunteer for themself, an officer for a volunteer (userId)',
      description:
        'Captures the confirmed services of the period (activity, date, hours) and the totals. The verification code is returned once; only its hash is kept.',
      action: 'records.issue',
      body: serviceRecordBody,
      status: 201,
      limit: { max: 30, windowSeconds: 3600 },
      errors: ['records.no_service', 'users.not_found', 'communities.not_found'],
      response: recordIssuedOut,
    },
    ({ user, body }) => svc.issue(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/records/verify',
      tag: 'records',
      summary: 'Public: is this service record genuine? The name as printed and the totals',
      action: 'records.verify',
      query: recordVerifyQuery,
      limit: { max: 60, windowSeconds: 600 },
      response: recordVerifyOut,
    },
    ({ query }) => svc.verify(query.serial, query.code),
  );
  api.route(
    {
      method: 'get',
      path: '/records/:serial/print',
      tag: 'records',
      summary: 'The printable page (A4, zh-CN) of a service record, with the code given at issue',
      action: 'records.issue',
      params: recordSerialParam,
      query: recordPrintQuery,
      errors: ['records.not_found', 'records.code_mismatch'],
      files: ['text/html'],
    },
    async ({ user, params, query, ctx }) => {
      const html = await svc.print(user, params.serial, query.code);
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', RECORD_PAGE_CSP);
      return html;
    },
  );
}
