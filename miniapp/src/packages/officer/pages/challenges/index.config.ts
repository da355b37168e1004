export default definePageConfig({ navigationBarTitleText: '商家难题管理', enablePullDownRefresh: true });
