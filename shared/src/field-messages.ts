/**
 * Messages for the checks a schema makes itself (a refine, a pattern): the schema names a key of this
 * table as its message, and the server answers it in the request's language. zod's own checks are
 * rendered by zod's zh-CN and en locales.
 */
export const fieldMessages = {
  photo_ref_not_ours: {
    zh: '图片须为本平台上传的照片或公开的 https 链接',
    en: 'A photo must be one uploaded here or a public https link',
  },
  must_be_positive: { zh: '必须大于 0', en: 'Must be positive' },
  phone_cn: { zh: '请输入11位手机号', en: 'Enter an 11-digit mobile number' },
  phone_digits: { zh: '只能填写数字', en: 'Digits only' },
  discount_required: { zh: '请填写折扣比例或优惠说明', en: 'A percentage off or a text is required' },
  username_format: {
    zh: '3–32 位字母、数字或 . _ -',
    en: '3–32 letters, digits, . _ -',
  },
  credit_code_format: {
    zh: '统一社会信用代码：15–20 位数字或大写字母',
    en: 'Unified social credit code: 15–20 digits or capital letters',
  },
  lat_lng_together: { zh: '经纬度须同时填写', en: 'Latitude and longitude go together' },
  from_after_to: { zh: '开始日期不能晚于结束日期', en: 'The start must not be after the end' },
  period_too_long: { zh: '时间跨度过长', en: 'The period is too long' },
  nothing_to_change: { zh: '没有要修改的内容', en: 'Nothing to change' },
  price_required: { zh: '请填写价格（元）或价格说明', en: 'A price (yuan) or a price note is required' },
  valid_to_before_from: { zh: '结束日期不能早于开始日期', en: 'The end date must not be before the start' },
  invalid_text: {
    zh: '含有无法识别的字符',
    en: 'Contains characters that are not text (NUL, broken Unicode)',
  },
  integer_id: { zh: '应为正整数编号', en: 'Must be a positive whole number in decimal' },
  date_out_of_range: { zh: '日期超出合理范围', en: 'The date is outside the plausible range' },
  duration_out_of_range: {
    zh: '活动时长应在 1 分钟到 3 天之间',
    en: 'An activity lasts between a minute and three days',
  },
  volunteer_required: { zh: '请选择要开具证明的志愿者', en: 'Choose the volunteer to issue for' },
} as const;

export type FieldMessage = keyof typeof fieldMessages;

export function fieldMessage(key: string, lang: 'zh' | 'en'): string | undefined {
  return (fieldMessages as Record<string, { zh: string; en: string }>)[key]?.[lang];
}
