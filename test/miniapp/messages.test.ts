/** The message centre's list logic and the WeChat reminder asker (subscribe messages). */
import test from 'ava';
import { t as translate } from '../../miniapp/src/logic/i18n';
import {
  acceptedTemplateIds,
  createReminderAsker,
  type MessagesDto,
  markedRead,
  messageView,
  type ReminderPort,
  type SubscriptionTemplate,
  tagKeyFor,
  templatesToAsk,
  unreadBadge,
} from '../../miniapp/src/logic/messages';

const list: MessagesDto = {
  unread: 2,
  notifications: [
    {
      id: 3,
      kind: 'activity.reminder',
      title: '明天有活动',
      body: '「大扫除」11月26日 09:00',
      data: { activityId: 1 },
      read: false,
      createdAt: '2026-11-25T02:00:00.000Z',
    },
    {
      id: 2,
      kind: 'mystery.kind',
      title: '通知',
      body: '',
      data: null,
      read: false,
      createdAt: '2026-11-25T01:00:00.000Z',
    },
    {
      id: 1,
      kind: 'ledger.credited',
      title: '获得 2 积分',
      body: '',
      data: null,
      read: true,
      createdAt: '2026-11-24T01:00:00.000Z',
    },
  ],
};

test('the unread badge is empty at zero and caps at 99+', (t) => {
  t.is(unreadBadge(0), '');
  t.is(unreadBadge(-1), '');
  t.is(unreadBadge(Number.NaN), '');
  t.is(unreadBadge(7), '7');
  t.is(unreadBadge(100), '99+');
});

test('a message shows its kind, local time and whether it is unread; unknown kinds are plain notices', (t) => {
  const [reminder, unknown, credited] = list.notifications.map(messageView);
  t.deepEqual(reminder, {
    id: 3,
    title: '明天有活动',
    body: '「大扫除」11月26日 09:00',
    time: reminder!.time,
    unread: true,
    tagKey: 'messages.kind.activity.reminder',
    tone: 'red',
    target: { url: '/packages/volunteer/pages/activity/index?id=1', tab: false },
  });
  t.regex(reminder!.time, /10:00/); // 02:00 UTC is 10:00 in Shanghai
  t.is(unknown!.tagKey, 'messages.kind.other');
  t.is(credited!.unread, false);
  t.is(credited!.tone, 'plain');
  // Every tag key has a translation.
  for (const v of [reminder!, unknown!, credited!]) t.not(translate(v.tagKey, 'en'), v.tagKey);
  t.is(translate('messages.unread', 'zh', { n: 3 }), '3 条未读');
});

test('marking read updates the list and the count without touching the input', (t) => {
  const one = markedRead(list, [3]);
  t.is(one.unread, 1);
  t.deepEqual(
    one.notifications.map((n) => n.read),
    [true, false, true],
  );
  t.is(list.notifications[0]!.read, false);
  const all = markedRead(list);
  t.is(all.unread, 0);
  t.true(all.notifications.every((n) => n.read));
});

const templates: SubscriptionTemplate[] = [
  { kind: 'activity.reminder', templateId: 'tmpl-remind', credits: 0 },
  { kind: 'ledger.credited', templateId: 'tmpl-points', credits: 5 },
];

test('only templates short of credits are asked for, fewest first, three at most', (t) => {
  t.deepEqual(templatesToAsk(templates), ['tmpl-remind']);
  t.deepEqual(
    templatesToAsk([
      { kind: 'a', templateId: 'a', credits: 2 },
      { kind: 'b', templateId: 'b', credits: 0 },
      { kind: 'c', templateId: 'c', credits: 1 },
      { kind: 'd', templateId: 'd', credits: 0 },
    ]),
    ['b', 'd', 'c'],
  );
  t.deepEqual(templatesToAsk([]), []);
  t.deepEqual(acceptedTemplateIds({ a: 'accept', b: 'reject', c: 'ban', errMsg: 'ok' }, ['a', 'b', 'c']), [
    'a',
  ]);
  t.deepEqual(acceptedTemplateIds(undefined, ['a']), []);
});

function port(over: Partial<ReminderPort> = {}) {
  const calls = { load: 0, request: [] as string[][], save: [] as string[][] };
  const p: ReminderPort = {
    weapp: true,
    load: async () => {
      calls.load++;
      return { templates };
    },
    request: async (ids) => {
      calls.request.push(ids);
      return { 'tmpl-remind': 'accept', errMsg: 'requestSubscribeMessage:ok' };
    },
    save: async (ids) => {
      calls.save.push(ids);
    },
    ...over,
  };
  return { p, calls };
}

