import { Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { type HelpKind, helpKinds, helpKindTitles } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { CoordinateFields } from '../../../../components/CoordinateFields';
import { pickerValues } from '../../../../logic/format';
import { buildConvertInput, type ConvertForm, householdsApi, kindLabel } from '../../../../logic/households';
import { locate } from '../../../../services/device';
import { showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const api = householdsApi(http);

function initialForm(): ConvertForm {
  const tomorrow = pickerValues(Date.now(), 24 * 60);
  return {
    title: '',
    placeName: '',
    lat: '30.8236',
    lng: '104.1589',
    date: tomorrow.date,
    startTime: '09:00',
    endTime: '10:30',
    capacity: '2',
    publish: true,
  };
}

/** Turning a help request into a volunteer activity: enrolment, check-in and points as usual. */
export default function ConvertRequest() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const params = useRouter().params;
  const requestId = Number(params.requestId);
  const kind = (helpKinds as readonly string[]).includes(params.kind ?? '')
    ? (params.kind as HelpKind)
    : 'other';
  const [form, setForm] = useState<ConvertForm>(initialForm);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ConvertForm>(k: K, v: ConvertForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const fillFromPhone = async () => {
    const where = await locate(6000);
    if (!where) {
      Taro.showToast({ title: tr('hh.convert.noLocation'), icon: 'none' });
      return;
    }
    setForm((f) => ({ ...f, lat: where.lat.toFixed(6), lng: where.lng.toFixed(6) }));
  };

  const save = async () => {
    if (!requireSession(['officer'])) return;
    const built = buildConvertInput(form, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await api.convert(requestId, built.value);
      showOk(tr('hh.convert.done'));
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('hh.convert.title')}</Text>
      <View className="row row--start">
        <Text className="tag">{kindLabel(kind, lang)}</Text>
      </View>
      <Text className="block muted">{tr('hh.convert.intro')}</Text>
      <View className="field">
        <Text className="field__label">{tr('hh.convert.activityTitle')}</Text>
        <Input
          className="input"
          value={form.title}
          maxlength={80}
          placeholder={helpKindTitles[kind]}
          onInput={(e) => set('title', e.detail.value)}
        />
      </View>
      <View className="field">
        <Text className="field__label">{tr('hh.convert.place')}</Text>
        <Input
          className="input"
          value={form.placeName}
          maxlength={120}
          onInput={(e) => set('placeName', e.detail.value)}
        />
      </View>
      <CoordinateFields
        lang={lang}
        lat={form.lat}
        lng={form.lng}
        onLat={(v) => set('lat', v)}
        onLng={(v) => set('lng', v)}
      />
      <Btn kind="plain" small onClick={fillFromPhone}>
        {tr('hh.convert.here')}
      </Btn>
      <View className="field">
        <Text className="field__label">{tr('hh.convert.date')}</Text>
        <Picker mode="date" value={form.date} onChange={(e) => set('date', e.detail.value)}>
          <View className="picker">{form.date}</View>
        </Picker>
      </View>
      <View className="btn-row">
        <View className="field">
          <Text className="field__label">{tr('hh.convert.start')}</Text>
          <Picker mode="time" value={form.startTime} onChange={(e) => set('startTime', e.detail.value)}>
            <View className="picker">{form.startTime}</View>
          </Picker>
        </View>
        <View className="field">
          <Text className="field__label">{tr('hh.convert.end')}</Text>
          <Picker mode="time" value={form.endTime} onChange={(e) => set('endTime', e.detail.value)}>
            <View className="picker">{form.endTime}</View>
          </Picker>
        </View>
      </View>
      <View className="field">
        <Text className="field__label">{tr('hh.convert.capacity')}</Text>
        <Input
          className="input"
          type="number"
          value={form.capacity}
          onInput={(e) => set('capacity', e.detail.value)}
        />
      </View>
      <View className="row row--start" onClick={() => set('publish', !form.publish)}>
        <View className={`checkbox ${form.publish ? 'checkbox--on' : ''}`}>{form.publish ? '✓' : ''}</View>
        <Text className="strong">{tr(form.publish ? 'hh.convert.publish' : 'hh.convert.draft')}</Text>
      </View>
      <Btn onClick={save} disabled={busy}>
        {tr('hh.convert.title')}
      </Btn>
    </View>
  );
}
