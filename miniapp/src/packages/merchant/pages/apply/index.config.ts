export default definePageConfig({ navigationBarTitleText: '商家申请加入联盟' });
