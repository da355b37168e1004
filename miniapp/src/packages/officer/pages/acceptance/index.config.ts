export default definePageConfig({ navigationBarTitleText: '通存通兑范围' });
