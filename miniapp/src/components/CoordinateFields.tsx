import { Input, View } from '@tarojs/components';
import type { Lang } from '../logic/i18n';
import { t } from '../logic/i18n';
import { Field } from './Field';

/** Latitude and longitude side by side (WGS-84, typed or filled from the phone's position). */
export function CoordinateFields({
  lang,
  lat,
  lng,
  onLat,
  onLng,
  latError,
  lngError,
}: {
  lang: Lang;
  lat: string;
  lng: string;
  onLat: (v: string) => void;
  onLng: (v: string) => void;
  latError?: string | undefined;
  lngError?: string | undefined;
}) {
  return (
    <View className="btn-row">
      <Field label={t('common.lat', lang)} error={latError}>
        <Input className="input" type="digit" value={lat} onInput={(e) => onLat(e.detail.value)} />
      </Field>
      <Field label={t('common.lng', lang)} error={lngError}>
        <Input className="input" type="digit" value={lng} onInput={(e) => onLng(e.detail.value)} />
      </Field>
    </View>
  );
}
