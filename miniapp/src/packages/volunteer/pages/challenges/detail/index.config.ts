export default definePageConfig({ navigationBarTitleText: '难题详情', enablePullDownRefresh: true });
