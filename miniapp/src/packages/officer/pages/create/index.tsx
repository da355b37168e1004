import { Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { type DigitalTopic, digitalTopics } from '@timebank/shared';
import { useState } from 'react';
import { CapacityPointsFields, CategoryField } from '../../../../components/ActivityFields';
import { Btn } from '../../../../components/Btn';
import { CoordinateFields } from '../../../../components/CoordinateFields';
import { Field } from '../../../../components/Field';
import { ScheduleFields } from '../../../../components/ScheduleFields';
import { TextField } from '../../../../components/TextField';
import { pickerValues } from '../../../../logic/format';
import {
  type ActivityForm,
  activityFormOf,
  activityPatchOf,
  buildActivityInput,
  DEFAULT_PLACE,
} from '../../../../logic/forms';
import { topicLabel } from '../../../../logic/products';
import {
  cancelActivity,
  createActivity,
  getActivity,
  publishActivity,
  updateActivity,
} from '../../../../services/api';
import { locate } from '../../../../services/device';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import { useFormSubmit } from '../../../../services/useFormSubmit';

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

/** A new activity, or with ?id= an existing one to edit or cancel (its volunteers are told). */
export default function CreateActivity() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const editId = Number(useRouter().params.id) || 0;
  const [form, setForm] = useState<ActivityForm>(initialForm);
  const [enrolled, setEnrolled] = useState(0);
  const [status, setStatus] = useState('');
  /** What a digital-skills session teaches (only sent with that category). */
  const [topic, setTopic] = useState<DigitalTopic | null>(null);
  const { errors, busy, submit } = useFormSubmit();
  const set = <K extends keyof ActivityForm>(k: K, v: ActivityForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  useLoad(() => {
    if (!editId) return;
    Taro.setNavigationBarTitle({ title: tr('officer.edit.title') });
    getActivity(editId)
      .then((a) => {
        setForm(activityFormOf(a));
        setTopic(a.topic);
        setEnrolled(a.enrolledCount);
        setStatus(a.status);
      })
      .catch(showError);
  });

  const saveEdit = async () => {
    if (!requireSession(['officer', 'district_admin'])) return;
    await submit(
      buildActivityInput({ ...form, repeatWeeks: '1' }),
      async (value) => {
        const patch = activityPatchOf(value);
        await updateActivity(editId, value.category === 'digital_skills' ? { ...patch, topic } : patch);
        showOk(tr('officer.edit.saved'));
        setTimeout(() => Taro.navigateBack(), 800);
      },
      { leaves: true },
    );
  };

  const cancelIt = async () => {
    const { confirm } = await Taro.showModal({
      title: tr('officer.edit.cancel'),
      content: enrolled > 0 ? tr('officer.edit.cancelTold', { n: enrolled }) : tr('officer.edit.cancelSure'),
      confirmText: tr('officer.edit.cancelOk'),
      cancelText: tr('officer.edit.keep'),
    });
    if (!confirm) return;
    try {
      await cancelActivity(editId);
      showOk(tr('officer.edit.cancelled'));
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
    }
  };

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
    await submit(
      buildActivityInput(form),
      async (value) => {
        const digital = value.category === 'digital_skills' && topic;
        const r = await createActivity(digital ? { ...value, topic } : value);
        if (andPublish) for (const a of r.occurrences) await publishActivity(a.id);
        showOk(andPublish ? tr('officer.home.published') : tr('officer.create.savedDraft'));
        setTimeout(() => Taro.navigateBack(), 800);
      },
      { leaves: true },
    );
  };

  return (
    <View className={pageClass(large)}>
      <TextField
        label={tr('officer.create.title')}
        error={errors.title}
        value={form.title}
        placeholder={tr('officer.create.titleHint')}
        onInput={(v) => set('title', v)}
      />
      <CategoryField
        lang={lang}
        value={form.category}
        onChange={(c) => set('category', c)}
        error={errors.category}
      />
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
      <TextField
        label={tr('officer.create.place')}
        error={errors['place.name']}
        value={form.placeName}
        onInput={(v) => set('placeName', v)}
      />
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
      <ScheduleFields
        lang={lang}
        value={form}
        onChange={set}
        startError={errors.startsAt}
        endError={errors.endsAt}
      />
      <CapacityPointsFields
        lang={lang}
        capacity={form.capacity}
        pointsPerHour={form.pointsPerHour}
        onChange={set}
        errors={errors}
      />
      {editId ? null : (
        <TextField
          label={tr('officer.create.repeat')}
          error={errors.repeatWeeks}
          type="number"
          value={form.repeatWeeks}
          onInput={(v) => set('repeatWeeks', v)}
        />
      )}
      <Field label={tr('officer.create.description')} error={errors.description}>
        <Textarea
          className="textarea"
          value={form.description}
          maxlength={2000}
          placeholder={tr('officer.create.descriptionHint')}
          onInput={(e) => set('description', e.detail.value)}
        />
      </Field>
      {editId ? (
        <>
          {enrolled > 0 ? (
            <Text className="block muted small">{tr('officer.edit.told', { n: enrolled })}</Text>
          ) : null}
          <Btn onClick={saveEdit} disabled={busy || status === 'cancelled'}>
            {tr('officer.edit.save')}
          </Btn>
          {status !== 'cancelled' ? (
            <Btn kind="danger" onClick={cancelIt} disabled={busy}>
              {tr('officer.edit.cancel')}
            </Btn>
          ) : null}
        </>
      ) : (
        <>
          <Btn onClick={() => save(true)} disabled={busy}>
            {tr('officer.create.saveAndPublish')}
          </Btn>
          <Btn kind="secondary" onClick={() => save(false)} disabled={busy}>
            {tr('officer.create.saveDraft')}
          </Btn>
        </>
      )}
    </View>
  );
}
