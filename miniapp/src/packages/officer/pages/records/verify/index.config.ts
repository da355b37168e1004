export default definePageConfig({ navigationBarTitleText: '核验服务记录证明' });
