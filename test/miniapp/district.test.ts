import test from 'ava';
import {
  communityLinks,
  communityNameParam,
  communityParam,
  districtTotals,
} from '../../miniapp/src/logic/district';
import { t as tr } from '../../miniapp/src/logic/i18n';
import { ROOT_PAGES } from '../../miniapp/src/logic/navigation';
import { DISTRICT_HOME, homeFor } from '../../miniapp/src/logic/session';

test('a district administrator lands on the district home, which has no back button', (t) => {
  t.deepEqual(homeFor('district_admin'), { url: DISTRICT_HOME, tab: false });
  t.true(ROOT_PAGES.includes(DISTRICT_HOME));
  t.not(homeFor('officer').url, DISTRICT_HOME);
});

test("each community's card opens its dashboard, merchants, cases and exports for that community", (t) => {
  const links = communityLinks({ id: 7, name: '紫瑞街' });
  t.deepEqual(
    links.map((l) => l.url),
    [
      '/packages/officer/pages/dashboard/index?communityId=7&communityName=%E7%B4%AB%E7%91%9E%E8%A1%97',
      '/packages/officer/pages/merchants/index?communityId=7&communityName=%E7%B4%AB%E7%91%9E%E8%A1%97',
      '/packages/officer/pages/cases/index?communityId=7&communityName=%E7%B4%AB%E7%91%9E%E8%A1%97',
      '/packages/officer/pages/exports/index?communityId=7&communityName=%E7%B4%AB%E7%91%9E%E8%A1%97',
      '/packages/officer/pages/merchant-changes/index?communityId=7&communityName=%E7%B4%AB%E7%91%9E%E8%A1%97',
    ],
  );
  t.deepEqual(
    links.map((l) => tr(l.key, 'en')),
    ['Dashboard', 'Merchants', 'Cases', 'Exports', 'Shop changes'],
  );
});

test('the community a page is opened for is read strictly from its parameters', (t) => {
  t.is(communityParam({ communityId: '7' }), 7);
  t.is(communityParam({}), undefined);
  t.is(communityParam({ communityId: '0' }), undefined);
  t.is(communityParam({ communityId: '7abc' }), undefined);
  t.is(communityParam({ communityId: '-3' }), undefined);
  t.is(communityNameParam({ communityName: '%E7%B4%AB%E7%91%9E%E8%A1%97' }), '紫瑞街');
  t.is(communityNameParam({ communityName: '紫瑞街' }), '紫瑞街');
  t.is(communityNameParam({ communityName: '%E7%B4' }), '%E7%B4');
  t.is(communityNameParam({}), '');
});

test('the district totals add up the communities', (t) => {
  t.deepEqual(
    districtTotals([
      { registered: 10, active30d: 4, hours: 12.5, merchants: 3, openCases: 1 },
      { registered: 5, active30d: 1, hours: 0.2, merchants: 0, openCases: 0 },
    ]),
    { communities: 2, registered: 15, active30d: 5, hours: 12.7, merchants: 3, openCases: 1 },
  );
  t.deepEqual(districtTotals([]), {
    communities: 0,
    registered: 0,
    active30d: 0,
    hours: 0,
    merchants: 0,
    openCases: 0,
  });
});
