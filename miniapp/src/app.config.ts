export default defineAppConfig({
  pages: [
    'pages/activities/index',
    'pages/checkin/index',
    'pages/me/index',
    'pages/merchants/index',
    'pages/login/index',
  ],
  subPackages: [
    {
      root: 'packages/officer',
      pages: [
        'pages/home/index',
        'pages/create/index',
        'pages/code/index',
        'pages/review/index',
        'pages/merchants/index',
        'pages/merchant/index',
        'pages/certificates/index',
        'pages/cases/index',
        'pages/case/index',
        'pages/dashboard/index',
      ],
    },
    {
      root: 'packages/merchant',
      pages: ['pages/verify/index', 'pages/apply/index', 'pages/shop/index', 'pages/post/index'],
    },
    {
      root: 'packages/volunteer',
      pages: ['pages/report/index', 'pages/reports/index', 'pages/appeal/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '社区时间银行',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ee',
  },
  tabBar: {
    color: '#555555',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/activities/index', text: '活动' },
      { pagePath: 'pages/checkin/index', text: '签到' },
      { pagePath: 'pages/me/index', text: '我的' },
      { pagePath: 'pages/merchants/index', text: '商家' },
    ],
  },
  permission: {
    'scope.userLocation': { desc: '签到时确认您在活动地点附近，并为您查找附近的爱心商家' },
  },
  requiredPrivateInfos: ['getLocation'],
});
