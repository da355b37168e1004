export default definePageConfig({ navigationBarTitleText: '转为志愿活动' });
