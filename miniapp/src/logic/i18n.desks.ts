/** 中文 / English for the desks: the till's result and trail, manual attendance, the district home, owners. */
const entry = (zh: string, en: string) => ({ zh, en });

export const desksDict = {
  // the till after recording
  'till.amounts': entry('消费 {bill}，优惠 {saving}', 'Bill {bill}, discount {saving}'),
  'till.trail.title': entry('记录轨迹', 'History of this record'),
  'till.trail.recorded': entry('{who} 记录', 'Recorded by {who}'),
  'till.trail.corrected': entry('{who} 更正', 'Corrected by {who}'),
  'till.trail.voided': entry('{who} 作废', 'Voided by {who}'),
  'till.trail.reason': entry('原因：{v}', 'Reason: {v}'),
  'till.status.recorded': entry('已记录', 'Recorded'),
  'till.status.corrected': entry('已更正', 'Corrected'),
  'till.status.voided': entry('已作废', 'Voided'),
  'till.correct': entry('更正金额', 'Correct the amounts'),
  'till.correctLeft': entry('{n} 分钟内可由本人更正', 'You can correct it for {n} more min'),
  'till.correctClosed': entry(
    '已超过 10 分钟，不能再更正',
    'More than 10 minutes: it can no longer be corrected',
  ),
  'till.correctSave': entry('保存更正', 'Save the correction'),
  'till.correctCancel': entry('不更正', 'Keep as it is'),
  'till.corrected': entry('已更正', 'Corrected'),
  'till.trailFailed': entry('暂时无法读取记录轨迹', 'The history cannot be read just now'),
  // officers void a discount
  'void.title': entry('优惠记录 · 作废', 'Discount records · void'),
  'void.intro': entry(
    '输入核验编号（优惠明细导出表中的「编号」），查看这笔优惠的记录和轨迹；确认有误时填写原因作废，作废后不计入补贴和排行。',
    'Enter the check number (the “id” column of the discounts export) to see the record and its history; void a wrong one with a reason: it then no longer counts in claims or the board.',
  ),
  'void.id': entry('核验编号', 'Check number'),
  'void.load': entry('查看', 'Look up'),
  'void.needId': entry('请输入核验编号（数字）', 'Enter the check number (digits)'),
  'void.record': entry('核验 #{id} · {status}', 'Check #{id} · {status}'),
  'void.recordedAt': entry('记录时间 {v}', 'Recorded {v}'),
  'void.reason': entry('作废原因', 'Reason for voiding'),
  'void.reasonHint': entry(
    '如 金额明显有误，已与店家核实',
    'e.g. The amount was wrong; checked with the shop',
  ),
  'void.needReason': entry('请填写作废原因', 'Give the reason'),
  'void.submit': entry('作废这笔优惠', 'Void this discount'),
  'void.confirm': entry(
    '作废后不计入补贴、看板和导出，确定吗？',
    'Once voided it no longer counts in claims, the dashboard or exports. Void it?',
  ),
  'void.done': entry('已作废', 'Voided'),
  'void.already': entry('这笔优惠已作废', 'This discount is already voided'),
  'void.open': entry('优惠记录 · 作废', 'Discount records · void'),
} as const;