test('in weapp the asker requests synchronously within the tap and posts what was accepted', async (t) => {
  const { p, calls } = port();
  const asker = createReminderAsker(p);
  await asker.prime();
  const pending = asker.ask();
  // Called before the first await: WeChat requires the tap's own call stack.
  t.deepEqual(calls.request, [['tmpl-remind']]);
  t.deepEqual(await pending, ['tmpl-remind']);
  t.deepEqual(calls.save, [['tmpl-remind']]);
  t.is(asker.templates()![0]!.credits, 1);
});

test('in h5 nothing is loaded or requested; refusals and failures post nothing and never throw', async (t) => {
  const h5 = port({ weapp: false });
  const a = createReminderAsker(h5.p);
  await a.prime();
  t.deepEqual(await a.ask(), []);
  t.is(h5.calls.load, 0);
  t.deepEqual(h5.calls.request, []);

  const refused = port({ request: async () => ({ 'tmpl-remind': 'reject' }) });
  const b = createReminderAsker(refused.p);
  await b.prime();
  t.deepEqual(await b.ask(), []);
  t.deepEqual(refused.calls.save, []);

  const broken = port({
    request: () => {
      throw new Error('requestSubscribeMessage:fail can only be invoked by user TAP gesture');
    },
  });
  const c = createReminderAsker(broken.p);
  await c.prime();
  t.deepEqual(await c.ask(), []);

  const offline = port({
    load: async () => {
      throw new Error('network');
    },
  });
  const d = createReminderAsker(offline.p);
  await d.prime();
  t.deepEqual(await d.ask(), []);
  t.deepEqual(offline.calls.request, []);

  const saveFails = port({
    save: async () => {
      throw new Error('500');
    },
  });
  const e = createReminderAsker(saveFails.p);
  await e.prime();
  t.deepEqual(await e.ask(), []);
});

test('every message of an area gets that area tag; unknown kinds are plain notices', (t) => {
  t.is(tagKeyFor('certificate.revoked'), 'messages.kind.certificate.issued');
  t.is(tagKeyFor('certificate.appeal'), 'messages.kind.certificate.issued');
  t.is(tagKeyFor('till.device_replaced'), 'messages.kind.till.checked');
  t.is(tagKeyFor('household.request_done'), 'messages.kind.household');
  t.is(tagKeyFor('challenges.won'), 'messages.kind.challenge');
  t.is(tagKeyFor('activity.reminder'), 'messages.kind.activity.reminder');
  t.is(
    tagKeyFor('activity.cancelled'),
    'messages.kind.activity.reminder',
    'every activity message is an 活动提醒',
  );
  t.is(tagKeyFor('something.new'), 'messages.kind.other');
});

test('a tapped message opens what it is about', async (t) => {
  const { messageTarget } = await import('../../miniapp/src/logic/messages');
  t.deepEqual(messageTarget('enrolment.confirmed', { activityId: 7 }), {
    url: '/packages/volunteer/pages/activity/index?id=7',
    tab: false,
  });
  t.deepEqual(messageTarget('activity.cancelled', { activityId: 7 }), {
    url: '/packages/volunteer/pages/activity/index?id=7',
    tab: false,
  });
  // points for a challenge open the challenge; points for an activity open 我的
  t.deepEqual(messageTarget('ledger.credited', { activityId: 7, challengeId: 2 }), {
    url: '/packages/volunteer/pages/challenges/detail/index?id=2',
    tab: false,
  });
  t.deepEqual(messageTarget('ledger.credited', { activityId: 7, attendanceId: 3 }), {
    url: '/pages/me/index',
    tab: true,
  });
  t.deepEqual(messageTarget('case.closed', { caseId: 4 }), {
    url: '/packages/volunteer/pages/reports/index',
    tab: false,
  });
  t.deepEqual(messageTarget('certificate.issued', null), { url: '/pages/me/index', tab: true });
  t.is(messageTarget('household.proxy_added', { householdId: 1 }), null);
  t.is(messageTarget('enrolment.confirmed', { activityId: -1 }), null);
  t.is(tagKeyFor('activity.cancelled'), 'messages.kind.activity.reminder');
});
