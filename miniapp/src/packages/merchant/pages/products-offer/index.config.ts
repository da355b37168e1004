export default definePageConfig({ navigationBarTitleText: '限时优惠' });
