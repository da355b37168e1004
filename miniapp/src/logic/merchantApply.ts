/**
 * 商家申请加入联盟: the form's strings → the body of POST /merchants/applications, validated with the
 * server's zod schema (merchantApplicationBody), with a Chinese message under each field at fault.
 */
import {
  type MerchantApplication,
  merchantApplicationBody,
  type merchantCategories,
  type merchantTags,
  PLEDGE_VERSION,
} from '@timebank/shared';
import type { z } from 'zod';

export type MerchantCategory = (typeof merchantCategories)[number];
export type MerchantTag = (typeof merchantTags)[number];
export type ApplicationInput = z.input<typeof merchantApplicationBody>;

/** The pledge (承诺书) the owner accepts, version PLEDGE_VERSION. */
export const PLEDGE_TEXT = [
  '一、本店自愿加入社区时间银行爱心商家联盟，对持有效志愿者证书的志愿者兑现本店公布的优惠，不附加未公布的条件。',
  '二、本店只通过本小程序核验证书，如实记录每次优惠；不收集、不留存志愿者的手机号、身份证号等个人信息。',
  '三、发现证书疑似出借、冒用时，本店向社区反映，不当面争执。',
  '四、本店接受社区监督：经核实拒绝优惠或弄虚作假的，社区可予以警告、暂停或移出联盟。',
  '五、优惠内容或营业信息变化时，本店及时告知社区。',
];
export { PLEDGE_VERSION };

export interface ApplicationForm {
  communityId: number | null;
  username: string;
  password: string;
  displayName: string;
  name: string;
  category: MerchantCategory;
  tags: MerchantTag[];
  address: string;
  lat: string;
  lng: string;
  openingHours: string;
  contactPhone: string;
  licenceNo: string;
  discountMode: 'percent' | 'text';
  percentOff: string;
  discountText: string;
  conditions: string;
  pledgeAccepted: boolean;
}

export const emptyApplication = (): ApplicationForm => ({
  communityId: null,
  username: '',
  password: '',
  displayName: '',
  name: '',
  category: 'food',
  tags: [],
  address: '',
  lat: '',
  lng: '',
  openingHours: '',
  contactPhone: '',
  licenceNo: '',
  discountMode: 'percent',
  percentOff: '',
  discountText: '',
  conditions: '',
  pledgeAccepted: false,
});

/** Field → what to tell the shop when it is wrong. */
export const applicationMessages: Record<string, string> = {
  communityId: '请选择所在社区',
  'owner.username': '用户名为 3–32 位字母、数字或 . _ -',
  'owner.password': '密码至少 8 位',
  'owner.displayName': '请填写店主姓名或称呼',
  name: '请填写店名',
  category: '请选择类别',
  tags: '标签最多选 4 个',
  address: '请填写地址',
  lat: '纬度应在 -90 到 90 之间',
  lng: '经度应在 -180 到 180 之间',
  openingHours: '请填写营业时间',
  contactPhone: '联系电话为 6–20 位数字',
  licenceNo: '统一社会信用代码为 15–20 位数字或大写字母',
  'discount.percentOff': '优惠幅度为 1–90 的整数（如 20 表示 8 折）',
  'discount.text': '请写明优惠内容',
  'discount.conditions': '使用条件最多 500 字',
  discount: '请填写折扣或优惠内容',
  pledge: '请阅读并同意承诺书',
  'pledge.accepted': '请阅读并同意承诺书',
};

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** "20" → 8折 preview; '' when not a valid percentage. */
export function percentPreview(percentOff: string): string {
  const n = num(percentOff);
  if (!Number.isInteger(n) || n < 1 || n > 90) return '';
  const zhe = (100 - n) / 10;
  return `${Number.isInteger(zhe) ? zhe : zhe.toFixed(1)}折`;
}

export type ApplyResult =
  | { ok: true; value: MerchantApplication }
  | { ok: false; errors: Record<string, string>; first: string };

export function buildApplication(f: ApplicationForm): ApplyResult {
  const discount: ApplicationInput['discount'] =
    f.discountMode === 'percent' ? { percentOff: num(f.percentOff) } : { text: f.discountText };
  if (f.conditions.trim()) discount.conditions = f.conditions;
  const body = {
    communityId: f.communityId ?? Number.NaN,
    owner: { username: f.username, password: f.password, displayName: f.displayName },
    name: f.name,
    category: f.category,
    tags: f.tags,
    address: f.address,
    lat: num(f.lat),
    lng: num(f.lng),
    openingHours: f.openingHours,
    contactPhone: f.contactPhone,
    licenceNo: f.licenceNo.trim().toUpperCase(),
    discount,
    pledge: f.pledgeAccepted
      ? { accepted: true, version: PLEDGE_VERSION }
      : { accepted: false, version: PLEDGE_VERSION },
  };
  const parsed = merchantApplicationBody.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    let path = issue.path.join('.');
    if (path === 'discount' && f.discountMode === 'percent') path = 'discount.percentOff';
    else if (path === 'discount') path = 'discount.text';
    if (path === 'pledge.accepted') path = 'pledge';
    if (!errors[path]) errors[path] = applicationMessages[path] ?? `请检查「${path}」`;
  }
  const first = Object.values(errors)[0] ?? '请检查填写的内容';
  return { ok: false, errors, first };
}

/** The owner's session after applying: the API returns a token without its expiry. */
export function applicationSessionExpiry(nowMs: number, ttlSeconds = 6 * 24 * 3600): string {
  return new Date(nowMs + ttlSeconds * 1000).toISOString();
}
