import test from 'ava';
import {
  amountsText,
  canCorrect,
  discountFieldFor,
  minutesLeft,
  trailLine,
  yuan,
} from '../../miniapp/src/logic/tillResult';

test('each amount refusal belongs to its field', (t) => {
  t.is(discountFieldFor('till.bill_required'), 'bill');
  t.is(discountFieldFor('till.saving_not_positive'), 'saving');
  t.is(discountFieldFor('till.saving_exceeds_bill'), 'saving');
  t.is(discountFieldFor('till.saving_inconsistent'), 'saving');
  t.is(discountFieldFor('request.invalid', [{ path: 'billAmount' }]), 'bill');
  t.is(discountFieldFor('request.invalid', [{ path: 'savingAmount' }]), 'saving');
  t.is(discountFieldFor('request.invalid', [{ path: 'note' }]), null);
  t.is(discountFieldFor('request.invalid'), null);
  t.is(discountFieldFor('till.correction_window_closed'), null);
});

test('a record can be corrected until its deadline, never once voided', (t) => {
  const until = '2026-03-01T10:10:00.000Z';
  const before = Date.parse('2026-03-01T10:09:59.000Z');
  const after = Date.parse('2026-03-01T10:10:00.000Z');
  t.true(canCorrect({ status: 'recorded', correctableUntil: until }, before));
  t.true(canCorrect({ status: 'corrected', correctableUntil: until }, before));
  t.false(canCorrect({ status: 'recorded', correctableUntil: until }, after));
  t.false(canCorrect({ status: 'voided', correctableUntil: until }, before));
  t.is(minutesLeft(until, Date.parse('2026-03-01T10:00:30.000Z')), 10);
  t.is(minutesLeft(until, Date.parse('2026-03-01T10:09:01.000Z')), 1);
  t.is(minutesLeft(until, after + 60_000), 0);
});

test('amounts read as yuan in both languages', (t) => {
  t.is(yuan(30), '¥30');
  t.is(yuan(6.5), '¥6.50');
  t.is(yuan(null), '—');
  t.is(amountsText({ billAmount: 30, savingAmount: 6 }, 'zh'), '消费 ¥30，优惠 ¥6');
  t.is(amountsText({ billAmount: null, savingAmount: 5 }, 'en'), 'Bill —, discount ¥5');
});

test('trail lines say what happened, by whom, and why a record was voided', (t) => {
  const base = { billAmount: 30, savingAmount: 6, note: null, reason: null, at: '2026-03-01T10:00:00.000Z' };
  const actor = { id: 1, displayName: '王店员' };
  t.deepEqual(trailLine({ ...base, kind: 'recorded', actor }, 'zh'), {
    title: '王店员 记录',
    detail: '消费 ¥30，优惠 ¥6',
  });
  t.deepEqual(trailLine({ ...base, kind: 'corrected', note: 'typo', actor }, 'en'), {
    title: 'Corrected by 王店员',
    detail: 'Bill ¥30, discount ¥6 · typo',
  });
  t.deepEqual(
    trailLine({ ...base, kind: 'voided', reason: '金额有误', actor: { id: 2, displayName: '李书记' } }, 'zh'),
    { title: '李书记 作废', detail: '原因：金额有误' },
  );
});
