export default definePageConfig({ navigationBarTitleText: '编辑店铺资料' });
