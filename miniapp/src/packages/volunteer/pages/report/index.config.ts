export default definePageConfig({ navigationBarTitleText: '投诉 · Report' });
