export default definePageConfig({ navigationBarTitleText: '商家难题', enablePullDownRefresh: true });
