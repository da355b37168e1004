import {
  amountProblem,
  covers,
  DEFAULT_GIFT_LIMITS,
  donationBody,
  giftBody,
  giftHold,
  IDEMPOTENCY_KEY_PATTERN,
  limitProblem,
  MAX_MOVEMENT_POINTS,
  movementHundredths,
} from '@timebank/shared';
import test from 'ava';

test('an amount is whole points from 1 to the maximum, each refusal with its own code', (t) => {
  t.is(amountProblem(1), null);
  t.is(amountProblem(MAX_MOVEMENT_POINTS), null);
  t.is(amountProblem(0), 'movements.amount_not_positive');
  t.is(amountProblem(-1), 'movements.amount_not_positive');
  t.is(amountProblem(-0.5), 'movements.amount_not_positive');
  t.is(amountProblem(Number.NaN), 'movements.amount_not_positive');
  t.is(amountProblem(Number.POSITIVE_INFINITY), 'movements.amount_not_positive');
  t.is(amountProblem(1.5), 'movements.amount_not_whole');
  t.is(amountProblem(0.01), 'movements.amount_not_whole');
  t.is(amountProblem(MAX_MOVEMENT_POINTS + 1), 'movements.amount_too_large');
});

test('a limit is an amount or null (no limit)', (t) => {
  t.is(limitProblem(null), null);
  t.is(limitProblem(20), null);
  t.is(limitProblem(0), 'movements.amount_not_positive');
  t.is(limitProblem(2.5), 'movements.amount_not_whole');
});

test('a gift waits above the per-gift limit, or when the month would pass its limit', (t) => {
  const limits = { perGift: 1000, perMonth: 3000 };
  t.is(giftHold(1000, 0, limits), null, 'at the per-gift limit: made');
  t.is(giftHold(1100, 0, limits), 'per_gift');
  t.is(giftHold(1000, 2000, limits), null, 'reaching the monthly limit exactly: made');
  t.is(giftHold(100, 2950, limits), 'per_month');
  t.is(giftHold(5000, 2950, limits), 'per_gift', 'the per-gift reason first');
  t.is(giftHold(999_900, 999_900, { perGift: null, perMonth: null }), null);
  t.is(giftHold(100, 0, { perGift: null, perMonth: 50 }), 'per_month');
  t.deepEqual(DEFAULT_GIFT_LIMITS, { perGift: 20, perMonth: 50 });
});

test('a balance covers a movement of at most itself; points are hundredths', (t) => {
  t.true(covers(500, 500));
  t.false(covers(499, 500));
  t.true(covers(0, 0));
  t.is(movementHundredths(3), 300);
});

test('idempotency keys: 8 to 64 letters, digits, - and _; bodies are strict', (t) => {
  t.true(IDEMPOTENCY_KEY_PATTERN.test('0b7c2a4e-5d0f-4a3e-9d55-0a0a0a0a0a0a'));
  t.false(IDEMPOTENCY_KEY_PATTERN.test('short'));
  t.false(IDEMPOTENCY_KEY_PATTERN.test('has space in it'));
  t.false(IDEMPOTENCY_KEY_PATTERN.test('x'.repeat(65)));
  t.true(giftBody.safeParse({ idempotencyKey: 'abcdefgh', points: 1, toMemberId: 2 }).success);
  t.false(
    giftBody.safeParse({ idempotencyKey: 'abcdefgh', points: '1', toMemberId: 2 }).success,
    'no coercion',
  );
  t.false(giftBody.safeParse({ idempotencyKey: 'abcdefgh', points: 1, toPhone: '12345' }).success);
  t.false(donationBody.safeParse({ idempotencyKey: 'abcdefgh', points: 1, extra: true }).success);
  t.false(donationBody.safeParse({ points: 1 }).success, 'a key is required');
});
