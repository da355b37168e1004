export default definePageConfig({ navigationBarTitleText: '安排志愿活动' });
