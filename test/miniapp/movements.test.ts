import type { MovementDto } from '@timebank/shared';
import { IDEMPOTENCY_KEY_PATTERN } from '@timebank/shared';
import test from 'ava';
import { messageTarget, tagKeyFor } from '../../miniapp/src/logic/messages';
import {
  giftBodyOf,
  limitsText,
  movementView,
  newIdempotencyKey,
  pointsOf,
} from '../../miniapp/src/logic/movements';

test('a new idempotency key fits the pattern and differs each time', (t) => {
  const a = newIdempotencyKey();
  const b = newIdempotencyKey();
  t.regex(a, IDEMPOTENCY_KEY_PATTERN);
  t.not(a, b);
  t.regex(
    newIdempotencyKey(0, () => 0),
    IDEMPOTENCY_KEY_PATTERN,
  );
});

test('the give form: whole points, a member number or a phone (one of them)', (t) => {
  const f = { memberId: '12', phone: '', points: '3', note: ' 给妈妈 ' };
  t.deepEqual(giftBodyOf(f, 'key-00001'), {
    ok: true,
    body: { idempotencyKey: 'key-00001', points: 3, toMemberId: 12, note: '给妈妈' },
  });
  t.deepEqual(giftBodyOf({ ...f, memberId: '', phone: '13900001111', note: '' }, 'key-00001'), {
    ok: true,
    body: { idempotencyKey: 'key-00001', points: 3, toPhone: '13900001111' },
  });
  t.like(giftBodyOf({ ...f, points: '1.5' }, 'k'), { ok: false, error: 'mv.error.points' });
  t.like(giftBodyOf({ ...f, points: '0' }, 'k'), { ok: false, error: 'mv.error.points' });
  t.like(giftBodyOf({ ...f, points: '' }, 'k'), { ok: false, error: 'mv.error.points' });
  t.like(giftBodyOf({ ...f, phone: '13900001111' }, 'k'), { ok: false, error: 'mv.error.receiver' });
  t.like(giftBodyOf({ ...f, memberId: '' }, 'k'), { ok: false, error: 'mv.error.receiver' });
  t.like(giftBodyOf({ ...f, memberId: '', phone: '1234' }, 'k'), { ok: false, error: 'mv.error.receiver' });
  t.is(pointsOf('5'), 5);
  t.is(pointsOf('-5'), null);
});

const base: MovementDto = {
  id: 1,
  kind: 'gift',
  status: 'pending',
  points: 5,
  direction: 'out',
  counterpart: { kind: 'volunteer', name: '王*红', id: null },
  note: null,
  holdReason: 'per_gift',
  decisionReason: null,
  createdAt: '2026-12-01T02:00:00.000Z',
  decidedAt: null,
};

test('a movement reads as what it is, in both languages; only my waiting gift can be withdrawn', (t) => {
  t.like(movementView(base, 'zh'), {
    title: '赠送给 王*红',
    amountText: '−5',
    positive: false,
    status: '待审核',
    cancellable: true,
    detail: '超过单次上限',
  });
  t.like(movementView({ ...base, direction: 'in', status: 'done' }, 'en'), {
    title: 'Gift from 王*红',
    amountText: '+5',
    positive: true,
    cancellable: false,
  });
  t.like(
    movementView(
      {
        ...base,
        kind: 'donation',
        status: 'done',
        counterpart: { kind: 'pool', name: '紫瑞街社区', id: null },
      },
      'zh',
    ),
    { title: '捐赠给紫瑞街社区公益池', cancellable: false },
  );
  t.like(movementView({ ...base, status: 'rejected', decisionReason: '请先确认' }, 'en'), {
    status: 'Refused',
    detail: 'Reason: 请先确认',
  });
  t.is(
    limitsText({ perGift: 20, perMonth: null }, 'zh'),
    '本社区规定：每次最多 20 分，每月最多 不限 分，超出需社区审核。',
  );
});

test('a message about points that moved is a points message and opens 我的积分', (t) => {
  t.is(tagKeyFor('movements.gift_received'), 'messages.kind.ledger.credited');
  t.deepEqual(messageTarget('movements.gift_received', { movementId: 3 }), {
    url: '/packages/volunteer/pages/points/index',
    tab: false,
  });
});
