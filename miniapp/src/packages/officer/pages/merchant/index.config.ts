export default definePageConfig({ navigationBarTitleText: '商家详情' });
