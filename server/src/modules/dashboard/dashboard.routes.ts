import { dashboardDistrictOut, dashboardOut, dashboardPendingOut, idText } from '@timebank/shared';
import { z } from 'zod';
import type { Api } from '../../http/route';
import type { DashboardService } from './dashboard.service';

export function dashboardRoutes(api: Api, svc: DashboardService) {
  api.route(
    {
      method: 'get',
      path: '/dashboard',
      tag: 'dashboard',
      summary:
        'The community at a glance: volunteers, hours and points by week and month, activities and attendance, certificates, merchants, checks, open cases',
      action: 'dashboard.read',
      query: z.object({ communityId: idText.optional() }).strict(),
      errors: ['auth.wrong_community'],
      response: dashboardOut,
    },
    ({ user, query }) => svc.forCommunity(user, query.communityId),
  );
  api.route(
    {
      method: 'get',
      path: '/dashboard/pending',
      tag: 'dashboard',
      summary:
        "What waits for the community's officers: attendance to confirm, applications, open cases, appeals",
      action: 'dashboard.read',
      query: z.object({ communityId: idText.optional() }).strict(),
      errors: ['auth.wrong_community'],
      response: dashboardPendingOut,
    },
    ({ user, query }) => svc.pending(user, query.communityId),
  );
  api.route(
    {
      method: 'get',
      path: '/dashboard/district',
      tag: 'dashboard',
      summary: "The district's communities side by side",
      action: 'dashboard.district',
      response: dashboardDistrictOut,
    },
    ({ user }) => svc.forDistrict(user),
  );
}
