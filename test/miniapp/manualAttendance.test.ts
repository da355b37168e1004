import test from 'ava';
import { buildManualAttendance, manualFieldFor } from '../../miniapp/src/logic/manualAttendance';

const form = {
  activityId: 7,
  volunteerId: 12,
  minutes: '90',
  reason: '老人没有智能手机',
  evidenceNote: '纸质签到表第 3 行',
};

test('a complete form becomes the body of POST /attendance/manual', (t) => {
  t.deepEqual(buildManualAttendance(form, 'zh'), {
    ok: true,
    value: {
      activityId: 7,
      userId: 12,
      minutes: 90,
      reason: '老人没有智能手机',
      evidenceNote: '纸质签到表第 3 行',
    },
  });
});

test('every missing or wrong field is named, in the chosen language', (t) => {
  const r = buildManualAttendance(
    { activityId: 7, volunteerId: null, minutes: '1.5', reason: ' ', evidenceNote: '' },
    'en',
  );
  if (r.ok) return t.fail('accepted');
  t.deepEqual(Object.keys(r.errors).sort(), ['evidenceNote', 'minutes', 'reason', 'volunteer']);
  t.is(r.errors.minutes, 'Minutes: a whole number from 1 to 1440');
  t.is(r.first, 'Choose the volunteer');
  const zh = buildManualAttendance({ ...form, minutes: '1441' }, 'zh');
  t.false(zh.ok);
  if (!zh.ok) t.deepEqual(zh.errors, { minutes: '时长填 1 到 1440 之间的整数分钟' });
  t.false(buildManualAttendance({ ...form, minutes: '0' }, 'zh').ok);
  t.false(buildManualAttendance({ ...form, minutes: '-5' }, 'zh').ok);
});

test('an over-long note is refused by the shared schema next to its field', (t) => {
  const r = buildManualAttendance({ ...form, evidenceNote: 'x'.repeat(1001) }, 'zh');
  if (r.ok) return t.fail('accepted');
  t.deepEqual(Object.keys(r.errors), ['evidenceNote']);
});

test("the server's refusals go next to the field they are about", (t) => {
  t.is(manualFieldFor('attendance.already_exists'), 'volunteer');
  t.is(manualFieldFor('attendance.self_credit'), 'volunteer');
  t.is(manualFieldFor('attendance.not_volunteer'), 'volunteer');
  t.is(manualFieldFor('users.not_found'), 'volunteer');
  t.is(manualFieldFor('attendance.too_long'), 'minutes');
  t.is(manualFieldFor('request.invalid', [{ path: 'evidenceNote' }]), 'evidenceNote');
  t.is(manualFieldFor('request.invalid', [{ path: 'userId' }]), 'volunteer');
  t.is(manualFieldFor('activities.not_published'), null);
});
