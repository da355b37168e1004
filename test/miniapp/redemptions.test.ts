import type { MovementDto, RedemptionItemDto } from '@timebank/shared';
import { IDEMPOTENCY_KEY_PATTERN } from '@timebank/shared';
import test from 'ava';
import { t as tr } from '../../miniapp/src/logic/i18n';
import { movementView } from '../../miniapp/src/logic/movements';
import {
  attemptFor,
  type ItemForm,
  itemBodyOf,
  itemLine,
  ownerActions,
  stockLabel,
  tillChoices,
} from '../../miniapp/src/logic/redemptions';

const item = (over: Partial<RedemptionItemDto> = {}): RedemptionItemDto => ({
  id: 1,
  merchantId: 9,
  title: '10 元代金券',
  description: '',
  points: 10,
  valueFen: 1000,
  stock: 3,
  validFrom: '2026-11-20',
  validTo: '2026-12-31',
  redeemable: true,
  updatedAt: '2026-11-25T02:00:00.000Z',
  ...over,
});

test('an item reads as points, worth and stock, in both languages', (t) => {
  t.is(itemLine(item(), 'zh'), '10 积分 · 价值 ¥10 · 剩 3 份');
  t.is(itemLine(item({ valueFen: 1250, stock: null }), 'en'), '10 points · Worth ¥12.50 · No limit');
  t.is(itemLine(item({ valueFen: null, stock: 0 }), 'zh'), '10 积分 · 已兑完');
  t.is(stockLabel(0, 'en'), 'Out of stock');
});

test('the till offers the redeemable items only, cheapest first, marking what the holder can afford', (t) => {
  const list = [
    item({ id: 1, points: 10 }),
    item({ id: 2, points: 3 }),
    item({ id: 3, points: 1, redeemable: false }),
    item({ id: 4, points: 3 }),
  ];
  t.deepEqual(
    tillChoices(list, 5).map((i) => [i.id, i.affordable]),
    [
      [2, true],
      [4, true],
      [1, false],
    ],
  );
  t.true(
    tillChoices(list).every((i) => i.affordable),
    'unknown points: the server decides',
  );
});

test('a retried confirmation keeps its key; another check or item gets a new one', (t) => {
  let n = 0;
  const make = () => `key-000000${++n}`;
  const a = attemptFor(null, 7, 1, make);
  t.is(a.key, 'key-0000001');
  t.is(attemptFor(a, 7, 1, make), a);
  t.is(attemptFor(a, 7, 2, make).key, 'key-0000002');
  t.is(attemptFor(a, 8, 1, make).key, 'key-0000003');
  t.regex(attemptFor(null, 1, 1).key, IDEMPOTENCY_KEY_PATTERN);
});

test("the owner's form: the body sent, or the first field in error", (t) => {
  const f: ItemForm = {
    title: ' 免费理发 ',
    description: '',
    points: '20',
    value: '38.5',
    stock: '',
    validFrom: '2026-11-25',
    validTo: '2026-12-31',
  };
  t.deepEqual(itemBodyOf(f, '2026-11-25'), {
    ok: true,
    body: {
      title: '免费理发',
      points: 20,
      valueFen: 3850,
      stock: null,
      validFrom: '2026-11-25',
      validTo: '2026-12-31',
    },
  });
  const bad = (over: Partial<ItemForm>) => {
    const r = itemBodyOf({ ...f, ...over }, '2026-11-25');
    return r.ok ? null : [r.field, r.error];
  };
  t.deepEqual(bad({ title: '  ' }), ['title', 'rd.err.title']);
  t.deepEqual(bad({ points: '0' }), ['points', 'rd.err.points']);
  t.deepEqual(bad({ points: '2.5' }), ['points', 'rd.err.points']);
  t.deepEqual(bad({ points: '10001' }), ['points', 'rd.err.points']);
  t.deepEqual(bad({ value: '1.234' }), ['value', 'rd.err.value']);
  t.deepEqual(bad({ stock: '-1' }), ['stock', 'rd.err.stock']);
  t.deepEqual(bad({ stock: '100001' }), ['stock', 'rd.err.stock']);
  t.deepEqual(bad({ validTo: '2026-11-24', validFrom: '2026-11-20' }), ['dates', 'rd.err.dates']);
  t.deepEqual(bad({ validFrom: '2026-12-31', validTo: '2026-12-01' }), ['dates', 'rd.err.dates']);
  t.deepEqual(bad({ validTo: '2027-12-31' }), ['dates', 'rd.err.dates']);
  t.is(itemBodyOf({ ...f, stock: '0' }, '2026-11-25').ok, true);
});

test("the owner's buttons follow the lifecycle: ended and taken down have none", (t) => {
  t.deepEqual(
    ownerActions('published').map((a) => [a.action, a.status]),
    [
      ['hide', 'hidden'],
      ['end', 'ended'],
    ],
  );
  t.deepEqual(
    ownerActions('hidden').map((a) => a.action),
    ['show', 'end'],
  );
  t.deepEqual(ownerActions('ended'), []);
  t.deepEqual(ownerActions('taken_down'), []);
  for (const a of ownerActions('published')) t.truthy(tr(a.label, 'en'));
});

test('a redemption in my movements names the shop', (t) => {
  const m: MovementDto = {
    id: 1,
    kind: 'redemption',
    status: 'done',
    points: 10,
    direction: 'out',
    counterpart: { kind: 'shop', name: '积分小店', id: 9 },
    note: '10 元代金券',
    holdReason: null,
    decisionReason: null,
    createdAt: '2026-11-25T02:00:00.000Z',
    decidedAt: null,
  };
  t.is(movementView(m, 'zh').title, '在积分小店兑换');
  t.is(movementView(m, 'en').title, 'Redeemed at 积分小店');
  t.false(movementView(m, 'zh').positive);
});
