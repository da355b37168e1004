/** 中文 / English for the activity detail page, the scanner and the newer screens of issue 16. */
const entry = (zh: string, en: string) => ({ zh, en });

export const appDict = {
  'activity.loadFailed': entry('暂时无法加载这个活动', 'Could not load this activity'),
  'activity.shareTitle': entry('一起来做志愿服务', 'Volunteer with us'),
  'activity.capacity': entry(
    '已报名 {n} / {cap} 人，剩余 {left} 个名额',
    '{n} of {cap} enrolled, {left} places left',
  ),
  'activity.points': entry('每小时 {v} 积分', '{v} points an hour'),
  'activity.openMap': entry('在地图上查看地点', 'See the place on a map'),
  'activity.shareHint': entry('点右上角「…」可分享给邻居', 'Tap “…” at the top right to share it'),
  'activity.details': entry('查看详情', 'Details'),
  'activity.badge.cancelled': entry('已取消', 'Cancelled'),
  'activity.badge.draft': entry('未发布', 'Not published'),
  'activity.badge.ended': entry('已结束', 'Ended'),
  'activity.badge.running': entry('进行中', 'On now'),
  'activity.badge.open': entry('报名中', 'Open'),
  'messages.tapToOpen': entry('点按查看 ›', 'Tap to open ›'),
  'me.codeFull': entry('全屏显示二维码', 'Show the code full screen'),
  'me.codeFullHint': entry('点二维码可全屏显示', 'Tap the code to show it full screen'),
  'me.codeFullClose': entry('点任意处返回', 'Tap anywhere to go back'),
  'checkin.openNow': entry('您已在「{title}」签到（{at}）', 'You checked in to “{title}” at {at}'),
  'checkin.endsAt': entry('活动 {v} 结束，离开时请签退', 'It ends at {v}: check out when you leave'),
  'checkin.remindOut': entry(
    '活动 {v} 结束，别忘了签退，否则需社区确认时长',
    'It ends at {v}: remember to check out, or the community must confirm your hours',
  ),
  'officer.edit.open': entry('修改或取消活动', 'Edit or cancel'),
  'officer.edit.title': entry('修改活动', 'Edit the activity'),
  'officer.edit.save': entry('保存修改', 'Save changes'),
  'officer.edit.saved': entry('已保存修改', 'Changes saved'),
  'officer.edit.told': entry(
    '已有 {n} 人报名：改了时间或地点、或取消活动，他们都会收到消息。',
    '{n} enrolled: they get a message if the time or place changes, or it is cancelled.',
  ),
  'officer.edit.cancel': entry('取消这个活动', 'Cancel this activity'),
  'officer.edit.cancelTold': entry(
    '已报名的 {n} 人会收到活动取消的消息。确定取消吗？',
    'The {n} enrolled will be told it is cancelled. Cancel it?',
  ),
  'officer.edit.cancelSure': entry('确定取消这个活动吗？', 'Cancel this activity?'),
  'officer.edit.cancelOk': entry('确定取消', 'Cancel it'),
  'officer.edit.keep': entry('不取消', 'Keep it'),
  'officer.edit.cancelled': entry('活动已取消', 'Activity cancelled'),
  'officer.home.pending': entry('待处理 {n}', '{n} waiting'),
} as const;
