export default definePageConfig({ navigationBarTitleText: '证书申诉 · Appeal' });
