/** Taro storage, typed and never throwing (a full or locked storage must not break a page). */
import Taro from '@tarojs/taro';

export const KEYS = {
  session: 'tb.session',
  largeType: 'tb.largeType',
  lang: 'tb.lang',
  tillDevice: 'tb.tillDevice',
} as const;

export function load<T>(key: string): T | null {
  try {
    const v = Taro.getStorageSync(key);
    return v === '' || v === undefined || v === null ? null : (v as T);
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // storage full or unavailable: the app still works for this visit
  }
}

export function remove(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // nothing to do
  }
}
