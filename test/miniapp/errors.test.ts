/** Error codes from the API become Chinese sentences from the shared table. */

import { errorMessage } from '@timebank/shared';
import test from 'ava';
import { messageForCode, NETWORK_ERROR, needsSignIn } from '../../miniapp/src/logic/errors';
import { withQuery } from '../../miniapp/src/logic/query';

test('known codes use the shared Chinese message', (t) => {
  t.is(messageForCode('checkins.code_expired'), '签到码已过期，请扫描最新的二维码');
  t.is(messageForCode('activities.full'), errorMessage('activities.full', 'zh'));
});

test('refusals at the till use their own reasons', (t) => {
  t.is(messageForCode('verify.code_reused'), '该二维码已被使用过（可能是截图）');
});

test('an invalid request names the first field in Chinese', (t) => {
  t.is(messageForCode('request.invalid', [{ path: 'title', message: 'Too small' }]), '请检查「活动名称」');
  t.is(messageForCode('request.invalid', []), errorMessage('request.invalid', 'zh'));
});

test('unknown codes and the network get a safe message', (t) => {
  t.is(messageForCode('something.new'), errorMessage('server.internal', 'zh'));
  t.is(messageForCode(NETWORK_ERROR), '网络连接失败，请检查网络后重试');
});

test('only a missing or invalid session sends the user to sign in', (t) => {
  t.true(needsSignIn('auth.required'));
  t.true(needsSignIn('auth.invalid_token'));
  t.false(needsSignIn('auth.forbidden'));
  t.false(needsSignIn('auth.invalid_credentials'));
});

test('query strings leave out empty values and encode the rest', (t) => {
  t.is(withQuery('/activities'), '/activities');
  t.is(withQuery('/activities', { status: 'upcoming', limit: 50 }), '/activities?status=upcoming&limit=50');
  t.is(
    withQuery('/alliance/merchants', { category: '', q: '面馆 8折', lat: 30.8236, tag: undefined, x: null }),
    '/alliance/merchants?q=%E9%9D%A2%E9%A6%86%208%E6%8A%98&lat=30.8236',
  );
  t.is(withQuery('/attendance/review', { activityId: undefined }), '/attendance/review');
});
