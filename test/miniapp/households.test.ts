/** Residents in need in the mini-program: forms, the buttons each status shows, labels and calls. */
import {
  type HouseholdDto,
  helpRequestStatuses,
  householdConsentVersions,
  householdCreateBody,
} from '@timebank/shared';
import test from 'ava';
import {
  buildConvertInput,
  buildHelpRequest,
  buildHouseholdInput,
  buildHouseholdPatch,
  buildProxy,
  buildWithdrawal,
  type ConvertForm,
  type HouseholdForm,
  helperLine,
  householdFormOf,
  householdsApi,
  kindLabel,
  logLine,
  officerActions,
  proxyCanCancel,
  statusLabel,
} from '../../miniapp/src/logic/households';
import { dict } from '../../miniapp/src/logic/i18n';

const NOW = new Date('2026-11-25T02:00:00Z');
const form: HouseholdForm = {
  label: '张奶奶',
  category: 'elderly_alone',
  address: '紫瑞街 3 栋 101',
  phone: '',
  notes: '',
  givenBy: '本人',
  agreed: true,
};

test('registration needs the consent ticked and who gave it; the body passes the server schema', (t) => {
  const ok = buildHouseholdInput(form, NOW);
  t.true(ok.ok);
  if (ok.ok) {
    t.true(householdCreateBody.safeParse(ok.value).success);
    t.is(ok.value.consent?.givenAt, NOW.toISOString());
    t.false('phone' in ok.value, 'an empty phone is left out');
  }
  const notAgreed = buildHouseholdInput({ ...form, agreed: false }, NOW);
  t.deepEqual(notAgreed, { ok: false, field: 'consent', message: '须取得住户同意并填写同意人' });
  const nobody = buildHouseholdInput({ ...form, givenBy: ' ' }, NOW, 'en');
  t.false(nobody.ok);
  if (!nobody.ok) t.is(nobody.message, "The household's consent and who gave it are required");
  const noAddress = buildHouseholdInput({ ...form, address: '' }, NOW);
  t.false(noAddress.ok);
  if (!noAddress.ok) t.is(noAddress.field, 'address');
  const badPhone = buildHouseholdInput({ ...form, phone: 'call me' }, NOW);
  t.false(badPhone.ok);
  if (!badPhone.ok) t.is(badPhone.field, 'phone');
});

test('a help request needs a preferred time', (t) => {
  t.deepEqual(buildHelpRequest({ kind: 'meal', preferredTime: ' 周三中午 ', details: '' }), {
    ok: true,
    value: { kind: 'meal', preferredTime: '周三中午', details: '' },
  });
  const none = buildHelpRequest({ kind: 'meal', preferredTime: '', details: '' });
  t.false(none.ok);
  if (!none.ok) t.is(none.message, '请填写希望的时间');
});

test('converting: Beijing times, the end after the start, a place with coordinates', (t) => {
  const f: ConvertForm = {
    title: '',
    placeName: '张奶奶家楼下',
    lat: '30.8236',
    lng: '104.1589',
    date: '2026-11-26',
    startTime: '09:00',
    endTime: '10:30',
    capacity: '2',
    publish: true,
  };
  const ok = buildConvertInput(f);
  t.true(ok.ok);
  if (ok.ok) {
    t.is(ok.value.startsAt, '2026-11-26T09:00:00+08:00');
    t.is(ok.value.endsAt, '2026-11-26T10:30:00+08:00');
    t.false('title' in ok.value, 'an empty title lets the server name it by the kind of help');
  }
  const backwards = buildConvertInput({ ...f, endTime: '08:00' });
  t.false(backwards.ok);
  if (!backwards.ok) t.is(backwards.message, '结束时间必须晚于开始时间');
  const nowhere = buildConvertInput({ ...f, placeName: '', lat: '' });
  t.false(nowhere.ok);
  if (!nowhere.ok) t.is(nowhere.field, 'place');
  const crowd = buildConvertInput({ ...f, capacity: '500' });
  t.false(crowd.ok);
});

test('proxies and withdrawals need their fields', (t) => {
  t.false(buildProxy(null, '女儿').ok);
  t.false(buildProxy(3, '').ok);
  t.deepEqual(buildProxy(3, '女儿'), { ok: true, value: { userId: 3, relation: '女儿' } });
  t.false(buildWithdrawal('').ok);
  t.true(buildWithdrawal('本人要求').ok);
});

test('the buttons follow the same transitions as the server', (t) => {
  t.deepEqual(officerActions('open'), ['convert', 'cancel']);
  t.deepEqual(officerActions('scheduled'), ['complete', 'cancel']);
  t.deepEqual(officerActions('done'), []);
  t.deepEqual(officerActions('cancelled'), []);
  t.deepEqual(
    helpRequestStatuses.filter((s) => proxyCanCancel(s)),
    ['open'],
  );
});

