export default definePageConfig({
  navigationBarTitleText: '我的积分 · My points',
  enablePullDownRefresh: true,
});
