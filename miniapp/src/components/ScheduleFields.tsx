import { Picker, View } from '@tarojs/components';
import type { Lang } from '../logic/i18n';
import { t } from '../logic/i18n';
import { Field } from './Field';

export interface Schedule {
  /** YYYY-MM-DD, Asia/Shanghai. */
  date: string;
  /** HH:mm. */
  startTime: string;
  endTime: string;
}

/** An activity's day, then its start and end times side by side (the pickers every form uses). */
export function ScheduleFields({
  lang,
  value,
  onChange,
  startError,
  endError,
}: {
  lang: Lang;
  value: Schedule;
  onChange: (key: keyof Schedule, v: string) => void;
  /** Shown under the date (a start in the past, say). */
  startError?: string | undefined;
  endError?: string | undefined;
}) {
  return (
    <>
      <Field label={t('officer.create.date', lang)} error={startError}>
        <Picker mode="date" value={value.date} onChange={(e) => onChange('date', e.detail.value)}>
          <View className="picker">{value.date}</View>
        </Picker>
      </Field>
      <View className="btn-row">
        <Field label={t('officer.create.start', lang)}>
          <Picker mode="time" value={value.startTime} onChange={(e) => onChange('startTime', e.detail.value)}>
            <View className="picker">{value.startTime}</View>
          </Picker>
        </Field>
        <Field label={t('officer.create.end', lang)} error={endError}>
          <Picker mode="time" value={value.endTime} onChange={(e) => onChange('endTime', e.detail.value)}>
            <View className="picker">{value.endTime}</View>
          </Picker>
        </Field>
      </View>
    </>
  );
}
