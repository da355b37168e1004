export default definePageConfig({
  navigationBarTitleText: '公益池 · Community pool',
  enablePullDownRefresh: true,
});
