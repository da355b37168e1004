export default definePageConfig({ navigationBarTitleText: '爱心商家', enablePullDownRefresh: true });
