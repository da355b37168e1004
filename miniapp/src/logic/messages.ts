import type { NotificationTemplateDto } from '@timebank/shared';
/**
 * The message centre (消息中心) and WeChat subscribe messages: pure logic, tested with ava; the pages
 * bind it to Taro and the API.
 */

import type { NotificationDto, NotificationsListDto } from '@timebank/shared';
import { formatDateTime } from './format';

export const MESSAGES_PAGE = '/packages/volunteer/pages/messages/index';

/** As the API answers it (inferred from the shared response schema). */
export type MessageDto = NotificationDto;

/** As the API answers it (inferred from the shared response schema). */
export type MessagesDto = NotificationsListDto;

/** What the badge beside "消息中心" shows: nothing, the count, or 99+. */
export function unreadBadge(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

export type MessageTagKey =
  | 'messages.kind.activity.reminder'
  | 'messages.kind.enrolment.confirmed'
  | 'messages.kind.ledger.credited'
  | 'messages.kind.certificate.issued'
  | 'messages.kind.till.checked'
  | 'messages.kind.case.closed'
  | 'messages.kind.household'
  | 'messages.kind.challenge'
  | 'messages.kind.other';

/**
 * The tag of a message, by the area its kind names: every certificate change (issued, suspended,
 * revoked, appeal…) is a 证书 message, every till event a 商家核验 one; anything else is a notice.
 */
export function tagKeyFor(kind: string): MessageTagKey {
  if (kind.startsWith('activity.')) return 'messages.kind.activity.reminder';
  const area = kind.split('.')[0];
  switch (area) {
    case 'enrolment':
      return 'messages.kind.enrolment.confirmed';
    case 'ledger':
    case 'movements':
      // gifts received, donations, approvals: points, like a credit
      return 'messages.kind.ledger.credited';
    case 'certificate':
      return 'messages.kind.certificate.issued';
    case 'till':
      return 'messages.kind.till.checked';
    case 'case':
      return 'messages.kind.case.closed';
    case 'household':
      return 'messages.kind.household';
    case 'challenges':
      return 'messages.kind.challenge';
    default:
      return 'messages.kind.other';
  }
}

export interface MessageView {
  id: number;
  title: string;
  body: string;
  time: string;
  unread: boolean;
  tagKey: MessageTagKey;
  /** Reminders stand out: the volunteer has somewhere to be tomorrow. */
  tone: 'red' | 'plain';
  target: MessageTarget;
}

export function messageView(n: MessageDto): MessageView {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    time: formatDateTime(n.createdAt),
    unread: !n.read,
    tagKey: tagKeyFor(n.kind),
    tone: n.kind === 'activity.reminder' && !n.read ? 'red' : 'plain',
    target: messageTarget(n.kind, n.data),
  };
}

/** Where tapping a message goes: the page of what it is about, or nowhere. */
export type MessageTarget = { url: string; tab: boolean } | null;

export function messageTarget(kind: string, data: MessageDto['data']): MessageTarget {
  const num = (k: string) => {
    const v = data?.[k];
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
  };
  const challengeId = num('challengeId');
  if (challengeId)
    return { url: `/packages/volunteer/pages/challenges/detail/index?id=${challengeId}`, tab: false };
  const activityId = num('activityId');
  if (activityId && kind !== 'ledger.credited') {
    return { url: `/packages/volunteer/pages/activity/index?id=${activityId}`, tab: false };
  }
  const area = kind.split('.')[0];
  if (area === 'case' || num('caseId')) return { url: '/packages/volunteer/pages/reports/index', tab: false };
  if (area === 'movements') return { url: '/packages/volunteer/pages/points/index', tab: false };
  if (area === 'ledger' || area === 'certificate' || area === 'till')
    return { url: '/pages/me/index', tab: true };
  if (area === 'merchant' || num('merchantId')) return { url: '/pages/merchants/index', tab: true };
  return null;
}

/** The list after the server marked `ids` read (all of them when ids is undefined). */
export function markedRead(list: MessagesDto, ids?: number[]): MessagesDto {
  const which = ids ? new Set(ids) : undefined;
  const notifications = list.notifications.map((n) =>
    !n.read && (!which || which.has(n.id)) ? { ...n, read: true } : n,
  );
  return { notifications, unread: notifications.filter((n) => !n.read).length };
}

// ---- WeChat subscribe messages ----

/** A subscribe-message template as the API answers it. */
export type SubscriptionTemplate = NotificationTemplateDto;

/** WeChat shows at most three templates in one requestSubscribeMessage. */
export const MAX_TEMPLATES_PER_ASK = 3;
/** With this many messages still allowed, the volunteer is not asked again. */
export const ENOUGH_CREDITS = 3;

/** The templates worth asking for: fewest credits first, at most three. */
export function templatesToAsk(templates: SubscriptionTemplate[]): string[] {
  return templates
    .filter((t) => t.templateId && t.credits < ENOUGH_CREDITS)
    .sort((a, b) => a.credits - b.credits)
    .slice(0, MAX_TEMPLATES_PER_ASK)
    .map((t) => t.templateId);
}

/** requestSubscribeMessage answers `{ [templateId]: 'accept' | 'reject' | 'ban' | 'filter', errMsg }`. */
export function acceptedTemplateIds(result: unknown, asked: string[]): string[] {
  if (!result || typeof result !== 'object') return [];
  const r = result as Record<string, unknown>;
  return asked.filter((id) => r[id] === 'accept');
}

/** What the reminder asker needs from the platform and the API. */
export interface ReminderPort {
  /** Only WeChat has subscribe messages; in h5 the asker does nothing. */
  weapp: boolean;
  load(): Promise<{ templates: SubscriptionTemplate[] }>;
  request(templateIds: string[]): Promise<unknown>;
  save(templateIds: string[]): Promise<unknown>;
}

/**
 * WeChat only shows the subscription dialog from a tap, so `ask` calls `request` synchronously,
 * before anything is awaited: call it first thing in the tap handler (e.g. the enrol button), with
 * templates loaded earlier by `prime` (on page show). It never throws.
 */
export function createReminderAsker(port: ReminderPort) {
  let templates: SubscriptionTemplate[] | null = null;
  return {
    async prime(): Promise<void> {
      if (!port.weapp) return;
      try {
        templates = (await port.load()).templates;
      } catch {
        templates = null;
      }
    },
    ask(): Promise<string[]> {
      if (!port.weapp || !templates) return Promise.resolve([]);
      const asked = templatesToAsk(templates);
      if (asked.length === 0) return Promise.resolve([]);
      let pending: Promise<unknown>;
      try {
        pending = port.request(asked);
      } catch {
        return Promise.resolve([]);
      }
      return pending
        .then(async (result) => {
          const accepted = acceptedTemplateIds(result, asked);
          if (accepted.length === 0) return [];
          await port.save(accepted);
          templates = (templates ?? []).map((t) =>
            accepted.includes(t.templateId) ? { ...t, credits: t.credits + 1 } : t,
          );
          return accepted;
        })
        .catch(() => []);
    },
    /** For tests and the page: the templates as last loaded. */
    templates: () => templates,
  };
}
