/** The audit page reads like a record, not like JSON: labels, values and reasons in both languages. */
import test from 'ava';
import { auditEntryView, auditReason, diffLines, formatValue } from '../../miniapp/src/logic/officerOps';

test('a voided discount reads as an action, a target, the reason and the changed fields', (t) => {
  const view = auditEntryView({
    action: 'POST /verifications/:id/discount/void',
    target: { type: 'verifications', id: '41' },
    params: { params: { id: '41' }, query: null, body: { reason: '金额有误' } },
    before: { status: 'recorded', voidReason: null, billAmount: 30, savingAmount: 6 },
    after: { status: 'voided', voidReason: '金额有误', billAmount: 30, savingAmount: 6 },
  });
  t.deepEqual(view, {
    action: '作废优惠记录',
    target: '核验 #41',
    reason: '金额有误',
    lines: [
      { path: 'status', label: '状态', before: '已记录', after: '已作废' },
      { path: 'voidReason', label: '作废原因', before: '—', after: '金额有误' },
    ],
  });
  const en = auditEntryView(
    {
      action: 'POST /verifications/:id/discount/void',
      target: { type: 'verifications', id: '41' },
      before: null,
      after: null,
    },
    'en',
  );
  t.is(en.action, 'Discount voided');
  t.is(en.target, 'Check #41');
  t.is(en.reason, null);
});

test('a whole answer as the after: ids left out, money in yuan, lists read as lists', (t) => {
  const lines = diffLines(null, {
    id: 9,
    verificationId: 41,
    communityId: 1,
    billAmount: 30,
    savingAmount: 6.5,
    status: 'recorded',
    flags: ['far_from_place', 'no_location'],
    items: [{ a: 1 }, { a: 2 }],
    activity: { id: 3, title: '陪老人散步' },
  });
  t.deepEqual(
    lines.map((l) => [l.label, l.after]),
    [
      ['消费金额', '¥30'],
      ['优惠金额', '¥6.50'],
      ['状态', '已记录'],
      ['异常标记', 'far_from_place、no_location'],
      ['items', '2 项'],
      ['活动 · 标题', '陪老人散步'],
    ],
  );
  // nothing but ids changed: nothing to show
  t.deepEqual(diffLines({ id: 1 }, { id: 2 }), []);
});

test('values: empty lists, truncated records and manual attendance have words', (t) => {
  t.is(formatValue([]), '—');
  t.is(formatValue(['manual', 'checkin'], 'en'), 'added by hand, check-in');
  t.is(formatValue([{ a: 1 }], 'en'), '1 items');
  t.is(formatValue({ truncated: true, bytes: 90000 }), '（内容过长，未保存）');
  t.deepEqual(
    diffLines(null, { truncated: true, bytes: 90000 }, 'en').map((l) => l.after),
    ['(too long to keep)'],
  );
});

test('the reason comes from the request body when there is one', (t) => {
  t.is(auditReason({ body: { reason: '  将证书借给他人 ' } }), '将证书借给他人');
  t.is(auditReason({ body: { evidenceNote: '纸质签到表' } }), '纸质签到表');
  t.is(auditReason({ body: { minutes: 3 } }), null);
  t.is(auditReason(null), null);
  t.is(auditReason({ body: null }), null);
});
