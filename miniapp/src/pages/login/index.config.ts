export default definePageConfig({ navigationBarTitleText: '登录 · 社区时间银行' });
