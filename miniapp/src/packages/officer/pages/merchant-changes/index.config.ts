export default definePageConfig({ navigationBarTitleText: '商家资料变更审核', enablePullDownRefresh: true });
