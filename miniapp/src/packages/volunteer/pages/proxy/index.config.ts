export default definePageConfig({ navigationBarTitleText: '代为求助', enablePullDownRefresh: true });
