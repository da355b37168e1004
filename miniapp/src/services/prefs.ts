/** The large-type and language preferences, kept in Taro storage and read again whenever a page shows. */
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { asLang, type I18nKey, type Lang, t, tabLabels } from '../logic/i18n';
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

export function currentLang(): Lang {
  return asLang(load<string>(KEYS.lang));
}

/** Relabel the tab bar (its text in app.config is static Chinese). Only on tab pages. */
export function applyTabBar(lang: Lang): void {
  tabLabels(lang).forEach((text, index) => {
    try {
      Promise.resolve(Taro.setTabBarItem({ index, text })).catch(() => undefined);
    } catch {
      // not a tab page, or no tab bar in this build
    }
  });
}

export type Translate = (key: I18nKey, vars?: Record<string, string | number>) => string;

/** The language, a setter that stores it, and t() bound to it. Tab pages pass tab=true. */
export function useLang(tab = false): { lang: Lang; setLang: (l: Lang) => void; tr: Translate } {
  const [lang, setLangState] = useState<Lang>(currentLang);
  useDidShow(() => {
    const l = currentLang();
    setLangState(l);
    if (tab) applyTabBar(l);
  });
  const setLang = useCallback(
    (l: Lang) => {
      save(KEYS.lang, l);
      setLangState(l);
      if (tab) applyTabBar(l);
    },
    [tab],
  );
  const tr = useCallback<Translate>((key, vars) => t(key, lang, vars), [lang]);
  return { lang, setLang, tr };
}

export const pageClass = (large: boolean, extra = '') =>
  ['page', large ? 'page--large' : '', extra].filter(Boolean).join(' ');
