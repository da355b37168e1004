import { Picker, View } from '@tarojs/components';
import { type ActivityCategory, activityCategories } from '@timebank/shared';
import type { Lang } from '../logic/i18n';
import { t } from '../logic/i18n';
import { ACTIVITY_CATEGORY, labelOf } from '../logic/labels';
import { Field } from './Field';
import { TextField } from './TextField';

/** The activity's category, by its name in the reader's language. */
export function CategoryField({
  lang,
  value,
  onChange,
  error,
}: {
  lang: Lang;
  value: ActivityCategory;
  onChange: (category: ActivityCategory) => void;
  error?: string | undefined;
}) {
  return (
    <Field label={t('officer.create.category', lang)} error={error}>
      <Picker
        mode="selector"
        range={activityCategories.map((c) => labelOf(ACTIVITY_CATEGORY, c, lang))}
        value={activityCategories.indexOf(value)}
        onChange={(e) => onChange(activityCategories[Number(e.detail.value)] as ActivityCategory)}
      >
        <View className="picker">{labelOf(ACTIVITY_CATEGORY, value, lang)}</View>
      </Picker>
    </Field>
  );
}

/** Places and points per hour side by side, as typed (checked when the form is sent). */
export function CapacityPointsFields({
  lang,
  capacity,
  pointsPerHour,
  onChange,
  errors,
}: {
  lang: Lang;
  capacity: string;
  pointsPerHour: string;
  onChange: (key: 'capacity' | 'pointsPerHour', value: string) => void;
  errors: { capacity?: string | undefined; pointsPerHour?: string | undefined };
}) {
  return (
    <View className="btn-row">
      <TextField
        label={t('officer.create.capacity', lang)}
        error={errors.capacity}
        type="number"
        value={capacity}
        onInput={(v) => onChange('capacity', v)}
      />
      <TextField
        label={t('officer.create.points', lang)}
        error={errors.pointsPerHour}
        type="digit"
        value={pointsPerHour}
        onInput={(v) => onChange('pointsPerHour', v)}
      />
    </View>
  );
}
