export default definePageConfig({ navigationBarTitleText: '出勤名单' });
