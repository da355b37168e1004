/** 商家申请加入联盟 and 本店管理: forms checked with the server's zod schemas, Chinese field errors. */
import { merchantApplicationBody, PLEDGE_VERSION } from '@timebank/shared';
import test from 'ava';
import {
  type ApplicationForm,
  applicationSessionExpiry,
  buildApplication,
  emptyApplication,
  percentPreview,
} from '../../miniapp/src/logic/merchantApply';
import { buildNotice, buildStaffInput, shopCheckView } from '../../miniapp/src/logic/shop';

const filled = (over: Partial<ApplicationForm> = {}): ApplicationForm => ({
  ...emptyApplication(),
  communityId: 1,
  username: 'wangji-bakery',
  password: 'bakery-2026',
  displayName: '王老板',
  name: '王记烘焙',
  category: 'food',
  tags: ['independent'],
  address: '紫瑞街 8 号',
  lat: '30.8236',
  lng: '104.1589',
  openingHours: '每天 8:00–20:00',
  contactPhone: '028-83991234',
  licenceNo: '91510114ma6abcde1x',
  percentOff: '20',
  pledgeAccepted: true,
  ...over,
});

test('a complete application passes the server schema', (t) => {
  const r = buildApplication(filled({ conditions: '不与其他优惠同享' }));
  t.true(r.ok);
  if (!r.ok) return;
  t.true(merchantApplicationBody.safeParse(r.value).success);
  t.is(r.value.licenceNo, '91510114MA6ABCDE1X');
  t.deepEqual(r.value.discount, { percentOff: 20, conditions: '不与其他优惠同享' });
  t.deepEqual(r.value.pledge, { accepted: true, version: PLEDGE_VERSION });
});

test('a text discount instead of a percentage', (t) => {
  const r = buildApplication(filled({ discountMode: 'text', discountText: '理发免费洗头', percentOff: '' }));
  t.true(r.ok);
  if (r.ok) t.deepEqual(r.value.discount, { text: '理发免费洗头' });
});

test('missing fields get Chinese messages under the right field', (t) => {
  const r = buildApplication(emptyApplication());
  t.false(r.ok);
  if (r.ok) return;
  t.is(r.errors.communityId, '请选择所在社区');
  t.is(r.errors['owner.username'], '用户名为 3–32 位字母、数字或 . _ -');
  t.is(r.errors['owner.password'], '密码至少 8 位');
  t.is(r.errors.name, '请填写店名');
  t.is(r.errors.lat, '纬度应在 -90 到 90 之间');
  t.is(r.errors.licenceNo, '统一社会信用代码为 15–20 位数字或大写字母');
  t.is(r.errors['discount.percentOff'], '优惠幅度为 1–90 的整数（如 20 表示 8 折）');
  t.is(r.errors.pledge, '请阅读并同意承诺书');
  t.is(r.first, r.errors.communityId ?? '');
});

test('the pledge must be accepted', (t) => {
  const r = buildApplication(filled({ pledgeAccepted: false }));
  t.false(r.ok);
  if (!r.ok) t.deepEqual(Object.keys(r.errors), ['pledge']);
});

test('an empty text discount is named as such', (t) => {
  const r = buildApplication(filled({ discountMode: 'text', discountText: ' ' }));
  t.false(r.ok);
  if (!r.ok) t.truthy(r.errors['discount.text']);
});

test('percent preview in 折', (t) => {
  t.is(percentPreview('20'), '8折');
  t.is(percentPreview('15'), '8.5折');
  t.is(percentPreview('0'), '');
  t.is(percentPreview('abc'), '');
});

test('the session after applying expires before the default session lifetime', (t) => {
  const now = Date.UTC(2026, 0, 1);
  t.is(applicationSessionExpiry(now), new Date(now + 6 * 24 * 3600 * 1000).toISOString());
});

test('staff and notices are checked with the server schemas', (t) => {
  t.deepEqual(buildStaffInput({ username: 'zhang-2', password: 'abcdefgh', displayName: '小张' }), {
    ok: true,
    value: { username: 'zhang-2', password: 'abcdefgh', displayName: '小张' },
  });
  const bad = buildStaffInput({ username: 'x', password: 'short', displayName: '' });
  t.false(bad.ok);
  if (!bad.ok) t.deepEqual(Object.keys(bad.errors).sort(), ['displayName', 'password', 'username']);
  t.true(buildNotice({ kind: 'recruitment', title: '招聘店员', body: '欢迎志愿者' }).ok);
  const empty = buildNotice({ kind: 'activity_push', title: '', body: '' });
  t.false(empty.ok);
  if (!empty.ok) t.is(empty.errors.title, '标题 1–80 字');
});

test("a shop's checks: valid ones with the discount can be reported as lent", (t) => {
  const base = { id: 1, at: '2026-11-25T02:00:00Z', reason: null, kind: 'certificate' };
  t.deepEqual(shopCheckView({ ...base, valid: true, discount: { billAmount: 50, savingAmount: 10 } }), {
    result: '有效',
    detail: '优惠 10.00 元',
    canReportLent: true,
  });
  t.deepEqual(shopCheckView({ ...base, valid: true, discount: null }).detail, '未记录优惠');
  const refused = shopCheckView({ ...base, valid: false, reason: 'verify.code_reused', discount: null });
  t.is(refused.result, '未通过');
  t.is(refused.detail, '该二维码已被使用过（可能是截图）');
  t.false(refused.canReportLent);
});
