export default definePageConfig({
  navigationBarTitleText: '资料变更审核 · Profile changes',
  enablePullDownRefresh: true,
});
