import {
  activityMinutes,
  addWeeks,
  assessAttendance,
  CHECKIN_OPENS_BEFORE_MIN,
  CHECKOUT_CLOSES_AFTER_MIN,
  certificateLevel,
  checkinWindow,
  checkoutWindow,
  clippedMinutes,
  codeWindow,
  distanceMetres,
  fromHundredths,
  inZone,
  localDate,
  MINUTE,
  maskName,
  maskPhone,
  pointsForMinutes,
  SHORT_STAY_RATIO,
  toHundredths,
  within,
} from '@timebank/shared';
import test from 'ava';

const start = new Date('2026-11-25T02:00:00.000Z'); // 10:00 in Asia/Shanghai
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
/** A 100-minute activity at 1 point an hour (100 hundredths). */
const facts = (checkIn: number | null, checkOut: number | null, locationFlagged = false) => ({
  checkInAt: checkIn === null ? null : at(checkIn),
  checkOutAt: checkOut === null ? null : at(checkOut),
  startsAt: at(0),
  endsAt: at(100),
  pointsPerHourHundredths: 100,
  locationFlagged,
});

test('clippedMinutes counts only the time inside the activity window', (t) => {
  t.is(clippedMinutes(at(0), at(100), at(0), at(100)), 100);
  t.is(clippedMinutes(at(-30), at(100), at(0), at(100)), 100, 'early arrival is not counted');
  t.is(clippedMinutes(at(0), at(160), at(0), at(100)), 100, 'late departure is not counted');
  t.is(clippedMinutes(at(-30), at(160), at(0), at(100)), 100);
  t.is(clippedMinutes(at(20), at(70), at(0), at(100)), 50);
  t.is(clippedMinutes(at(-30), at(-10), at(0), at(100)), 0, 'gone before the start');
  t.is(clippedMinutes(at(110), at(130), at(0), at(100)), 0, 'came after the end');
  t.is(clippedMinutes(at(50), at(40), at(0), at(100)), 0, 'never negative');
  t.is(clippedMinutes(at(0), new Date(at(10).getTime() + 59_999), at(0), at(100)), 10, 'whole minutes only');
});

test('activityMinutes is the length in whole minutes', (t) => {
  t.is(activityMinutes(at(0), at(120)), 120);
  t.is(activityMinutes(at(0), new Date(at(90).getTime() + 30_000)), 90);
  t.is(activityMinutes(at(10), at(0)), 0);
});

test('assessAttendance: a stay under 60% is a short stay worth 0', (t) => {
  t.is(SHORT_STAY_RATIO, 0.6);
  const r = assessAttendance(facts(0, 59));
  t.deepEqual(r.flags, ['short_stay']);
  t.is(r.presentMinutes, 59);
  t.is(r.proposedMinutes, 0);
  t.is(r.proposedPoints, 0);
});

test('assessAttendance: exactly 60% is credited in full', (t) => {
  const r = assessAttendance(facts(0, 60));
  t.deepEqual(r.flags, []);
  t.is(r.presentMinutes, 60);
  t.is(r.proposedMinutes, 60);
  t.is(r.proposedPoints, 100);
  // the same at the edge of a 120-minute activity: 72 credited, 71 not
  const long = { ...facts(0, 72), endsAt: at(120) };
  t.is(assessAttendance(long).proposedMinutes, 72);
  t.deepEqual(assessAttendance({ ...long, checkOutAt: at(71) }).flags, ['short_stay']);
  // the edge counts minutes inside the window: early arrival does not lift a short stay
  const early = assessAttendance(facts(-40, 59));
  t.is(early.presentMinutes, 59);
  t.deepEqual(early.flags, ['short_stay']);
});

test('assessAttendance: a full stay earns its minutes at the rate', (t) => {
  const r = assessAttendance({ ...facts(-10, 130), pointsPerHourHundredths: 150 });
  t.deepEqual(r.flags, []);
  t.is(r.presentMinutes, 100);
  t.is(r.proposedMinutes, 100);
  t.is(r.proposedPoints, 250);
});

test('assessAttendance: a missing check-out is flagged and worth 0', (t) => {
  const r = assessAttendance(facts(0, null));
  t.deepEqual(r.flags, ['missing_checkout']);
  t.is(r.presentMinutes, 0);
  t.is(r.proposedMinutes, 0);
  t.is(r.proposedPoints, 0);
  t.deepEqual(assessAttendance(facts(null, null)).flags, ['missing_checkout'], 'manual rows have neither');
});

test('assessAttendance keeps the far-location flag beside the others', (t) => {
  const full = assessAttendance(facts(0, 100, true));
  t.deepEqual(full.flags, ['far_location']);
  t.is(full.proposedPoints, 167, 'far is for the officer to look at; it does not zero the points');
  const short = assessAttendance(facts(0, 30, true));
  t.deepEqual([...short.flags].sort(), ['far_location', 'short_stay']);
  t.is(short.proposedPoints, 0);
  const missing = assessAttendance(facts(0, null, true));
  t.deepEqual([...missing.flags].sort(), ['far_location', 'missing_checkout']);
});

test('pointsForMinutes rounds to the nearest hundredth', (t) => {
  t.is(pointsForMinutes(90, 150), 225, '90 min at 1.5/h');
  t.is(pointsForMinutes(120, 100), 200);
  t.is(pointsForMinutes(100, 100), 167, '1.6666… rounds up');
  t.is(pointsForMinutes(50, 100), 83, '0.8333… rounds down');
  t.is(pointsForMinutes(1, 100), 2, '1.666… hundredths round to 2');
  t.is(pointsForMinutes(0, 150), 0);
  t.is(pointsForMinutes(60, 899), 899);
});

