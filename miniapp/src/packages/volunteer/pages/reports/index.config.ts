export default definePageConfig({
  navigationBarTitleText: '我的投诉 · My reports',
  enablePullDownRefresh: true,
});
