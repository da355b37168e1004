/** Response schemas of the notifications module's routes (building blocks in ./common.ts). */
import { z } from 'zod';
import { countOut, idOut, listOut, textOut, timeOut } from './common';

/** What a message points at (`{ activityId: 3 }`, `{ caseId: 9 }`…): flat, named facts. */
export const notificationDataOut = z.record(
  textOut(64),
  z.union([z.number().min(-1e15).max(1e15), z.boolean(), textOut(500), z.null()]),
);

export const notificationOut = z.strictObject({
  id: idOut,
  /** `activity.reminder`, `ledger.credited`, `merchant.warn`…: open, new kinds come with new features. */
  kind: textOut(64),
  title: textOut(200),
  body: textOut(2000),
  data: notificationDataOut.nullable(),
  read: z.boolean(),
  createdAt: timeOut,
});
export type NotificationDto = z.infer<typeof notificationOut>;

/** GET /me/notifications: the newest 100, with the unread count. */
export const notificationsListOut = z.strictObject({
  unread: countOut,
  notifications: listOut(notificationOut, 100),
});
export type NotificationsListDto = z.infer<typeof notificationsListOut>;

/** POST /me/notifications/read. */
export const notificationsReadOut = z.strictObject({ marked: countOut, unread: countOut });
export type NotificationsReadDto = z.infer<typeof notificationsReadOut>;

/** A WeChat subscribe-message template and the messages it may still send. */
export const notificationTemplateOut = z.strictObject({
  kind: textOut(64),
  templateId: textOut(128),
  credits: z.number().int().min(0).max(100),
});
export type NotificationTemplateDto = z.infer<typeof notificationTemplateOut>;

/** GET /me/wechat-subscriptions. */
export const notificationSubscriptionsOut = z.strictObject({
  templates: listOut(notificationTemplateOut, 50),
});
export type NotificationSubscriptionsDto = z.infer<typeof notificationSubscriptionsOut>;

/** POST /me/wechat-subscriptions: the templates again, and the ids that are not configured templates. */
export const notificationSubscribeOut = z.strictObject({
  templates: listOut(notificationTemplateOut, 50),
  ignored: listOut(textOut(128), 10),
});
export type NotificationSubscribeDto = z.infer<typeof notificationSubscribeOut>;

// Types of the answers above that had none.
export type NotificationDataDto = z.infer<typeof notificationDataOut>;
