import { Switch, Text, View } from '@tarojs/components';
import type { Lang } from '../logic/i18n';
import { t } from '../logic/i18n';

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
        <Switch checked={large} color="#c8102e" onChange={(e) => setLarge(e.detail.value)} />
      </View>
      <View className="row">
        <Text>{t('common.languageLabel', lang)}</Text>
        <View className="chips chips--tight">
          <View className={`chip ${lang === 'zh' ? 'chip--on' : ''}`} onClick={() => setLang('zh')}>
            中文
          </View>
          <View className={`chip ${lang === 'en' ? 'chip--on' : ''}`} onClick={() => setLang('en')}>
            English
          </View>
        </View>
      </View>
    </View>
  );
}
