import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type ActivityCategory, activityCategories } from '@timebank/shared';
import { type ReactNode, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { categoryLabels, pickerValues } from '../../../../logic/format';
import { type ActivityForm, buildActivityInput } from '../../../../logic/forms';
import { createActivity, publishActivity } from '../../../../services/api';
import { locate } from '../../../../services/device';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** The demo community's service centre; the officer can replace it with the phone's position. */
const DEFAULT_PLACE = { name: '紫瑞街社区党群服务中心', lat: '30.8236', lng: '104.1589' };

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

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      {children}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  );
}

export default function CreateActivity() {
  const [large] = useLargeType();
  const [form, setForm] = useState<ActivityForm>(initialForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ActivityForm>(k: K, v: ActivityForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const fillFromPhone = async () => {
    const where = await locate(6000);
    if (!where) {
      Taro.showToast({ title: '无法获取位置，请手动填写', icon: 'none' });
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
      const r = await createActivity(built.value);
      if (andPublish) for (const a of r.occurrences) await publishActivity(a.id);
      showOk(andPublish ? '已发布' : '已存为草稿');
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
      <Field label="活动名称" error={errors.title}>
        <Input
          className="input"
          value={form.title}
          placeholder="如：为独居老人做午饭"
          onInput={(e) => set('title', e.detail.value)}
        />
      </Field>
      <Field label="活动类别" error={errors.category}>
        <Picker
          mode="selector"
          range={activityCategories.map((c) => categoryLabels[c])}
          value={catIndex}
          onChange={(e) => set('category', activityCategories[Number(e.detail.value)] as ActivityCategory)}
        >
          <View className="picker">{categoryLabels[form.category]}</View>
        </Picker>
      </Field>
      <Field label="活动地点" error={errors['place.name']}>
        <Input className="input" value={form.placeName} onInput={(e) => set('placeName', e.detail.value)} />
      </Field>
      <View className="btn-row">
        <Field label="纬度" error={errors['place.lat']}>
          <Input
            className="input"
            type="digit"
            value={form.lat}
            onInput={(e) => set('lat', e.detail.value)}
          />
        </Field>
        <Field label="经度" error={errors['place.lng']}>
          <Input
            className="input"
            type="digit"
            value={form.lng}
            onInput={(e) => set('lng', e.detail.value)}
          />
        </Field>
      </View>
      <Btn kind="plain" small onClick={fillFromPhone}>
        使用我现在的位置
      </Btn>
      <Field label="日期" error={errors.startsAt}>
        <Picker mode="date" value={form.date} onChange={(e) => set('date', e.detail.value)}>
          <View className="picker">{form.date}</View>
        </Picker>
      </Field>
      <View className="btn-row">
        <Field label="开始时间">
          <Picker mode="time" value={form.startTime} onChange={(e) => set('startTime', e.detail.value)}>
            <View className="picker">{form.startTime}</View>
          </Picker>
        </Field>
        <Field label="结束时间" error={errors.endsAt}>
          <Picker mode="time" value={form.endTime} onChange={(e) => set('endTime', e.detail.value)}>
            <View className="picker">{form.endTime}</View>
          </Picker>
        </Field>
      </View>
      <View className="btn-row">
        <Field label="名额" error={errors.capacity}>
          <Input
            className="input"
            type="number"
            value={form.capacity}
            onInput={(e) => set('capacity', e.detail.value)}
          />
        </Field>
        <Field label="每小时积分" error={errors.pointsPerHour}>
          <Input
            className="input"
            type="digit"
            value={form.pointsPerHour}
            onInput={(e) => set('pointsPerHour', e.detail.value)}
          />
        </Field>
      </View>
      <Field label="每周重复（次数，含本次）" error={errors.repeatWeeks}>
        <Input
          className="input"
          type="number"
          value={form.repeatWeeks}
          onInput={(e) => set('repeatWeeks', e.detail.value)}
        />
      </Field>
      <Field label="活动说明（可选）" error={errors.description}>
        <Textarea
          className="textarea"
          value={form.description}
          maxlength={2000}
          placeholder="需要志愿者带什么、注意什么"
          onInput={(e) => set('description', e.detail.value)}
        />
      </Field>
      <Btn onClick={() => save(true)} disabled={busy}>
        保存并发布
      </Btn>
      <Btn kind="secondary" onClick={() => save(false)} disabled={busy}>
        存为草稿
      </Btn>
    </View>
  );
}
