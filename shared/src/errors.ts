/**
 * One table of error codes. The server answers `{ error: { code, message, details? } }`;
 * the mini-program maps the code to a Chinese message with the same table.
 */
export const errorCodes = {
  'request.invalid': { status: 400, zh: '提交的内容不完整或格式有误', en: 'The request is invalid' },
  'request.malformed_json': { status: 400, zh: '请求格式有误', en: 'The request body is not valid JSON' },
  'request.too_large': { status: 413, zh: '提交的内容过大', en: 'The request body is too large' },
  'request.not_found': { status: 404, zh: '没有找到该页面', en: 'No such route' },
  'request.method_not_allowed': { status: 405, zh: '不支持该操作', en: 'Method not allowed' },
  'request.method_not_implemented': {
    status: 501,
    zh: '不支持该请求方式',
    en: 'This request method is not supported',
  },
  'request.unsupported_media_type': {
    status: 415,
    zh: '提交的内容类型不受支持，请以 JSON 提交',
    en: 'Send the body as application/json',
  },
  'request.bad_encoding': {
    status: 400,
    zh: '提交的内容无法解码',
    en: 'The body does not decode with its declared encoding',
  },
  'request.timeout': { status: 408, zh: '请求超时，请重试', en: 'The request took too long to arrive' },
  'request.headers_too_large': {
    status: 431,
    zh: '请求头过大',
    en: 'The request headers are too large',
  },
  'server.internal': { status: 500, zh: '系统开小差了，请稍后再试', en: 'Internal error' },
  'server.not_ready': { status: 503, zh: '系统正在启动', en: 'Not ready' },
  'server.starting': {
    status: 503,
    zh: '系统正在启动，演示数据尚未准备好',
    en: 'Starting: migrations or the demo data are not done yet',
  },
  'server.draining': {
    status: 503,
    zh: '该服务实例正在停止，请稍后重试',
    en: 'This instance is shutting down; try again (another instance will answer)',
  },
  'server.unavailable': {
    status: 503,
    zh: '系统繁忙，请稍后重试',
    en: 'The database is briefly unavailable; try again shortly',
  },
  rate_limited: { status: 429, zh: '操作太频繁，请稍后再试', en: 'Too many requests, try again later' },

  'auth.required': { status: 401, zh: '请先登录', en: 'Sign-in required' },
  'auth.invalid_token': {
    status: 401,
    zh: '登录已失效，请重新登录',
    en: 'The session token is invalid or expired',
  },
  'auth.invalid_credentials': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  'auth.rate_limited': {
    status: 429,
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many sign-in attempts, try again later',
  },
  'auth.forbidden': { status: 403, zh: '没有权限进行此操作', en: 'You may not do this' },
  'auth.wrong_community': {
    status: 403,
    zh: '只能操作本社区的数据',
    en: 'That belongs to another community',
  },
  'auth.wechat_failed': { status: 401, zh: '微信登录失败，请重试', en: 'WeChat sign-in failed' },
  'auth.wechat_unavailable': {
    status: 502,
    zh: '微信服务暂时不可用，请稍后再试',
    en: 'WeChat is not reachable',
  },
  'auth.community_required': {
    status: 400,
    zh: '首次登录请选择所在社区',
    en: 'Choose your community on first sign-in',
  },
  'auth.account_disabled': { status: 403, zh: '账号已停用，请联系社区', en: 'This account is disabled' },

  'accounts.wrong_password': {
    status: 400,
    zh: '当前密码不正确',
    en: 'The current password is wrong',
  },
  'accounts.password_weak': {
    status: 400,
    zh: '新密码至少 8 位，且不能与用户名或原密码相同',
    en: 'The new password must have at least 8 characters and differ from the username and the old one',
  },
  'accounts.no_password': {
    status: 409,
    zh: '该账号使用微信登录，没有密码',
    en: 'This account signs in with WeChat and has no password',
  },
  'accounts.reset_code_invalid': {
    status: 400,
    zh: '重置码无效、已使用或已过期，请联系社区重新获取',
    en: 'The reset code is wrong, used or expired; ask the community for a new one',
  },
  'accounts.not_allowed': {
    status: 403,
    zh: '不能对该账号进行此操作',
    en: 'You may not do this to that account',
  },
  'accounts.session_not_found': {
    status: 404,
    zh: '没有找到该登录设备，可能已退出',
    en: 'No such session (it may have ended)',
  },
  'communities.not_found': { status: 404, zh: '没有找到该社区', en: 'No such community' },
  'districts.not_found': { status: 404, zh: '没有找到该街道（区）', en: 'No such district' },
  'users.not_found': { status: 404, zh: '没有找到该用户', en: 'No such user' },
  'profile.consent_required': {
    status: 400,
    zh: '请先阅读并同意个人信息授权',
    en: 'Consent to the privacy notice is required',
  },
  'profile.no_consent': {
    status: 409,
    zh: '尚未授权个人信息，无需撤回',
    en: 'There is no consent to withdraw',
  },
  'profile_changes.not_found': {
    status: 404,
    zh: '没有找到该资料变更申请',
    en: 'No such profile change request',
  },
  'profile_changes.not_pending': {
    status: 409,
    zh: '该资料变更申请已处理',
    en: 'That profile change request was already decided',
  },

  'photos.unsupported_type': {
    status: 415,
    zh: '仅支持 JPEG、PNG 或 WebP 格式的照片',
    en: 'Send a JPEG, PNG or WebP image',
  },
  'photos.too_large': { status: 413, zh: '照片文件过大', en: 'The photo file is too large' },
  'photos.not_an_image': {
    status: 400,
    zh: '无法识别该照片，请重新拍摄或选择',
    en: 'The file is not a readable image',
  },
  'photos.too_many_pixels': {
    status: 400,
    zh: '照片尺寸过大，请换一张',
    en: 'The image has too many pixels',
  },
  'photos.not_found': { status: 404, zh: '没有找到该照片', en: 'No such photo' },
  'photos.link_invalid': {
    status: 403,
    zh: '照片链接已失效，请刷新页面',
    en: 'The photo link is invalid or has expired',
  },

  'activities.not_found': { status: 404, zh: '没有找到该活动', en: 'No such activity' },
  'activities.invalid_time': {
    status: 400,
    zh: '结束时间必须晚于开始时间',
    en: 'The end must be after the start',
  },
  'activities.invalid_duration': {
    status: 400,
    zh: '活动时长应在 1 分钟到 3 天之间',
    en: 'An activity lasts between a minute and three days',
  },
  'activities.start_out_of_range': {
    status: 400,
    zh: '活动开始时间应在一年前到三年后之间',
    en: 'An activity starts between a year ago and three years from now',
  },
  'activities.not_editable': {
    status: 409,
    zh: '该活动已取消或已结束，不能修改',
    en: 'This activity can no longer be changed',
  },
  'activities.already_published': { status: 409, zh: '活动已发布', en: 'The activity is already published' },
  'activities.already_cancelled': { status: 409, zh: '活动已取消', en: 'The activity is already cancelled' },
  'activities.not_published': { status: 409, zh: '活动尚未发布或已取消', en: 'The activity is not open' },
  'activities.full': { status: 409, zh: '名额已满', en: 'The activity is full' },
  'activities.capacity_below_enrolled': {
    status: 409,
    zh: '名额不能少于已报名人数',
    en: 'Capacity is below the number enrolled',
  },
  'activities.already_ended': { status: 409, zh: '活动已结束', en: 'The activity has ended' },
  'enrolments.already_enrolled': { status: 409, zh: '您已报名该活动', en: 'Already enrolled' },
  'enrolments.not_enrolled': { status: 404, zh: '您尚未报名该活动', en: 'Not enrolled' },
  'enrolments.has_attendance': {
    status: 409,
    zh: '已签到的活动不能取消报名',
    en: 'Checked-in enrolments cannot be cancelled',
  },

  'checkins.code_invalid': { status: 400, zh: '签到码无效，请重新扫码', en: 'The code is not valid' },
  'checkins.code_expired': {
    status: 400,
    zh: '签到码已过期，请扫描最新的二维码',
    en: 'The code has expired; scan the current one',
  },
  'checkins.activity_required': {
    status: 400,
    zh: '请先选择要签到的活动，再输入 6 位签到码',
    en: 'Choose the activity first, then type the six-digit code',
  },
  'checkins.code_wrong_activity': {
    status: 400,
    zh: '这不是本活动的签到码',
    en: 'The code belongs to another activity',
  },
  'checkins.outside_window': {
    status: 400,
    zh: '不在活动签到时间内',
    en: 'Outside the activity time window',
  },
  'checkins.code_not_available': {
    status: 409,
    zh: '当前不在签到时间内，无法生成签到码',
    en: 'No code outside the activity window',
  },
  'checkins.checked_in_elsewhere': {
    status: 409,
    zh: '您正在另一个同时段的活动中签到，请先在那里签退',
    en: 'You are checked in at an overlapping activity; check out there first',
  },
  'checkins.already_checked_in': { status: 409, zh: '您已签到', en: 'Already checked in' },
  'checkins.not_checked_in': { status: 409, zh: '请先签到再签退', en: 'Check in first' },
  'checkins.already_checked_out': { status: 409, zh: '您已签退', en: 'Already checked out' },
  'checkins.volunteers_only': { status: 403, zh: '只有志愿者可以签到', en: 'Only volunteers check in' },

  'attendance.not_found': { status: 404, zh: '没有找到该签到记录', en: 'No such attendance' },
  'attendance.self_credit': {
    status: 403,
    zh: '不能为自己记录时长',
    en: 'Officers cannot credit themselves',
  },
  'attendance.not_reviewable': {
    status: 409,
    zh: '该记录尚不能确认（志愿者还未签到）',
    en: 'This attendance cannot be confirmed yet',
  },
  'attendance.already_exists': {
    status: 409,
    zh: '该志愿者在本活动已有记录',
    en: 'This volunteer already has attendance for the activity',
  },
  'attendance.already_confirmed': { status: 409, zh: '该记录已确认', en: 'Already confirmed' },
  'attendance.too_long': { status: 400, zh: '时长不能超过活动时长', en: 'Longer than the activity' },
  'attendance.not_volunteer': { status: 400, zh: '只能为志愿者记录时长', en: 'Only volunteers earn hours' },

  'ledger.account_not_found': { status: 404, zh: '没有找到积分账户', en: 'No account' },
  'ledger.idempotency_conflict': {
    status: 409,
    zh: '该来源已入账，且内容不同：不能重复入账',
    en: 'This source was already credited with different details',
  },
  'ledger.points_already_spent': {
    status: 409,
    zh: '这些积分已被使用（赠送、捐赠），不能再扣减：请与志愿者沟通后记录正确的时长',
    en: 'These points were already spent (given or donated): the correction would leave a negative balance',
  },
  'movements.amount_not_positive': {
    status: 400,
    zh: '积分数必须大于 0',
    en: 'The points must be more than 0',
  },
  'movements.amount_not_whole': { status: 400, zh: '只能转整数积分', en: 'Only whole points can be moved' },
  'movements.amount_too_large': {
    status: 400,
    zh: '一次最多转 10000 积分',
    en: 'At most 10,000 points in one movement',
  },
  'movements.insufficient_balance': {
    status: 409,
    zh: '可用积分不足',
    en: 'Not enough spendable points',
  },
  'movements.self_gift': { status: 400, zh: '不能赠送给自己', en: 'You cannot give points to yourself' },
  'movements.receiver_required': {
    status: 400,
    zh: '请填写对方的会员号或手机号（只填一项）',
    en: "Give the receiver's member number or phone number (one of them)",
  },
  'movements.receiver_not_found': {
    status: 404,
    zh: '没有找到该志愿者，请核对会员号或手机号',
    en: 'No volunteer with that member number or phone number',
  },
  'movements.receiver_other_community': {
    status: 403,
    zh: '目前只能赠送给本社区的志愿者',
    en: 'For now, points can only be given to volunteers of your own community',
  },
  'movements.receiver_disabled': {
    status: 409,
    zh: '该志愿者的账号已停用，不能接收积分',
    en: "That volunteer's account is disabled",
  },
  'movements.idempotency_conflict': {
    status: 409,
    zh: '该请求编号已用于另一笔不同的转账，请重新提交',
    en: 'This idempotency key was already used for a different movement',
  },
  'movements.not_found': { status: 404, zh: '没有找到该笔转账', en: 'No such movement' },
  'movements.invalid_transition': {
    status: 409,
    zh: '该笔转账当前状态不能进行此操作',
    en: "Not possible in the movement's current state",
  },
  'movements.request_not_fundable': {
    status: 409,
    zh: '该求助已取消，不能再用公益池积分支持',
    en: 'That help request was cancelled: the pool cannot fund it',
  },
  'redemptions.item_not_found': { status: 404, zh: '没有找到该兑换项目', en: 'No such item for points' },
  'redemptions.item_unavailable': {
    status: 409,
    zh: '该兑换项目已下架或结束',
    en: 'That item is hidden, ended or taken down',
  },
  'redemptions.item_not_started': {
    status: 409,
    zh: '该兑换项目尚未开始',
    en: 'That item cannot be redeemed before its start date',
  },
  'redemptions.item_expired': { status: 409, zh: '该兑换项目已过期', en: 'That item is past its end date' },
  'redemptions.out_of_stock': { status: 409, zh: '该兑换项目已兑完', en: 'That item is out of stock' },
  'redemptions.invalid_dates': {
    status: 400,
    zh: '兑换日期有误：结束日期不能早于开始日期或今天，最长 366 天',
    en: 'The dates are out of order, already over, or longer than 366 days',
  },
  'redemptions.invalid_transition': {
    status: 409,
    zh: '该兑换项目当前状态不能进行此操作',
    en: "Not possible in the item's current state",
  },
  'redemptions.check_used': {
    status: 409,
    zh: '这次核验已经兑换过，请让对方重新出示二维码',
    en: 'This check was already used for a redemption: scan a new code',
  },
  'redemptions.check_expired': {
    status: 409,
    zh: '核验已超过 10 分钟，请重新扫码',
    en: 'The check is more than 10 minutes old: scan a new code',
  },
  'redemptions.not_a_certificate': {
    status: 409,
    zh: '只有志愿者证书可以兑换积分',
    en: "Only a volunteer's certificate can redeem points",
  },
  'redemptions.outside_area': {
    status: 403,
    zh: '持证人所在社区不在本店的通存通兑范围内',
    en: "The holder's community is outside the area this shop honours",
  },
  'redemptions.idempotency_conflict': {
    status: 409,
    zh: '该请求编号已用于另一笔不同的兑换，请重新提交',
    en: 'This idempotency key was already used for a different redemption',
  },
  'funds.not_found': { status: 404, zh: '没有找到该基金', en: 'No such fund' },
  'funds.invalid_period': {
    status: 400,
    zh: '基金期间有误：结束日期不能早于开始日期，最长 366 天',
    en: 'The period is out of order or longer than 366 days',
  },
  'funds.claim_outside_period': {
    status: 400,
    zh: '结算期间须在基金期间之内',
    en: "The claim's period must lie within the fund's",
  },
  'funds.claim_empty': {
    status: 409,
    zh: '该期间没有可结算的兑换记录',
    en: 'No redemptions to claim in that period',
  },
  'funds.not_covered': {
    status: 403,
    zh: '本店不在该基金的支持范围内',
    en: 'This fund does not cover your shop',
  },
  'funds.claim_not_found': { status: 404, zh: '没有找到该结算申请', en: 'No such claim' },
  'funds.line_not_found': { status: 404, zh: '没有找到该结算明细', en: 'No such claim line' },
  'funds.reason_required': { status: 400, zh: '驳回须填写原因', en: 'A rejection needs a reason' },
  'funds.lines_undecided': {
    status: 409,
    zh: '还有明细未审核',
    en: 'Some lines are not approved or rejected yet',
  },
  'funds.budget_exceeded': {
    status: 409,
    zh: '基金剩余预算不足',
    en: "The fund's remaining budget does not cover this claim",
  },
  'funds.shop_cap_exceeded': {
    status: 409,
    zh: '超出该基金对单个商家的上限',
    en: "This claim would pass the fund's cap per shop",
  },
  'funds.invalid_transition': {
    status: 409,
    zh: '该结算申请当前状态不能进行此操作',
    en: "Not possible in the claim's current state",
  },
  'certificates.not_issued': { status: 404, zh: '尚未获得志愿者证书', en: 'No certificate yet' },
  'merchants.not_found': { status: 404, zh: '没有找到该商家', en: 'No such merchant' },
  'merchants.invalid_transition': {
    status: 409,
    zh: '商家当前状态不能进行此操作',
    en: "Not possible in the merchant's current state",
  },
  'merchants.username_taken': { status: 409, zh: '该用户名已被使用', en: 'That username is taken' },
  'merchants.owner_only': { status: 403, zh: '只有店主可以进行此操作', en: 'Only the owner may do this' },
  'merchants.not_active': {
    status: 403,
    zh: '商家不在联盟中（未通过审核、已暂停或已退出），暂时不能使用联盟功能',
    en: 'The merchant is not an active alliance member',
  },
  'merchants.not_member': { status: 403, zh: '您不是该商家的店员', en: 'You are not staff of this merchant' },
  'merchants.change_pending': {
    status: 409,
    zh: '已有一项执照或优惠变更在等待社区审核，请等审核后再提交',
    en: 'A licence or discount change is already waiting for the community; wait for its decision',
  },
  'merchants.change_not_found': { status: 404, zh: '没有找到该变更申请', en: 'No such change request' },
  'merchants.change_decided': {
    status: 409,
    zh: '该变更申请已处理',
    en: 'This change request has already been decided',
  },
  'merchants.nothing_changed': {
    status: 400,
    zh: '提交的内容与当前信息相同，没有需要修改的地方',
    en: 'Nothing differs from the current details',
  },
  'verify.not_found': { status: 404, zh: '没有找到该核验记录', en: 'No such check' },
  'verify.not_valid': {
    status: 409,
    zh: '核验未通过，不能记录优惠',
    en: 'The check was refused; no discount can be recorded',
  },
  'verify.discount_recorded': {
    status: 409,
    zh: '该次核验已记录优惠',
    en: 'A discount is already recorded for this check',
  },
  'till.no_credential': {
    status: 404,
    zh: '您还没有可出示的证书',
    en: 'You have no certificate or alliance credential to show',
  },
  'till.credential_inactive': {
    status: 409,
    zh: '证书已暂停或收回，不能出示',
    en: 'The credential is suspended or revoked',
  },
  'till.device_not_found': { status: 404, zh: '没有找到该设备', en: 'No such device' },
  'till.bill_required': {
    status: 400,
    zh: '本店按折扣比例优惠，请填写消费金额',
    en: "The shop's discount is a percentage: enter the bill",
  },
  'till.saving_not_positive': {
    status: 400,
    zh: '请填写优惠金额（须大于 0）',
    en: 'Enter the saving (more than 0)',
  },
  'till.saving_exceeds_bill': {
    status: 400,
    zh: '优惠金额不能超过消费金额',
    en: 'The saving cannot exceed the bill',
  },
  'till.saving_inconsistent': {
    status: 400,
    zh: '优惠金额与本店折扣不符（允许抹零误差 1 元以内）',
    en: "The saving does not match the shop's discount (within ¥1 of rounding)",
  },
  'till.discount_not_found': {
    status: 404,
    zh: '该次核验还没有记录优惠',
    en: 'No discount is recorded for this check',
  },
  'till.discount_voided': { status: 409, zh: '该优惠记录已作废', en: 'The discount record was voided' },
  'till.correction_not_yours': {
    status: 403,
    zh: '只有记录这笔优惠的店员可以更正',
    en: 'Only the staff member who recorded it may correct it',
  },
  'till.correction_window_closed': {
    status: 409,
    zh: '已超过 10 分钟更正时限，请联系社区作废后重新记录',
    en: 'The 10 minutes for a correction are over; ask the community to void it',
  },
  'merchants.staff_not_found': { status: 404, zh: '本店没有该店员', en: 'No such staff member in your shop' },
  'cases.not_found': { status: 404, zh: '没有找到该投诉', en: 'No such case' },
  'cases.closed': { status: 409, zh: '该投诉已办结', en: 'The case is closed' },
  'cases.invalid_target': {
    status: 400,
    zh: '请指明被投诉的商家或核验记录',
    en: 'Name the merchant or the check',
  },
  'certificates.not_found': { status: 404, zh: '没有找到该证书', en: 'No such certificate' },
  'certificates.invalid_transition': {
    status: 409,
    zh: '证书当前状态不能进行此操作',
    en: "Not possible in the certificate's current state",
  },
  'certificates.appeal_exists': {
    status: 409,
    zh: '每张证书只能申诉一次',
    en: 'A certificate can be appealed once',
  },
  'certificates.nothing_to_appeal': {
    status: 409,
    zh: '证书状态正常，无需申诉',
    en: 'Only a suspended or revoked certificate can be appealed',
  },
  'certificates.no_pending_appeal': { status: 409, zh: '没有待处理的申诉', en: 'No pending appeal' },
  'board.not_found': { status: 404, zh: '没有找到该信息', en: 'No such post' },
  'board.already_taken_down': { status: 409, zh: '该信息已下架', en: 'The post is already taken down' },
  'challenges.not_found': { status: 404, zh: '没有找到该难题', en: 'No such challenge' },
  'challenges.not_open': { status: 409, zh: '征集已结束', en: 'The round is closed' },
  'challenges.proposal_not_found': { status: 404, zh: '没有找到该方案', en: 'No such proposal' },
  'challenges.already_proposed': {
    status: 409,
    zh: '您已为该难题提交过方案',
    en: 'You have already proposed a solution to this challenge',
  },
  'challenges.own_proposal': {
    status: 409,
    zh: '不能给自己的方案投票',
    en: 'You cannot vote for your own proposal',
  },
  'challenges.no_winner': { status: 409, zh: '本轮没有胜出方案', en: 'The round has no winning proposal' },
  'challenges.not_closed': {
    status: 409,
    zh: '请先结束征集再转为活动',
    en: 'Close the round before turning it into an activity',
  },
  'challenges.already_converted': {
    status: 409,
    zh: '该难题已转为志愿活动',
    en: 'This challenge already became an activity',
  },
  'challenges.not_converted': {
    status: 409,
    zh: '该难题尚未转为志愿活动',
    en: 'This challenge has not become an activity yet',
  },
  'challenges.no_bonus': {
    status: 409,
    zh: '该难题没有商家赞助奖励',
    en: 'This challenge has no sponsored bonus',
  },
  'challenges.activity_not_ended': {
    status: 409,
    zh: '活动结束后才能发放赞助奖励',
    en: 'The sponsored bonus is awarded after the activity',
  },
  'challenges.already_taken_down': {
    status: 409,
    zh: '该难题已下架',
    en: 'The challenge is already taken down',
  },
  'products.not_found': { status: 404, zh: '没有找到该商品', en: 'No such product' },
  'offers.not_found': { status: 404, zh: '没有找到该优惠', en: 'No such offer' },
  'products.taken_down': {
    status: 409,
    zh: '该内容已被社区下架，不能再发布或修改',
    en: 'Taken down by the community; it cannot be changed or published again',
  },
  'products.price_required': {
    status: 400,
    zh: '请填写价格（元）或价格说明',
    en: 'Give a price or a price note',
  },
  'offers.invalid_dates': {
    status: 400,
    zh: '优惠日期不正确：结束日期不能早于开始日期或今天，最长一年',
    en: 'The offer dates are invalid: the end must not be before the start or today, at most a year',
  },
  'activities.topic_needs_digital': {
    status: 400,
    zh: '只有“数字技能”类活动可以选择主题',
    en: 'Only a digital-skills activity has a topic',
  },
  'households.not_found': { status: 404, zh: '没有找到该帮扶对象', en: 'No such household' },
  'households.consent_required': {
    status: 400,
    zh: '登记前须取得本人或监护人的同意',
    en: "The household's consent is required",
  },
  'households.archived': {
    status: 409,
    zh: '该户已撤回同意，资料已清除',
    en: 'Consent was withdrawn; the household is archived',
  },
  'households.proxy_invalid': {
    status: 400,
    zh: '代理人须是本社区已注册的志愿者',
    en: 'A proxy must be a registered volunteer of the community',
  },
  'households.proxy_exists': {
    status: 409,
    zh: '此人已是该户的代理人',
    en: 'Already a proxy of this household',
  },
  'households.proxy_not_found': { status: 404, zh: '没有找到该代理人', en: 'No such proxy' },
  'households.request_not_found': { status: 404, zh: '没有找到该求助', en: 'No such help request' },
  'households.invalid_transition': {
    status: 409,
    zh: '求助当前状态不能进行此操作',
    en: "Not possible in the request's current state",
  },
  'records.not_found': { status: 404, zh: '没有找到该服务记录证明', en: 'No such service record' },
  'records.no_service': {
    status: 409,
    zh: '该时段内没有已确认的志愿服务',
    en: 'No confirmed service in that period',
  },
  'records.code_mismatch': { status: 403, zh: '验证码不正确', en: 'The verification code does not match' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export function errorMessage(code: string, lang: 'zh' | 'en' = 'zh'): string {
  const entry = (errorCodes as Record<string, { zh: string; en: string }>)[code];
  return entry ? entry[lang] : errorCodes['server.internal'][lang];
}

/** One problem with one field of a request: where, what kind, and a message in the request's language. */
export interface Problem {
  path: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode | string;
    message: string;
    /** Always a list: each problem with one field. */
    details?: Problem[];
    /** Facts about the refusal (the state it was in, when to retry). */
    meta?: Record<string, unknown>;
  };
}
