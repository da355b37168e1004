export default definePageConfig({ navigationBarTitleText: '签到审核', enablePullDownRefresh: true });
