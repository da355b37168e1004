import { z } from 'zod';
import { idBody } from './primitives';

/** The message centre and WeChat subscribe messages. */

/** Mark these messages read; without ids, all of them. */
export const markNotificationsReadBody = z
  .object({ ids: z.array(idBody).min(1).max(100).optional() })
  .strict();

/** The template ids the volunteer accepted in Taro.requestSubscribeMessage. */
export const wechatSubscribeBody = z
  .object({ templateIds: z.array(z.string().trim().min(1).max(128)).max(10) })
  .strict();

// The answers' shapes (NotificationDto, NotificationTemplateDto…) are in ./contract/notifications.ts.
