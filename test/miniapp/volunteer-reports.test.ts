/** Reports and appeals: bodies checked with the server's schemas; a report's progress as a label. */
import { reportBody } from '@timebank/shared';
import test from 'ava';
import { appealStatusKey, buildAppeal, buildReport, reportState } from '../../miniapp/src/logic/reports';

test('a refused discount from a check names the check, not the shop', (t) => {
  const r = buildReport('refused_discount', { merchantId: 4, verificationId: 9 }, '  店员说不参加  ');
  t.true(r.ok);
  if (r.ok) {
    t.deepEqual(r.value, { kind: 'refused_discount', verificationId: 9, description: '店员说不参加' });
    t.true(reportBody.safeParse(r.value).success);
  }
});

test('a refused discount from the directory names the shop', (t) => {
  const r = buildReport('refused_discount', { merchantId: 4 }, '拒绝优惠');
  t.deepEqual(r, { ok: true, value: { kind: 'refused_discount', merchantId: 4, description: '拒绝优惠' } });
});

test('an empty or overlong description is refused in the chosen language', (t) => {
  t.deepEqual(buildReport('refused_discount', { merchantId: 1 }, '   '), {
    ok: false,
    error: '请写下发生了什么',
  });
  t.deepEqual(buildReport('lent_certificate', { verificationId: 1 }, '', 'en'), {
    ok: false,
    error: 'Please describe what happened',
  });
  t.deepEqual(buildReport('refused_discount', { merchantId: 1 }, 'x'.repeat(1001)), {
    ok: false,
    error: '最多 1000 字',
  });
});

test('an appeal needs a text', (t) => {
  t.deepEqual(buildAppeal(' 我没有出借证书 '), { ok: true, value: { text: '我没有出借证书' } });
  t.false(buildAppeal('').ok);
});

test('report progress: open, upheld, dismissed', (t) => {
  t.deepEqual(reportState({ status: 'open', resolution: null }), { key: 'report.open', tone: 'amber' });
  t.deepEqual(reportState({ status: 'closed', resolution: 'upheld' }), {
    key: 'report.upheld',
    tone: 'green',
  });
  t.deepEqual(reportState({ status: 'closed', resolution: 'dismissed' }), {
    key: 'report.dismissed',
    tone: 'grey',
  });
  t.is(appealStatusKey('overturned'), 'appeal.status.overturned');
});
