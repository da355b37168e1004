export default definePageConfig({
  navigationBarTitleText: '签到码',
  navigationBarBackgroundColor: '#1a1a1a',
  backgroundColor: '#1a1a1a',
});
