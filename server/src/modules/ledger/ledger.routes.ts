import { idParam, ledgerQuery } from '@timebank/shared';
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
      access: ['volunteer'],
      query: ledgerQuery,
    },
    ({ user, query }) => ledger.myStatement(user, query),
  );
  api.route(
    {
      method: 'get',
      path: '/volunteers/:id/ledger',
      tag: 'ledger',
      summary: "A volunteer's statement, for officers of the community",
      access: ['officer', 'district_admin'],
      params: idParam,
      query: ledgerQuery,
      errors: ['users.not_found', 'auth.wrong_community'],
    },
    ({ user, params, query }) => ledger.volunteerStatement(user, params.id, query),
  );
  api.route(
    {
      method: 'get',
      path: '/me/certificate',
      tag: 'certificates',
      summary: 'My volunteer certificate (志愿者证书)',
      access: ['volunteer'],
      errors: ['certificates.not_issued'],
    },
    ({ user }) => certificates.getMyCertificate(user),
  );
}
