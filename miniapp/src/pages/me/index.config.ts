export default definePageConfig({ navigationBarTitleText: '我的时间银行', enablePullDownRefresh: true });
