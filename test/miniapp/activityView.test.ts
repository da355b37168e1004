/** The activity page's badge, map and check-out reminder, and where the H5 back button goes. */
import test from 'ava';
import {
  activityBadge,
  BADGE_LABEL,
  canEnrol,
  checkoutState,
  mapLink,
  wgsToGcj,
} from '../../miniapp/src/logic/activityView';
import { t as translate } from '../../miniapp/src/logic/i18n';
import { backAction, needsBackButton, pageOfRoute } from '../../miniapp/src/logic/navigation';

const start = Date.parse('2026-12-08T01:00:00Z');
const base = {
  status: 'published' as const,
  startsAt: new Date(start).toISOString(),
  endsAt: new Date(start + 2 * 3600_000).toISOString(),
  placesLeft: 3,
  enrolled: false,
};

test('the badge: cancelled and draft first, then ended, running, enrolled, full, open', (t) => {
  const before = start - 60_000;
  t.is(activityBadge({ ...base, status: 'cancelled' }, before), 'cancelled');
  t.is(activityBadge({ ...base, status: 'draft' }, before), 'draft');
  t.is(activityBadge(base, start + 2 * 3600_000), 'ended');
  t.is(activityBadge({ ...base, placesLeft: 0 }, start + 60_000), 'running');
  t.is(activityBadge({ ...base, enrolled: true, placesLeft: 0 }, before), 'enrolled');
  t.is(activityBadge({ ...base, placesLeft: 0 }, before), 'full');
  t.is(activityBadge(base, before), 'open');
  t.true(canEnrol('open'));
  t.true(canEnrol('running'));
  t.false(canEnrol('ended'));
  t.false(canEnrol('cancelled'));
  t.is(translate(BADGE_LABEL.running, 'en'), 'On now');
  t.is(translate(BADGE_LABEL.cancelled, 'zh'), '已取消');
});

test('the check-out reminder starts 15 minutes before the end', (t) => {
  const end = base.endsAt;
  t.is(checkoutState(end, Date.parse(end) - 16 * 60_000), 'open');
  t.is(checkoutState(end, Date.parse(end) - 15 * 60_000), 'soon');
  t.is(checkoutState(end, Date.parse(end) + 60_000), 'soon');
});

test('WGS-84 → GCJ-02 moves a point in China by a few hundred metres, and none outside', (t) => {
  const g = wgsToGcj(30.8236, 104.1589);
  const dLat = (g.lat - 30.8236) * 111_000;
  const dLng = (g.lng - 104.1589) * 111_000 * Math.cos((30.8236 * Math.PI) / 180);
  const metres = Math.hypot(dLat, dLng);
  t.true(metres > 200 && metres < 700, `${metres} m`);
  t.deepEqual(wgsToGcj(51.5, -0.12), { lat: 51.5, lng: -0.12 });
});

test('the H5 map link names the place and says the coordinates are WGS-84', (t) => {
  const url = mapLink({ name: '紫瑞公园 东门', lat: 30.8236, lng: 104.1589 });
  t.is(
    url,
    'https://uri.amap.com/marker?position=104.158900,30.823600&name=%E7%B4%AB%E7%91%9E%E5%85%AC%E5%9B%AD%20%E4%B8%9C%E9%97%A8&coordinate=wgs84&callnative=0',
  );
});

test('the back button: on sub-pages only; back when there is history, else the role home', (t) => {
  t.is(
    pageOfRoute('#/packages/volunteer/pages/activity/index?id=3'),
    '/packages/volunteer/pages/activity/index',
  );
  t.is(pageOfRoute(''), '/pages/activities/index');
  t.true(needsBackButton('/packages/volunteer/pages/activity/index'));
  t.false(needsBackButton('/pages/me/index'));
  t.false(needsBackButton('/packages/officer/pages/home/index'));
  t.false(needsBackButton('/pages/login/index'));
  t.deepEqual(backAction(2, 'volunteer'), { kind: 'back' });
  t.deepEqual(backAction(1, 'volunteer'), { kind: 'home', url: '/pages/activities/index', tab: true });
  t.deepEqual(backAction(1, 'officer'), {
    kind: 'home',
    url: '/packages/officer/pages/home/index',
    tab: false,
  });
  t.deepEqual(backAction(1, null), { kind: 'home', url: '/pages/login/index', tab: false });
});
