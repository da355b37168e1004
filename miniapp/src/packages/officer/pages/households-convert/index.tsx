import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { type HelpKind, helpKinds, helpKindTitles } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { CoordinateFields } from '../../../../components/CoordinateFields';
import { ScheduleFields } from '../../../../components/ScheduleFields';
import { TextField } from '../../../../components/TextField';
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
      <TextField
        label={tr('hh.convert.activityTitle')}
        value={form.title}
        maxlength={80}
        placeholder={helpKindTitles[kind]}
        onInput={(v) => set('title', v)}
      />
      <TextField
        label={tr('hh.convert.place')}
        value={form.placeName}
        maxlength={120}
        onInput={(v) => set('placeName', v)}
      />
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
      <ScheduleFields lang={lang} value={form} onChange={set} />
      <TextField
        label={tr('hh.convert.capacity')}
        type="number"
        value={form.capacity}
        onInput={(v) => set('capacity', v)}
      />
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
