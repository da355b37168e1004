export default definePageConfig({ navigationBarTitleText: '积分兑换项目', enablePullDownRefresh: true });
