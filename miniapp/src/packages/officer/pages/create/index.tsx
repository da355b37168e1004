import { Input, Picker, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  type ActivityCategory,
  activityCategories,
  type DigitalTopic,
  digitalTopics,
} from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { CoordinateFields } from '../../../../components/CoordinateFields';
import { Field } from '../../../../components/Field';
import { pickerValues } from '../../../../logic/format';
import { type ActivityForm, buildActivityInput, DEFAULT_PLACE } from '../../../../logic/forms';
import { ACTIVITY_CATEGORY, labelOf } from '../../../../logic/labels';
import { topicLabel } from '../../../../logic/products';
import { createActivity, publishActivity } from '../../../../services/api';
import { locate } from '../../../../services/device';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

function initialForm(): ActivityForm {
  const start = pickerValues(Date.now(), 24 * 60);
  return {
    title: '',
    category: 'public_cleanup',
    description: '',
    placeName: DEFAULT_PLACE.name,
    lat: DEFAULT_PLACE.lat,
    lng: DEFAULT_PLACE.lng,
    date: start.date,
    startTime: '09:00',
    endTime: '11:00',
    capacity: '20',
    pointsPerHour: '1',
    repeatWeeks: '1',
  };
}

export default function CreateActivity() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [form, setForm] = useState<ActivityForm>(initialForm);
  /** What a digital-skills session teaches (only sent with that category). */
  const [topic, setTopic] = useState<DigitalTopic | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ActivityForm>(k: K, v: ActivityForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const fillFromPhone = async () => {
    const where = await locate(6000);
    if (!where) {
      Taro.showToast({ title: tr('officer.create.noLocation'), icon: 'none' });
      return;
    }
    setForm((f) => ({ ...f, lat: where.lat.toFixed(6), lng: where.lng.toFixed(6) }));
  };

  const save = async (andPublish: boolean) => {
    if (!requireSession(['officer'])) return;
    const built = buildActivityInput(form);
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const digital = built.value.category === 'digital_skills' && topic;
      const r = await createActivity(digital ? { ...built.value, topic } : built.value);
      if (andPublish) for (const a of r.occurrences) await publishActivity(a.id);
      showOk(andPublish ? tr('officer.home.published') : tr('officer.create.savedDraft'));
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const catIndex = activityCategories.indexOf(form.category);
  return (
    <View className={pageClass(large)}>
      <Field label={tr('officer.create.title')} error={errors.title}>
        <Input
          className="input"
          value={form.title}
          placeholder={tr('officer.create.titleHint')}
          onInput={(e) => set('title', e.detail.value)}
        />
      </Field>
      <Field label={tr('officer.create.category')} error={errors.category}>
        <Picker
          mode="selector"
          range={activityCategories.map((c) => labelOf(ACTIVITY_CATEGORY, c, lang))}
          value={catIndex}
          onChange={(e) => set('category', activityCategories[Number(e.detail.value)] as ActivityCategory)}
        >
          <View className="picker">{labelOf(ACTIVITY_CATEGORY, form.category, lang)}</View>
        </Picker>
      </Field>
      {form.category === 'digital_skills' ? (
        <Field label={tr('digital.topic')}>
          <Picker
            mode="selector"
            range={[tr('digital.topicNone'), ...digitalTopics.map((x) => topicLabel(x, lang))]}
            value={topic ? digitalTopics.indexOf(topic) + 1 : 0}
            onChange={(e) => setTopic(digitalTopics[Number(e.detail.value) - 1] ?? null)}
          >
            <View className="picker">{topic ? topicLabel(topic, lang) : tr('digital.topicNone')}</View>
          </Picker>
        </Field>
      ) : null}
      <Field label={tr('officer.create.place')} error={errors['place.name']}>
        <Input className="input" value={form.placeName} onInput={(e) => set('placeName', e.detail.value)} />
      </Field>
      <CoordinateFields
        lang={lang}
        lat={form.lat}
        lng={form.lng}
        onLat={(v) => set('lat', v)}
        onLng={(v) => set('lng', v)}
        latError={errors['place.lat']}
        lngError={errors['place.lng']}
      />
      <Btn kind="plain" small onClick={fillFromPhone}>
        {tr('officer.create.here')}
      </Btn>
      <Field label={tr('officer.create.date')} error={errors.startsAt}>
        <Picker mode="date" value={form.date} onChange={(e) => set('date', e.detail.value)}>
          <View className="picker">{form.date}</View>
        </Picker>
      </Field>
      <View className="btn-row">
        <Field label={tr('officer.create.start')}>
          <Picker mode="time" value={form.startTime} onChange={(e) => set('startTime', e.detail.value)}>
            <View className="picker">{form.startTime}</View>
          </Picker>
        </Field>
        <Field label={tr('officer.create.end')} error={errors.endsAt}>
          <Picker mode="time" value={form.endTime} onChange={(e) => set('endTime', e.detail.value)}>
            <View className="picker">{form.endTime}</View>
          </Picker>
        </Field>
      </View>
      <View className="btn-row">
        <Field label={tr('officer.create.capacity')} error={errors.capacity}>
          <Input
            className="input"
            type="number"
            value={form.capacity}
            onInput={(e) => set('capacity', e.detail.value)}
          />
        </Field>
        <Field label={tr('officer.create.points')} error={errors.pointsPerHour}>
          <Input
            className="input"
            type="digit"
            value={form.pointsPerHour}
            onInput={(e) => set('pointsPerHour', e.detail.value)}
          />
        </Field>
      </View>
      <Field label={tr('officer.create.repeat')} error={errors.repeatWeeks}>
        <Input
          className="input"
          type="number"
          value={form.repeatWeeks}
          onInput={(e) => set('repeatWeeks', e.detail.value)}
        />
      </Field>
      <Field label={tr('officer.create.description')} error={errors.description}>
        <Textarea
          className="textarea"
          value={form.description}
          maxlength={2000}
          placeholder={tr('officer.create.descriptionHint')}
          onInput={(e) => set('description', e.detail.value)}
        />
      </Field>
      <Btn onClick={() => save(true)} disabled={busy}>
        {tr('officer.create.saveAndPublish')}
      </Btn>
      <Btn kind="secondary" onClick={() => save(false)} disabled={busy}>
        {tr('officer.create.saveDraft')}
      </Btn>
    </View>
  );
}
