export default definePageConfig({ navigationBarTitleText: '发布经营难题', enablePullDownRefresh: true });
