/** 中文 / English for the message centre and WeChat reminders. */
const entry = (zh: string, en: string) => ({ zh, en });

export const messagesDict = {
  'messages.title': entry('消息中心', 'Messages'),
  'messages.entry': entry('消息中心', 'Messages'),
  'messages.unread': entry('{n} 条未读', '{n} unread'),
  'messages.none': entry('还没有消息', 'No messages yet'),
  'messages.noneHint': entry(
    '报名、积分到账、证书和活动提醒都会在这里告诉您',
    'Enrolments, points, your certificate and activity reminders appear here',
  ),
  'messages.markAll': entry('全部标为已读', 'Mark all read'),
  'messages.markedAll': entry('已全部标为已读', 'All marked read'),
  'messages.new': entry('未读', 'New'),
  'messages.tapToRead': entry('点一下标为已读', 'Tap to mark read'),
  'messages.kind.activity.reminder': entry('活动提醒', 'Reminder'),
  'messages.kind.enrolment.confirmed': entry('报名', 'Enrolment'),
  'messages.kind.ledger.credited': entry('积分', 'Points'),
  'messages.kind.certificate.issued': entry('证书', 'Certificate'),
  'messages.kind.till.checked': entry('商家核验', 'Shop check'),
  'messages.kind.case.closed': entry('投诉', 'Report'),
  'messages.kind.household': entry('帮扶', 'Help at home'),
  'messages.kind.challenge': entry('商家难题', 'Shop challenge'),
  'messages.kind.other': entry('通知', 'Notice'),
  'messages.wechatOn': entry('已开启微信提醒', 'WeChat reminders on'),
};
