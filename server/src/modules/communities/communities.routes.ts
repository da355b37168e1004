import {
  communityAcceptanceBody,
  communityAcceptanceOut,
  districtAcceptanceBody,
  districtAcceptanceOut,
  idParam,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { CommunitiesService } from './communities.service';

const SCOPES =
  'own_community (only its own shops), district (the shops of its district), installation (every community of the alliance)';

export function communitiesRoutes(api: Api, svc: CommunitiesService) {
  api.route(
    {
      method: 'get',
      path: '/communities/:id/acceptance',
      tag: 'communities',
      summary:
        "A community's 通存通兑 policy: how far its certificates are honoured, and the communities where they are",
      description: `A certificate is honoured at a shop when the holder's community lets it go that far and the shop's community takes it from there (each community's own decision, else its district's: ${SCOPES}). Refused at the till as verify.outside_area.`,
      access: 'signed_in',
      params: idParam,
      errors: ['communities.not_found'],
      response: communityAcceptanceOut,
    },
    ({ params }) => svc.acceptance(params.id),
  );
  api.route(
    {
      method: 'put',
      path: '/communities/:id/acceptance',
      tag: 'communities',
      summary: "An officer decides the community's 通存通兑 policy (null: as its district decides)",
      description: `Scopes: ${SCOPES}. Another community's id answers 404 as a missing one; a district administrator may decide for any community of the district.`,
      access: ['officer', 'district_admin'],
      params: idParam,
      body: communityAcceptanceBody,
      errors: ['communities.not_found'],
      response: communityAcceptanceOut,
    },
    ({ user, params, body }) => svc.setCommunityAcceptance(user, params.id, body.scope),
  );
  api.route(
    {
      method: 'put',
      path: '/districts/:id/acceptance',
      tag: 'communities',
      summary: "A district administrator decides the 通存通兑 policy of the district's communities",
      description: `Scopes: ${SCOPES}. Communities that decided for themselves keep their decision. Only the administrator's own district (others: 404).`,
      access: ['district_admin'],
      params: idParam,
      body: districtAcceptanceBody,
      errors: ['districts.not_found'],
      response: districtAcceptanceOut,
    },
    ({ user, params, body }) => svc.setDistrictAcceptance(user, params.id, body.scope),
  );
}
