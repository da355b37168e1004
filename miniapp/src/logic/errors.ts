/** Error code → the Chinese sentence the user sees. The table itself lives in @timebank/shared. */
import { errorCodes, errorMessage, verifyReasons } from '@timebank/shared';
import type { Lang } from './i18n';

export const NETWORK_ERROR = 'network.unreachable';
export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
export const NETWORK_MESSAGE_EN = 'Cannot reach the server; check your connection and try again';

const fieldLabels: Record<string, string> = {
  title: '活动名称',
  category: '活动类别',
  'place.name': '活动地点',
  place: '活动地点',
  startsAt: '开始时间',
  endsAt: '结束时间',
  capacity: '名额',
  pointsPerHour: '每小时积分',
  repeatWeeks: '重复周数',
  code: '二维码内容',
  username: '用户名',
  password: '密码',
  billAmount: '消费金额',
  savingAmount: '优惠金额',
  minutes: '时长',
  reason: '原因',
};

export function fieldLabel(path: string): string {
  return fieldLabels[path] ?? path;
}

/** The message for an error code; details of request.invalid name the first field at fault. */
export function messageForCode(code: string, details?: unknown, lang: Lang = 'zh'): string {
  if (code === NETWORK_ERROR) return lang === 'en' ? NETWORK_MESSAGE_EN : NETWORK_MESSAGE;
  if (code in verifyReasons) return verifyReasons[code as keyof typeof verifyReasons][lang];
  if (code === 'request.invalid' && Array.isArray(details) && details.length > 0) {
    const first = details[0] as { path?: unknown };
    if (typeof first?.path === 'string' && first.path)
      return lang === 'en' ? `Please check "${first.path}"` : `请检查「${fieldLabel(first.path)}」`;
  }
  if (code in errorCodes) return errorMessage(code, lang);
  return errorMessage('server.internal', lang);
}

/** Whether the error means the session is gone and the user must sign in again. */
export function needsSignIn(code: string): boolean {
  return code === 'auth.required' || code === 'auth.invalid_token';
}
