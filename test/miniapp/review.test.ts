/** Attendance review: exceptions first, plain lines confirmed together, sign-in routing by role. */
import test from 'ava';
import { isLive, sortForOfficer } from '../../miniapp/src/logic/activities';
import { qrDataUrl } from '../../miniapp/src/logic/qr';
import {
  type AttendanceDto,
  confirmable,
  reviewLineView,
  sortForReview,
  toggleSelection,
} from '../../miniapp/src/logic/review';
import { homeFor, isSessionValid, normaliseDevCode } from '../../miniapp/src/logic/session';

const att = (id: number, over: Partial<AttendanceDto> = {}): AttendanceDto => ({
  id,
  activity: {
    id: 2,
    title: '小区公共区域大扫除',
    startsAt: '2026-11-25T01:00:00Z',
    endsAt: '2026-11-25T03:00:00Z',
  },
  volunteer: { id: 10 + id, displayName: `志愿者${id}`, realName: null },
  source: 'checkin',
  status: 'checked_out',
  checkInAt: `2026-11-25T01:0${id}:00Z`,
  checkOutAt: '2026-11-25T03:00:00Z',
  checkInDistanceM: 10,
  flags: [],
  presentMinutes: 120,
  proposedMinutes: 120,
  proposedPoints: 2,
  creditedMinutes: null,
  creditedPoints: null,
  overrideReason: null,
  evidenceNote: null,
  confirmedAt: null,
  ...over,
});

test('exceptions come first, then by check-in time', (t) => {
  const items = [att(1), att(2, { flags: ['short_stay'] }), att(3), att(4, { flags: ['missing_checkout'] })];
  t.deepEqual(
    sortForReview(items).map((a) => a.id),
    [2, 4, 1, 3],
  );
});

test('only unflagged, unconfirmed lines are confirmed together', (t) => {
  const items = [att(1), att(2, { flags: ['far_location'] }), att(3, { status: 'confirmed' })];
  t.deepEqual(confirmable(items), [1]);
  t.deepEqual(toggleSelection([1], 1), []);
  t.deepEqual(toggleSelection([1], 5), [1, 5]);
});

test('a review line says who, when, what is wrong and what is proposed', (t) => {
  const v = reviewLineView(
    att(1, {
      flags: ['short_stay', 'far_location'],
      proposedMinutes: 0,
      proposedPoints: 0,
      checkOutAt: null,
    }),
  );
  t.is(v.name, '志愿者1');
  t.is(v.times, '签到 09:01 · 未签退');
  t.deepEqual(v.flags, ['停留不足60%', '签到位置较远']);
  t.is(v.proposal, '建议 0分钟，0 积分');
  t.true(v.exception);
});

test('each role opens its own home', (t) => {
  t.deepEqual(homeFor('volunteer'), { url: '/pages/activities/index', tab: true });
  t.is(homeFor('officer').url, '/packages/officer/pages/home/index');
  t.is(homeFor('district_admin').url, '/packages/officer/pages/district/index');
  t.is(homeFor('merchant_staff').url, '/packages/merchant/pages/verify/index');
});

test('sessions expire, and the development code takes a bare name', (t) => {
  const s = {
    token: 'x',
    expiresAt: '2030-01-01T00:00:00Z',
    user: { id: 1, role: 'volunteer' as const, communityId: 1, displayName: '王阿姨' },
  };
  t.true(isSessionValid(s, Date.parse('2029-12-31T00:00:00Z')));
  t.false(isSessionValid(s, Date.parse('2030-01-02T00:00:00Z')));
  t.false(isSessionValid(null, 0));
  t.is(normaliseDevCode(' wang '), 'dev:wang');
  t.is(normaliseDevCode('dev:li'), 'dev:li');
  t.is(normaliseDevCode(''), '');
});

test('QR codes are drawn locally as a GIF data URL, large enough for a check-in token', (t) => {
  const { url, modules } = qrDataUrl(`eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(280)}`);
  t.true(url.startsWith('data:image/gif;base64,'));
  t.true(modules >= 21);
  t.true(qrDataUrl('TB1.7-ugAa6nViIS4xlM.59853520.634345').modules < modules);
});

test("the officer's list puts the activity on now first, then the next ones, then the past", (t) => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const a = (id: number, startsAt: string, endsAt: string, status = 'published') => ({
    id,
    status,
    startsAt,
    endsAt,
  });
  const list = [
    a(1, '2026-11-24T09:00:00Z', '2026-11-24T11:00:00Z'),
    a(2, '2030-01-01T01:00:00Z', '2030-01-01T03:00:00Z', 'draft'),
    a(3, '2026-11-25T11:10:00Z', '2026-11-25T13:20:00Z'),
    a(4, '2026-11-28T11:00:00Z', '2026-11-28T13:00:00Z'),
    a(5, '2026-11-20T09:00:00Z', '2026-11-20T11:00:00Z'),
    a(6, '2026-11-26T11:00:00Z', '2026-11-26T13:00:00Z', 'cancelled'),
  ];
  t.deepEqual(
    sortForOfficer(list, now).map((x) => x.id),
    [3, 4, 2, 6, 1, 5],
  );
  t.true(isLive(list[2]!, now));
  t.false(isLive({ ...list[2]!, status: 'draft' }, now));
  // the code window opens 30 min before the start and closes 60 min after the end
  t.true(isLive(list[3]!, Date.parse('2026-11-28T10:31:00Z')));
  t.false(isLive(list[3]!, Date.parse('2026-11-28T14:01:00Z')));
});
