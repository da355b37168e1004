/**
 * 中文 / English for the volunteer pages, sign-in and the till. Chinese is the default; a key's
 * text may hold {name} placeholders filled from vars. Plain TypeScript: tested with ava.
 */
import { acceptanceDict } from './i18n.acceptance';
import { appDict } from './i18n.app';
import { challengesDict } from './i18n.challenges';
import { desksDict } from './i18n.desks';
import { householdsDict } from './i18n.households';
import { merchantDict } from './i18n.merchant';
import { messagesDict } from './i18n.messages';
import { movementsDict } from './i18n.movements';
import { officerDict } from './i18n.officer';
import { officerOpsDict } from './i18n.officer-ops';
import { productsDict } from './i18n.products';
import { profileDict } from './i18n.profile';
import { redemptionsDict } from './i18n.redemptions';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

const entry = (zh: string, en: string) => ({ zh, en });

export const dict = {
  // app-wide
  'app.name': entry('社区时间银行', 'Community Time Bank'),
  'common.loading': entry('正在加载…', 'Loading…'),
  'common.largeType': entry('大字模式', 'Large text'),
  'common.languageLabel': entry('语言 Language', 'Language 语言'),
  'common.signOut': entry('退出登录', 'Sign out'),
  'common.cancel': entry('取消', 'Cancel'),
  'common.back': entry('返回', 'Back'),
  'common.retry': entry('重试', 'Try again'),
  'common.submit': entry('提交', 'Submit'),
  'common.address': entry('地址：{v}', 'Address: {v}'),
  'common.hours': entry('营业时间 {v}', 'Open {v}'),
  'common.phone': entry('电话 {v}', 'Call {v}'),
  'common.time': entry('时间：{v}', 'Time: {v}'),
  'common.place': entry('地点：{v}', 'Place: {v}'),
  'common.reason': entry('原因：{v}', 'Reason: {v}'),
  'common.lat': entry('纬度', 'Latitude'),
  'common.lng': entry('经度', 'Longitude'),
  // tab bar
  'tab.activities': entry('活动', 'Activities'),
  'tab.checkin': entry('签到', 'Check in'),
  'tab.me': entry('我的', 'Me'),
  'tab.merchants': entry('商家', 'Shops'),
  // sign-in
  'login.tagline': entry('爱心商家联盟 · 志愿服务', 'Caring Merchants Alliance · Volunteering'),
  'login.intro': entry(
    '存下服务时间，凭志愿者证书在联盟商家享受优惠',
    'Bank your volunteer hours; show your certificate for discounts at alliance shops',
  ),
  'login.volunteer': entry('志愿者登录', 'Volunteer sign-in'),
  'login.wechat': entry('微信一键登录', 'Sign in with WeChat'),
  'login.devHint': entry(
    '开发环境：输入 dev:姓名 代替微信登录（如 dev:wang）',
    'Development: type dev:name instead of WeChat (e.g. dev:wang)',
  ),
  'login.dev': entry('开发登录', 'Development sign-in'),
  'login.community': entry('所在社区', 'Your community'),
  'login.choose': entry('请选择', 'Choose'),
  'login.chooseCommunity': entry(
    '首次登录请选择所在社区，再点登录',
    'First time: choose your community, then sign in',
  ),
  'login.staff': entry('社区干部 · 商家店员登录', 'Officers and shop staff'),
  'login.username': entry('用户名', 'Username'),
  'login.usernameHint': entry('如 zirui-officer', 'e.g. zirui-officer'),
  'login.password': entry('密码', 'Password'),
  'login.passwordHint': entry('请输入密码', 'Your password'),
  'login.withPassword': entry('账号密码登录', 'Sign in'),
  'login.needBoth': entry('请输入用户名和密码', 'Enter your username and password'),
  'login.apply': entry('商家申请加入联盟', 'Shops: apply to join the alliance'),
  // activities
  'activities.hello': entry('{name}，您好', 'Hello, {name}'),
  'activities.title': entry('志愿活动', 'Volunteer activities'),
  'activities.sub': entry('近期活动 · 下拉可刷新', 'Coming up · pull down to refresh'),
  'activities.loadFailed': entry('暂时无法加载活动', 'Could not load the activities'),
  'activities.none': entry('近期没有活动', 'No activities coming up'),
  'activities.noneHint': entry(
    '社区发布新活动后会显示在这里，下拉刷新看看',
    'New activities from your community appear here; pull down to refresh',
  ),
  'activities.enrolled': entry('已报名', 'Enrolled'),
  'activities.full': entry('名额已满', 'Full'),
  'activities.places': entry(
    '剩余 {left} 个名额（共 {cap}）· 每小时 {pts} 积分',
    '{left} of {cap} places left · {pts} points an hour',
  ),
  'activities.join': entry('我要报名', 'Enrol'),
  'activities.leave': entry('取消报名', 'Cancel enrolment'),
  'activities.joined': entry('报名成功', 'Enrolled'),
  'activities.left': entry('已取消报名', 'Enrolment cancelled'),
  'activities.leaveConfirm': entry(
    '确定不参加「{title}」了吗？名额会留给其他志愿者。',
    'Leave "{title}"? Your place goes to another volunteer.',
  ),
  'activities.keep': entry('再想想', 'Keep it'),
  // check-in
  'checkin.title': entry('活动签到', 'Check in'),
  'checkin.intro': entry(
    '到达活动现场后，扫描社区干部手机上的签到码。离开时再扫一次签退。',
    "At the activity, scan the code on the officer's phone. Scan again when you leave to check out.",
  ),
  'checkin.mine': entry('我报名的活动', 'My activities'),
  'checkin.inOk': entry('签到成功', 'Checked in'),
  'checkin.outOk': entry('签退成功', 'Checked out'),
  'checkin.inAt': entry('签到时间 {v}', 'Checked in at {v}'),
  'checkin.outAt': entry('签退时间 {v}', 'Checked out at {v}'),
  'checkin.needsReview': entry('需社区确认：{v}', 'The community will review: {v}'),
  'checkin.pointsLater': entry(
    '社区干部确认后，积分会记入您的时间银行',
    'Your points are credited once an officer confirms',
  ),
  'checkin.failed': entry('没有成功', 'That did not work'),
  'checkin.scanIn': entry('扫码签到', 'Scan to check in'),
  'checkin.scanOut': entry('扫码签退', 'Scan to check out'),
  'checkin.code': entry('签到码', 'Check-in code'),
  'checkin.codeHint': entry('大屏上的 6 位数字', "The 6 digits on the officer's screen"),
  'checkin.typeHint': entry(
    '先在上面选好活动，再输入大屏上的 6 位签到码',
    "Choose the activity above, then type the 6 digits on the officer's screen",
  ),
  'checkin.orType': entry('扫不了码？输入 6 位签到码', "Can't scan? Type the 6-digit code"),
  'checkin.in': entry('签到', 'Check in'),
  'checkin.out': entry('签退', 'Check out'),
  'checkin.needScan': entry('请扫描活动现场的签到码', 'Scan the code at the activity'),
  'checkin.needCode': entry('请先输入签到码', 'Type the code first'),
  'checkin.location': entry(
    '签到时会读取您的位置，用于确认您在活动现场；不授权也能签到，但需社区核对。',
    'Your location confirms you are at the activity; without it you can still check in, and the community checks.',
  ),
  // me
  'me.title': entry('我的', 'Me'),
  'me.balance': entry('当前积分', 'Points'),
  'me.hours': entry('累计服务小时', 'Hours served'),
  'me.earned': entry('累计获得积分', 'Points earned'),
  'me.certificate': entry('志愿者证书', 'Volunteer certificate'),
  'me.serial': entry('证书编号 {v}', 'No. {v}'),
  'me.levelStatus': entry('等级 {level} · 状态', 'Level {level} · status'),
  'me.issuedOn': entry('发证日期 {v}', 'Issued {v}'),
  'me.showHere': entry('在本机出示证书', 'Show the certificate on this phone'),
  'me.showHereTitle': entry('在本机出示证书', 'Use this phone'),
  'me.showHereBody': entry(
    '证书只能在一部手机上出示。在本机打开后，其他手机上的证书码将失效。',
    "The certificate works on one phone only. Opening it here ends the other phone's codes.",
  ),
  'me.showHereOk': entry('本机打开', 'Open here'),
  'me.openedHere': entry('已在本机打开', 'Opened on this phone'),
  'me.movedHere': entry('已换到本机', 'Moved to this phone'),
  'me.refresh': entry('{n} 秒后自动更新', 'Refreshes in {n} s'),
  'me.tillHint': entry(
    '请商家扫码核验。截图或转发的码无效。',
    'Let the shop scan it. Screenshots do not work.',
  ),
  'me.ledger': entry('积分明细', 'Points history'),
  'me.ledgerEmpty': entry('还没有积分记录', 'No points yet'),
  'me.ledgerEmptyHint': entry(
    '参加活动并签到签退，社区确认后积分会记在这里',
    'Join an activity and check in and out; confirmed points appear here',
  ),
  'me.checks': entry('证书核验记录', 'Certificate checks'),
  'me.checksEmpty': entry('还没有商家核验过您的证书', 'No shop has checked your certificate yet'),
  'me.checkOk': entry('通过', 'Valid'),
  'me.checkBad': entry('未通过', 'Refused'),
  'me.reportRefused': entry('商家拒绝优惠？投诉', 'Shop refused the discount? Report'),
  'me.reports': entry('我的投诉', 'My reports'),
  'me.appeal': entry('申诉', 'Appeal'),
  // reports and appeals
  'report.title': entry('投诉商家拒绝优惠', 'Report a refused discount'),
  'report.shop': entry('商家：{v}', 'Shop: {v}'),
  'report.describe': entry('发生了什么', 'What happened'),
  'report.describeHint': entry(
    '如：出示有效证书后，店员说不参加活动，拒绝优惠',
    'e.g. I showed a valid certificate and the staff refused the discount',
  ),
  'report.needText': entry('请写下发生了什么', 'Please describe what happened'),
  'report.sent': entry('已提交，社区会处理', 'Sent to the community'),
  'report.mine': entry('我的投诉', 'My reports'),
  'report.none': entry('还没有投诉', 'No reports yet'),
  'report.open': entry('处理中', 'Open'),
  'report.upheld': entry('属实', 'Upheld'),
  'report.dismissed': entry('不属实', 'Dismissed'),
  'report.outcome': entry('处理结果：{v}', 'Outcome: {v}'),
  'report.kind.refused_discount': entry('拒绝优惠', 'Refused discount'),
  'report.kind.lent_certificate': entry('疑似出借证书', 'Lent certificate'),
  'appeal.title': entry('证书申诉', 'Certificate appeal'),
  'appeal.history': entry('证书状态记录', 'Certificate history'),
  'appeal.once': entry('每张证书只能申诉一次，请写清楚理由', 'You can appeal once; explain why'),
  'appeal.text': entry('申诉理由', 'Your appeal'),
  'appeal.send': entry('提交申诉', 'Send appeal'),
  'appeal.sent': entry('申诉已提交', 'Appeal sent'),
  'appeal.status.pending': entry('申诉审核中', 'Appeal pending'),
  'appeal.status.upheld': entry('申诉未通过（维持原决定）', 'Appeal refused (decision stands)'),
  'appeal.status.overturned': entry('申诉通过，证书已恢复', 'Appeal granted, certificate restored'),
  'appeal.note': entry('社区答复：{v}', 'Community reply: {v}'),
  // merchants directory
  'merchants.title': entry('爱心商家联盟', 'Caring Merchants Alliance'),
  'merchants.sub': entry(
    '出示志愿者证书，享受商家承诺的优惠',
    'Show your certificate for the promised discount',
  ),
  'merchants.all': entry('全部', 'All'),
  'merchants.loadFailed': entry('暂时无法加载商家', 'Could not load the shops'),
  'merchants.none': entry('这个类别还没有联盟商家', 'No shops in this category yet'),
  'merchants.noneHint': entry('换个类别看看', 'Try another category'),
  'merchants.report': entry('投诉拒绝优惠', 'Report refused discount'),
  'merchants.board': entry('社区公告', 'Community board'),
  'merchants.boardEmpty': entry('暂无公告', 'No notices'),
  'board.kind.recruitment': entry('招聘', 'Hiring'),
  'board.kind.activity_push': entry('活动', 'Event'),
  // the till
  'verify.title': entry('证书核验', 'Check a certificate'),
  'verify.discount': entry('本店优惠：{v}', 'Our discount: {v}'),
  'verify.valid': entry('✓ 证书有效', '✓ Valid certificate'),
  'verify.holder': entry('持证人：{v}', 'Holder: {v}'),
  'verify.give': entry('请给予优惠：{v}', 'Give the discount: {v}'),
  'verify.at': entry('核验时间 {v}', 'Checked at {v}'),
  'verify.flagged': entry(
    '该证书近期使用异常，已提醒社区关注',
    'Unusual recent use: the community has been told',
  ),
  'verify.invalid': entry('✗ 核验未通过', '✗ Not valid'),
  'verify.noDiscount': entry(
    '请勿给予优惠，可请持证人刷新后再试',
    'No discount; the holder may refresh and retry',
  ),
  'verify.failed': entry('无法核验', 'Could not check'),
  'verify.record': entry('记录本次优惠', 'Record the discount'),
  'verify.bill': entry('消费金额（元，可不填）', 'Bill (yuan, optional)'),
  'verify.saving': entry('优惠金额（元）', 'Discount given (yuan)'),
  'verify.recordBtn': entry('记录优惠', 'Record'),
  'verify.recorded': entry('已记录，可用于向社区申请补贴', 'Recorded: counts towards a reimbursement claim'),
  'verify.recordedToast': entry('已记录优惠', 'Recorded'),
  'verify.badAmount': entry('金额格式有误，最多两位小数', 'Amounts take at most two decimals'),
  'verify.next': entry('核验下一位', 'Next customer'),
  'verify.scan': entry('扫描持证人二维码', "Scan the holder's code"),
  'verify.orType': entry('或输入码', 'Or type the code'),
  'verify.typeCode': entry('输入或粘贴持证人的码', "Type or paste the holder's code"),
  'verify.needCode': entry('请扫描或输入持证人的二维码', "Scan or type the holder's code"),
  'verify.check': entry('核验', 'Check'),
  'scan.title': entry('扫描二维码', 'Scan a QR code'),
  'scan.hint': entry('把二维码放进画面中间，对准即可', 'Hold the QR code in the middle of the picture'),
  'scan.cancel': entry('取消扫码', 'Stop scanning'),
  'scan.unavailable': entry(
    '无法使用摄像头，请在下方输入码',
    'The camera cannot be used here: type the code below',
  ),
  'verify.reportLent': entry('疑似出借证书？上报', 'Suspect a lent certificate? Report'),
  'verify.shop': entry('本店管理', 'My shop'),
  ...officerDict,
  ...merchantDict,
  ...officerOpsDict,
  ...challengesDict,
  ...householdsDict,
  ...movementsDict,
  ...messagesDict,
  ...productsDict,
  ...profileDict,
  ...appDict,
  ...acceptanceDict,
  ...desksDict,
  ...redemptionsDict,
} as const satisfies Record<string, { zh: string; en: string }>;

export type I18nKey = keyof typeof dict;

/** The text of a key in a language, with {placeholders} filled in. */
export function t(key: I18nKey, lang: Lang = 'zh', vars?: Record<string, string | number>): string {
  const text: string = dict[key][lang] ?? dict[key].zh;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A stored value as a language: anything but 'en' is Chinese. */
export function asLang(v: unknown): Lang {
  return v === 'en' ? 'en' : 'zh';
}

/** The tab bar's labels, in the order of app.config's tabBar.list. */
export function tabLabels(lang: Lang): string[] {
  return (['tab.activities', 'tab.checkin', 'tab.me', 'tab.merchants'] as const).map((k) => t(k, lang));
}