test('labels exist in both languages, lines read well', (t) => {
  t.is(kindLabel('bath'), '助浴');
  t.is(kindLabel('digital_help', 'en'), 'Phone and digital help');
  t.is(statusLabel('scheduled'), '已安排');
  for (const key of Object.keys(dict).filter((k) => k.startsWith('hh.'))) {
    const e = dict[key as keyof typeof dict];
    t.truthy(e.zh && e.en, key);
  }
  t.is(
    helperLine({
      volunteer: { id: 1, displayName: '王阿姨' },
      at: '2026-11-25T02:10:00Z',
      minutes: 120,
      hours: 2,
      confirmedAt: null,
    }),
    '王阿姨 · 11月25日 周三 10:10 · 2 小时',
  );
  const line = logLine(
    {
      id: 1,
      at: '2026-11-25T02:10:00Z',
      actor: { id: 2, displayName: '李梅' },
      actorRole: 'proxy',
      action: 'request.raised',
      requestId: 3,
    },
    'en',
  );
  t.true(line.includes('李梅 (Proxy) · Asked for help'), line);
});

test('the calls go to the household routes', async (t) => {
  const calls: string[] = [];
  const fake = {
    get: async <T>(path: string, query?: unknown) => {
      calls.push(`GET ${path}${query ? ` ${JSON.stringify(query)}` : ''}`);
      return {} as T;
    },
    post: async <T>(path: string, body?: unknown) => {
      calls.push(`POST ${path}${body ? ` ${JSON.stringify(body)}` : ''}`);
      return {} as T;
    },
    patch: async <T>(path: string) => {
      calls.push(`PATCH ${path}`);
      return {} as T;
    },
    del: async <T>(path: string) => {
      calls.push(`DELETE ${path}`);
      return {} as T;
    },
  };
  const api = householdsApi(fake);
  await api.list('archived');
  await api.proxyRaise(4, { kind: 'visit', preferredTime: '周末', details: '' });
  await api.proxyCancel(9);
  await api.removeProxy(4, 7);
  await api.complete(9);
  t.deepEqual(calls, [
    'GET /households {"status":"archived"}',
    'POST /me/households/4/requests {"kind":"visit","preferredTime":"周末","details":""}',
    'POST /me/help-requests/9/cancel',
    'DELETE /households/4/proxies/7',
    'POST /help-requests/9/complete {"note":""}',
  ]);
});

test('editing sends only what changed; an emptied phone is removed; nothing changed is refused', (t) => {
  const was: HouseholdDto = {
    id: 7,
    status: 'active',
    category: 'elderly_alone',
    label: '张奶奶',
    address: '紫瑞街 3 栋 101',
    communityId: 1,
    phone: '13800000000',
    notes: '行动不便',
    consent: {
      givenBy: '张奶奶',
      givenAt: '2026-11-01T02:00:00.000Z',
      version: householdConsentVersions[0],
      recordedBy: 2,
    },
    withdrawnAt: null,
    withdrawalReason: null,
    createdAt: '2026-11-01T02:00:00.000Z',
  };
  const f = householdFormOf(was);
  t.like(f, { label: '张奶奶', address: '紫瑞街 3 栋 101', phone: '13800000000', notes: '行动不便' });
  const same = buildHouseholdPatch(f, was);
  t.deepEqual(same, { ok: false, field: '', message: '没有修改任何内容' });
  t.deepEqual(buildHouseholdPatch({ ...f, address: '紫瑞街 5 栋 202', phone: '' }, was), {
    ok: true,
    value: { address: '紫瑞街 5 栋 202', phone: null },
  });
  t.deepEqual(buildHouseholdPatch({ ...f, category: 'disabled' }, was), {
    ok: true,
    value: { category: 'disabled' },
  });
  const empty = buildHouseholdPatch({ ...f, address: ' ' }, was, 'en');
  t.like(empty, { ok: false, field: 'address' });
  const phone = buildHouseholdPatch({ ...f, phone: '电话13800' }, was);
  t.like(phone, { ok: false, field: 'phone' });
});

test('the edit call is a PATCH of the household with the changes only', async (t) => {
  const calls: unknown[] = [];
  const http = {
    get: async () => ({}) as never,
    post: async () => ({}) as never,
    patch: async (path: string, body?: unknown) => {
      calls.push([path, body]);
      return {} as never;
    },
    del: async () => ({}) as never,
  };
  await householdsApi(http).update(7, { notes: '需要轮椅' });
  t.deepEqual(calls, [['/households/7', { notes: '需要轮椅' }]]);
});
