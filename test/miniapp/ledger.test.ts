/** Ledger lines on the 我的 page say how many points, for which activity, and why. */
import test from 'ava';
import {
  certificateProgressText,
  type LedgerLineDto,
  ledgerLineView,
  progressPercent,
} from '../../miniapp/src/logic/ledger';

const line = (over: Partial<LedgerLineDto> = {}): LedgerLineDto => ({
  id: 3,
  amount: 1,
  minutes: 60,
  kind: 'earn',
  reason: '调整：提前离开但完成了清扫',
  source: { type: 'attendance', id: 3 },
  activity: { id: 2, title: '小区公共区域大扫除', startsAt: '2026-11-25T01:00:00Z' },
  balanceAfter: 3,
  createdAt: '2026-11-25T05:00:00Z',
  ...over,
});

test('an earned line names the activity, the day, the service time, the reason and the balance', (t) => {
  t.deepEqual(ledgerLineView(line()), {
    id: 3,
    amountText: '+1',
    positive: true,
    title: '小区公共区域大扫除',
    detail: '11月25日 周三 · 服务1小时',
    reason: '调整：提前离开但完成了清扫',
    when: '11月25日 周三',
    balanceText: '余额 3',
  });
});

test('a correction without an activity is titled by its kind and shown negative', (t) => {
  const v = ledgerLineView(
    line({ amount: -0.5, kind: 'correction', activity: null, minutes: 0, balanceAfter: 2.5 }),
  );
  t.is(v.title, '积分更正');
  t.is(v.amountText, '−0.5');
  t.false(v.positive);
  t.is(v.detail, '');
  t.is(v.balanceText, '余额 2.5');
});

test('progress towards the certificate', (t) => {
  t.is(
    certificateProgressText({ threshold: 3, remaining: 1, issued: false, status: null }),
    '再获得 1 积分即可领取志愿者证书（满 3 分）',
  );
  t.is(
    certificateProgressText({ threshold: 3, remaining: 0, issued: true, status: 'active' }),
    '您已获得志愿者证书',
  );
  t.is(
    certificateProgressText({ threshold: 3, remaining: 0, issued: true, status: 'revoked' }),
    '您的志愿者证书已被收回',
  );
  t.is(progressPercent(2, 3), 67);
  t.is(progressPercent(5, 3), 100);
  t.is(progressPercent(1, 0), 100);
});

test('a correction of the hours alone shows its minutes and 0 points', (t) => {
  const v = ledgerLineView(
    line({ amount: 0, kind: 'correction', minutes: -3, reason: '更正：提前三分钟离开', balanceAfter: 0.2 }),
  );
  t.is(v.amountText, '0');
  t.regex(v.detail, /时长 −3分钟/);
  t.is(v.balanceText, '余额 0.2');
});