test('toHundredths and fromHundredths', (t) => {
  t.is(toHundredths(1.5), 150);
  t.is(toHundredths(0.29), 29, 'no floating-point drift');
  t.is(toHundredths(3), 300);
  t.is(fromHundredths(225), 2.25);
  t.is(fromHundredths(-67), -0.67);
});

test('distanceMetres: about 111 km per degree of latitude', (t) => {
  const d = distanceMetres({ lat: 0, lng: 0 }, { lat: 1, lng: 0 });
  t.true(d > 111_000 && d < 111_400, `${d}`);
  const north = distanceMetres({ lat: 30.8236, lng: 104.1589 }, { lat: 31.8236, lng: 104.1589 });
  t.true(north > 111_000 && north < 111_400, `${north}`);
  t.is(distanceMetres({ lat: 30.8236, lng: 104.1589 }, { lat: 30.8236, lng: 104.1589 }), 0);
  const near = distanceMetres({ lat: 30.8236, lng: 104.1589 }, { lat: 30.8237, lng: 104.159 });
  t.true(near > 5 && near < 30, `${near}`);
  // a degree of longitude shrinks with the cosine of the latitude
  const east = distanceMetres({ lat: 60, lng: 0 }, { lat: 60, lng: 1 });
  t.true(east > 55_400 && east < 55_800, `${east}`);
  t.is(Number.isInteger(d), true);
});

test('certificateLevel: 1 at the threshold, 2 at 10×, 3 at 50×', (t) => {
  t.is(certificateLevel(0, 300), 0);
  t.is(certificateLevel(299, 300), 0);
  t.is(certificateLevel(300, 300), 1);
  t.is(certificateLevel(2999, 300), 1);
  t.is(certificateLevel(3000, 300), 2);
  t.is(certificateLevel(14_999, 300), 2);
  t.is(certificateLevel(15_000, 300), 3);
  t.is(certificateLevel(1_000_000, 300), 3);
  t.is(certificateLevel(500, 500), 1);
  t.is(certificateLevel(499, 500), 0);
});

test('maskPhone keeps the first three and last four digits', (t) => {
  t.is(maskPhone('13812345678'), '138****5678');
  t.is(maskPhone('12345'), '*****');
  t.is(maskPhone(''), null);
  t.is(maskPhone(null), null);
  t.is(maskPhone(undefined), null);
});

test('maskName keeps the first character (and the last of longer Chinese names)', (t) => {
  t.is(maskName('张三'), '张*');
  t.is(maskName('欧阳娜娜'), '欧**娜');
  t.is(maskName('王小明'), '王*明');
  t.is(maskName('李'), '李');
  t.is(maskName('Alice'), 'A****');
  t.is(maskName(''), null);
  t.is(maskName(null), null);
});

test('check-in opens 30 minutes before the start and closes at the end', (t) => {
  t.is(CHECKIN_OPENS_BEFORE_MIN, 30);
  const w = checkinWindow(at(0), at(120));
  t.is(w.opens.toISOString(), at(-30).toISOString());
  t.is(w.closes.toISOString(), at(120).toISOString());
  t.false(within(new Date(at(-30).getTime() - 1), w));
  t.true(within(at(-30), w));
  t.true(within(at(60), w));
  t.true(within(at(120), w));
  t.false(within(new Date(at(120).getTime() + 1), w));
});

test('check-out opens at the start and closes 60 minutes after the end', (t) => {
  t.is(CHECKOUT_CLOSES_AFTER_MIN, 60);
  const w = checkoutWindow(at(0), at(120));
  t.is(w.opens.toISOString(), at(0).toISOString());
  t.is(w.closes.toISOString(), at(180).toISOString());
  t.false(within(at(-1), w));
  t.true(within(at(0), w));
  t.true(within(at(180), w));
  t.false(within(new Date(at(180).getTime() + 1), w));
  const code = codeWindow(at(0), at(120));
  t.is(code.opens.toISOString(), at(-30).toISOString());
  t.is(code.closes.toISOString(), at(180).toISOString());
});

test('localDate is the calendar date in Asia/Shanghai', (t) => {
  t.is(localDate(new Date('2026-11-25T02:00:00Z')), '2026-11-25');
  t.is(localDate(new Date('2026-11-25T15:59:59Z')), '2026-11-25');
  t.is(localDate(new Date('2026-11-25T16:00:00Z')), '2026-11-26', 'midnight in Shanghai is 16:00 UTC');
  t.is(localDate(new Date('2026-12-31T17:00:00Z')), '2027-01-01');
});

test.serial('addWeeks keeps the Asia/Shanghai local time, whatever the process time zone', (t) => {
  const saved = process.env.TZ;
  try {
    for (const tz of ['UTC', 'America/New_York', 'Europe/London']) {
      process.env.TZ = tz;
      // 10:00 Wednesday in Shanghai; New York leaves summer time on 2026-11-01, London on 2026-10-25
      const first = new Date('2026-10-21T02:00:00.000Z');
      const next = addWeeks(first, 1);
      t.is(next.toISOString(), '2026-10-28T02:00:00.000Z', tz);
      const later = addWeeks(first, 3);
      t.is(later.toISOString(), '2026-11-11T02:00:00.000Z', tz);
      t.is(inZone(later).format('dddd HH:mm'), 'Wednesday 10:00', tz);
      const year = addWeeks(first, 52);
      t.is(inZone(year).format('HH:mm'), '10:00', tz);
      t.is(localDate(year), '2027-10-20', tz);
      // late in the evening: the local date moves by exactly seven days
      const evening = new Date('2026-11-25T15:30:00.000Z'); // 23:30 in Shanghai
      t.is(localDate(addWeeks(evening, 1)), '2026-12-02', tz);
      t.is(inZone(addWeeks(evening, 1)).format('HH:mm'), '23:30', tz);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});
