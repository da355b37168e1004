import { Switch, Text, View } from '@tarojs/components';
import type { Lang } from '../logic/i18n';
import { t } from '../logic/i18n';
import { buttonA11y } from './Btn';

/** 大字模式 and 中文/English, side by side wherever the user can change them. */
export function PrefsCard({
  large,
  setLarge,
  lang,
  setLang,
}: {
  large: boolean;
  setLarge: (v: boolean) => void;
  lang: Lang;
  setLang: (l: Lang) => void;
}) {
  return (
    <View className="card">
      <View className="row">
        <Text>{t('common.largeType', lang)}</Text>
        <Switch
          checked={large}
          color="#c8102e"
          nativeProps={{ 'aria-label': t('common.largeType', lang) }}
          onChange={(e) => setLarge(e.detail.value)}
        />
      </View>
      <View className="row">
        <Text>{t('common.languageLabel', lang)}</Text>
        <View className="chips chips--tight">
          <View
            className={`chip ${lang === 'zh' ? 'chip--on' : ''}`}
            onClick={() => setLang('zh')}
            {...buttonA11y(false)}
          >
            中文
          </View>
          <View
            className={`chip ${lang === 'en' ? 'chip--on' : ''}`}
            onClick={() => setLang('en')}
            {...buttonA11y(false)}
          >
            English
          </View>
        </View>
      </View>
    </View>
  );
}
