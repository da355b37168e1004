import {
  markNotificationsReadBody,
  notificationSubscribeOut,
  notificationSubscriptionsOut,
  notificationsListOut,
  notificationsReadOut,
  wechatSubscribeBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { NotificationsService } from './notifications.service';

export function notificationsRoutes(api: Api, svc: NotificationsService) {
  api.route(
    {
      method: 'get',
      path: '/me/notifications',
      tag: 'notifications',
      summary: 'My message centre (newest first, with the unread count)',
      action: 'notifications.own',
      response: notificationsListOut,
    },
    ({ user }) => svc.listMine(user),
  );
  api.route(
    {
      method: 'post',
      path: '/me/notifications/read',
      tag: 'notifications',
      summary: 'Mark my messages read (the listed ids, or all)',
      action: 'notifications.own',
      body: markNotificationsReadBody,
      limit: { max: 120, windowSeconds: 60 },
      response: notificationsReadOut,
    },
    ({ user, body }) => svc.markRead(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/me/wechat-subscriptions',
      tag: 'notifications',
      summary: 'The WeChat message templates to offer, with the messages each may still send',
      action: 'notifications.subscribe',
      response: notificationSubscriptionsOut,
    },
    ({ user }) => svc.subscriptions(user),
  );
  api.route(
    {
      method: 'post',
      path: '/me/wechat-subscriptions',
      tag: 'notifications',
      summary: 'Record the templates accepted in Taro.requestSubscribeMessage (one message each)',
      action: 'notifications.subscribe',
      body: wechatSubscribeBody,
      limit: { max: 30, windowSeconds: 3600 },
      response: notificationSubscribeOut,
    },
    ({ user, body }) => svc.subscribe(user, body),
  );
}
