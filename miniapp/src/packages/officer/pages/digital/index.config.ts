export default definePageConfig({ navigationBarTitleText: '数字技能帮扶统计', enablePullDownRefresh: true });
