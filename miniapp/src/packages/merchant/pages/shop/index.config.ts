export default definePageConfig({ navigationBarTitleText: '本店管理', enablePullDownRefresh: true });
