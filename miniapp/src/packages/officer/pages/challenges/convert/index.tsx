import { Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CapacityPointsFields, CategoryField } from '../../../../../components/ActivityFields';
import { Btn } from '../../../../../components/Btn';
import { ScheduleFields } from '../../../../../components/ScheduleFields';
import { TextField } from '../../../../../components/TextField';
import { buildConvert, type ChallengeDetailDto } from '../../../../../logic/challenges';
import { pickerValues } from '../../../../../logic/format';
import type { ActivityForm } from '../../../../../logic/forms';
import { showError, showOk } from '../../../../../services/errors';
import { http } from '../../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../../services/prefs';
import { requireSession } from '../../../../../services/session';
import { useFormSubmit } from '../../../../../services/useFormSubmit';

function initialForm(): ActivityForm {
  const start = pickerValues(Date.now(), 24 * 60);
  return {
    title: '',
    category: 'public_cleanup',
    description: '',
    placeName: '',
    lat: '30.8236',
    lng: '104.1589',
    date: start.date,
    startTime: '09:00',
    endTime: '11:00',
    capacity: '10',
    pointsPerHour: '1',
    repeatWeeks: '1',
  };
}

/** The winning solution becomes a volunteer activity, created through the usual activities service. */
export default function ConvertChallenge() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const id = Number(useRouter().params.id);
  const [c, setC] = useState<ChallengeDetailDto | null>(null);
  const [form, setForm] = useState<ActivityForm>(initialForm);
  const [publish, setPublish] = useState(true);
  const [withBonus, setWithBonus] = useState(true);
  const { errors, busy, submit: sendForm } = useFormSubmit();
  const set = <K extends keyof ActivityForm>(k: K, v: ActivityForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  useLoad(async () => {
    if (!requireSession(['officer', 'district_admin'])) return;
    try {
      const d = await http.get<ChallengeDetailDto>(`/challenges/${id}`);
      setC(d);
      const winner = d.proposals.find((p) => p.winner);
      setForm((f) => ({
        ...f,
        title: d.title.slice(0, 80),
        description: winner ? winner.text.slice(0, 2000) : '',
        placeName: d.merchant.name.slice(0, 120),
      }));
    } catch (e) {
      showError(e);
    }
  });

  const submit = () =>
    sendForm(
      buildConvert(form, { publish, withBonus }, lang),
      async (value) => {
        await http.post(`/challenges/${id}/convert`, value);
        showOk(tr('challenges.convert.done'));
        setTimeout(() => Taro.navigateBack(), 900);
      },
      { leaves: true },
    );

  const winner = c?.proposals.find((p) => p.winner);
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('challenges.convert.title')}</Text>
      {winner ? (
        <Text className="block muted">{tr('challenges.officer.winner', { text: winner.text })}</Text>
      ) : null}
      <View className="card">
        <TextField
          label={tr('officer.create.title')}
          error={errors.title}
          value={form.title}
          maxlength={80}
          onInput={(v) => set('title', v)}
        />
        <CategoryField lang={lang} value={form.category} onChange={(c) => set('category', c)} />
        <TextField
          label={tr('officer.create.place')}
          error={errors['place.name']}
          value={form.placeName}
          onInput={(v) => set('placeName', v)}
        />
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
        <View className="field">
          <Text className="field__label">{tr('officer.create.description')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('officer.create.description') }}
            className="textarea"
            value={form.description}
            maxlength={2000}
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
        <View className="row">
          <Text>{tr('challenges.convert.publish')}</Text>
          <Switch checked={publish} color="#c8102e" onChange={(e) => setPublish(e.detail.value)} />
        </View>
        {c?.bonus ? (
          <View className="row">
            <Text>{tr('challenges.convert.withBonus')}</Text>
            <Switch checked={withBonus} color="#c8102e" onChange={(e) => setWithBonus(e.detail.value)} />
          </View>
        ) : null}
        <Btn onClick={submit} disabled={busy || !winner}>
          {tr('challenges.convert.submit')}
        </Btn>
      </View>
    </View>
  );
}
