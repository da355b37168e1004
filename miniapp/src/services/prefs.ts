/** The large-type preference, kept in Taro storage and read again whenever a page shows. */
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { KEYS, load, save } from './storage';

export function isLargeType(): boolean {
  return load<boolean>(KEYS.largeType) === true;
}

export function useLargeType(): [boolean, (v: boolean) => void] {
  const [large, setLarge] = useState(isLargeType);
  useDidShow(() => setLarge(isLargeType()));
  const set = useCallback((v: boolean) => {
    save(KEYS.largeType, v);
    setLarge(v);
  }, []);
  return [large, set];
}

export const pageClass = (large: boolean, extra = '') =>
  ['page', large ? 'page--large' : '', extra].filter(Boolean).join(' ');
