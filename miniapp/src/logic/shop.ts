/** 本店管理 for merchant staff: adding staff, posting to the board, the shop's checks. */
import { boardPostBody, staffInviteBody } from '@timebank/shared';
import type { z } from 'zod';
import { messageForCode } from './errors';
import { type Lang, t } from './i18n';

export type StaffInput = z.input<typeof staffInviteBody>;
export type NoticeInput = z.input<typeof boardPostBody>;
export type NoticeKind = NoticeInput['kind'];
export type Built<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; first: string };

const staffMessages: Record<string, string> = {
  username: '用户名为 3–32 位字母、数字或 . _ -',
  password: '密码至少 8 位',
  displayName: '请填写店员姓名',
};

const noticeMessages: Record<string, string> = {
  kind: '请选择公告类型',
  title: '标题 1–80 字',
  body: '内容 1–2000 字',
};

function collect<T>(
  parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } },
  messages: Record<string, string>,
): Built<T> {
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!errors[path]) errors[path] = messages[path] ?? `请检查「${path}」`;
  }
  return { ok: false, errors, first: Object.values(errors)[0] ?? '请检查填写的内容' };
}

export function buildStaffInput(f: StaffInput): Built<StaffInput> {
  return collect(staffInviteBody.safeParse(f), staffMessages);
}

export function buildNotice(f: NoticeInput): Built<NoticeInput> {
  return collect(boardPostBody.safeParse(f), noticeMessages);
}

export const noticeKindLabels: Record<NoticeKind, string> = {
  recruitment: '招聘',
  activity_push: '活动推送',
};

export interface ShopCheck {
  id: number;
  at: string;
  valid: boolean;
  reason: string | null;
  kind: string | null;
  discount: { billAmount: number | null; savingAmount: number | null } | null;
}

/** One line of the shop's check history. */
export function shopCheckView(
  c: ShopCheck,
  lang: Lang = 'zh',
): { result: string; detail: string; canReportLent: boolean } {
  const result = t(c.valid ? 'shop.valid' : 'shop.invalid', lang);
  let detail = '';
  if (!c.valid) detail = c.reason ? messageForCode(c.reason, undefined, lang) : '';
  else if (c.discount?.savingAmount != null)
    detail = t('shop.saving', lang, { v: c.discount.savingAmount.toFixed(2) });
  else detail = t('shop.noDiscount', lang);
  return { result, detail, canReportLent: c.valid && c.kind === 'certificate' };
}
