import type { Api } from '../../http/route';
import type { NotificationsService } from './notifications.service';

export function notificationsRoutes(api: Api, svc: NotificationsService) {
  api.route(
    {
      method: 'get',
      path: '/me/notifications',
      tag: 'notifications',
      summary: 'My message centre',
      access: 'signed_in',
    },
    ({ user }) => svc.listMine(user),
  );
}
