export default definePageConfig({ navigationBarTitleText: '商品与优惠', enablePullDownRefresh: true });
