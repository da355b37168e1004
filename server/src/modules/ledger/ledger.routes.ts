import { certificateOut, idParam, ledgerQuery, ledgerStatementOut } from '@timebank/shared';
import type { Api } from '../../http/route';
import type { CertificatesService } from '../certificates/certificates.service';
import type { LedgerService } from './ledger.service';

export function ledgerRoutes(api: Api, ledger: LedgerService, certificates: CertificatesService) {
  api.route(
    {
      method: 'get',
      path: '/me/ledger',
      tag: 'ledger',
      summary: 'My balance, lifetime points and hours, progress to the certificate, and every ledger line',
      action: 'ledger.own',
      query: ledgerQuery,
      response: ledgerStatementOut,
    },
    ({ user, query }) => ledger.myStatement(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/volunteers/:id/ledger',
      tag: 'ledger',
      summary: "A volunteer's statement, for officers of the community",
      action: 'ledger.read',
      params: idParam,
      query: ledgerQuery,
      response: ledgerStatementOut,
      // ledger.account_not_found: the user is not a volunteer (only volunteers have an account).
      errors: ['users.not_found', 'ledger.account_not_found'],
    },
    ({ user, params, query }) => ledger.volunteerStatement(user, params.id, query),
  );
  api.route(
    {
      method: 'get',
      path: '/me/certificate',
      tag: 'certificates',
      summary: 'My volunteer certificate (志愿者证书)',
      action: 'certificates.own',
      response: certificateOut,
      errors: ['certificates.not_issued'],
    },
    ({ user }) => certificates.getMyCertificate(user),
  );
}
