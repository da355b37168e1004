export default definePageConfig({ navigationBarTitleText: '社区概况', enablePullDownRefresh: true });
