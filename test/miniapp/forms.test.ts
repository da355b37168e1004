/** The officer's activity form is checked with the server's own zod schema before it is sent. */

import { activityCreateBody } from '@timebank/shared';
import test from 'ava';
import {
  type ActivityForm,
  activityFormOf,
  activityPatchOf,
  buildActivityInput,
  parseMoney,
  savingFor,
} from '../../miniapp/src/logic/forms';

const form = (over: Partial<ActivityForm> = {}): ActivityForm => ({
  title: '陪老人散步',
  category: 'other',
  description: '',
  placeName: '紫瑞公园',
  lat: '30.8236',
  lng: '104.1589',
  date: '2030-01-01',
  startTime: '09:00',
  endTime: '11:00',
  capacity: '10',
  pointsPerHour: '1',
  repeatWeeks: '1',
  ...over,
});

test('a complete form becomes the body the API takes', (t) => {
  const r = buildActivityInput(form());
  if (!r.ok) return t.fail(r.first);
  t.is(r.value.startsAt, '2030-01-01T09:00:00+08:00');
  t.is(r.value.endsAt, '2030-01-01T11:00:00+08:00');
  t.deepEqual(r.value.place, { name: '紫瑞公园', lat: 30.8236, lng: 104.1589 });
  t.is(r.value.capacity, 10);
  t.true(activityCreateBody.safeParse(r.value).success);
});

test('missing fields are named in Chinese', (t) => {
  const r = buildActivityInput(form({ title: ' ', capacity: '' }));
  if (r.ok) return t.fail();
  t.is(r.errors.title, '请填写活动名称');
  t.is(r.errors.capacity, '请填写名额');
  t.is(r.first, '请填写活动名称');
});

test('an end before the start is refused', (t) => {
  const r = buildActivityInput(form({ startTime: '11:00', endTime: '09:00' }));
  if (r.ok) return t.fail();
  t.is(r.errors.endsAt, '结束时间必须晚于开始时间');
});

test('the saving at the till follows the discount', (t) => {
  t.is(savingFor(30, 20), 6);
  t.is(savingFor(33.3, 14), 4.66);
  t.is(savingFor(30, null), null);
  t.is(savingFor(0, 20), null);
  t.is(savingFor(Number.NaN, 20), null);
});

test('money fields take at most two decimals', (t) => {
  t.is(parseMoney(''), undefined);
  t.is(parseMoney('12.5'), 12.5);
  t.true(Number.isNaN(parseMoney('12.345')));
  t.true(Number.isNaN(parseMoney('abc')));
});

test('the edit form shows an activity as it was created, and its PATCH leaves out the weekly repeat', (t) => {
  const form = activityFormOf({
    title: '陪老人散步',
    category: 'other',
    description: '',
    place: { name: '紫瑞公园', lat: 30.8236, lng: 104.1589 },
    startsAt: '2030-01-01T01:00:00.000Z',
    endsAt: '2030-01-01T03:30:00.000Z',
    capacity: 10,
    pointsPerHour: 1.5,
  });
  t.like(form, { date: '2030-01-01', startTime: '09:00', endTime: '11:30', capacity: '10', lat: '30.8236' });
  const built = buildActivityInput(form);
  if (!built.ok) return t.fail(JSON.stringify(built.errors));
  const patch = activityPatchOf(built.value);
  t.false('repeatWeeks' in patch);
  t.is(patch.startsAt, '2030-01-01T09:00:00+08:00');
  t.is(patch.pointsPerHour, 1.5);
});
