export default definePageConfig({ navigationBarTitleText: '社区干部工作台', enablePullDownRefresh: true });
