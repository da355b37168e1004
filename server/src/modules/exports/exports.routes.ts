import { exportQuery, ledgerExportQuery } from '@timebank/shared';
import type { Context } from 'koa';
import type { Api } from '../../http/route';
import type { ExportFile, ExportsService } from './exports.service';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends the file as a download; the body is a stream the rows are written into as they are read. */
function send(ctx: Context, file: ExportFile) {
  ctx.type = file.contentType;
  ctx.set(
    'Content-Disposition',
    `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.title)}`,
  );
  ctx.set('Cache-Control', 'no-store');
  return file.body;
}

export function exportsRoutes(api: Api, svc: ExportsService) {
  const description =
    'Local (Asia/Shanghai) dates, at most 366 days; `communityId` for a community of a district administrator. CSV is UTF-8 with a BOM.';
  api.route(
    {
      method: 'get',
      path: '/exports/hours',
      tag: 'exports',
      summary: 'Volunteer hours for a period, one row per volunteer (CSV or XLSX)',
      description,
      action: 'exports.read',
      audit: true,
      query: exportQuery,
      errors: ['auth.wrong_community'],
      files: [CSV, XLSX],
    },
    async ({ user, query, ctx }) => send(ctx, await svc.hours(user, query)),
  );
  api.route(
    {
      method: 'get',
      path: '/exports/ledger',
      tag: 'exports',
      summary: 'The ledger lines of a period (CSV)',
      description,
      action: 'exports.read',
      audit: true,
      query: ledgerExportQuery,
      errors: ['auth.wrong_community'],
      files: [CSV],
    },
    async ({ user, query, ctx }) => send(ctx, await svc.ledger(user, query)),
  );
  api.route(
    {
      method: 'get',
      path: '/exports/discounts',
      tag: 'exports',
      summary: "Merchants' checks and discounts for a period: the reimbursement report (CSV or XLSX)",
      description,
      action: 'exports.read',
      audit: true,
      query: exportQuery,
      errors: ['auth.wrong_community'],
      files: [CSV, XLSX],
    },
    async ({ user, query, ctx }) => send(ctx, await svc.discounts(user, query)),
  );
  api.route(
    {
      method: 'get',
      path: '/exports/redemptions',
      tag: 'exports',
      summary:
        "Redemptions at the community's shops for a period, with their claims and payments: the settlement file (CSV or XLSX)",
      description,
      action: 'exports.read',
      audit: true,
      query: exportQuery,
      errors: ['auth.wrong_community'],
      files: [CSV, XLSX],
    },
    async ({ user, query, ctx }) => send(ctx, await svc.redemptions(user, query)),
  );
}
