import { dashboardDigitalSkillsOut, digitalSkillsQuery } from '@timebank/shared';
import type { Api } from '../../http/route';
import type { DigitalSkillsService } from './digital-skills.service';

export function digitalSkillsRoutes(api: Api, svc: DigitalSkillsService) {
  api.route(
    {
      method: 'get',
      path: '/dashboard/digital-skills',
      tag: 'dashboard',
      summary:
        'Digital-skills help: sessions, courses, people who came and hours, by month, topic and community',
      description:
        'Officers: their community. District administrators: the whole district, or one community with communityId. Only published digital_skills activities that have ended, by local start date.',
      action: 'dashboard.read',
      query: digitalSkillsQuery,
      errors: ['auth.wrong_community'],
      response: dashboardDigitalSkillsOut,
    },
    ({ user, query }) => svc.stats(user, query),
  );
}
