import { Input, Text, Textarea, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { UsersVolunteersDto } from '@timebank/shared';
import { useCallback, useMemo, useState } from 'react';
import { Btn, buttonA11y } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import { buildManualAttendance, type ManualField, manualFieldFor } from '../../../../logic/manualAttendance';
import { searchVolunteers, volunteerLabel } from '../../../../logic/officerOps';
import { addManualAttendance, getActivityAttendance } from '../../../../services/api';
import { messageFor, showOk } from '../../../../services/errors';
import { ApiError, http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { AttendanceDto } from '../../../../services/types';
import { scrollToFirstError } from '../../../../services/useFormSubmit';

type Volunteer = UsersVolunteersDto['volunteers'][number];

/** An activity's attendance, and 补录出勤 for volunteers without a phone (with minutes and evidence). */
export default function OfficerAttendance() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const activityId = Number(router.params.activityId);
  const [items, setItems] = useState<AttendanceDto[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [volunteers, setVolunteers] = useState<Volunteer[]>([]);
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Volunteer | null>(null);
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Partial<Record<ManualField | 'form', string>>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await getActivityAttendance(activityId);
      setItems(r.items);
      setLoadError('');
    } catch (e) {
      setItems([]);
      setLoadError(messageFor(e));
    }
  }, [activityId]);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
    http
      .get<UsersVolunteersDto>('/volunteers')
      .then((r) => setVolunteers(r.volunteers))
      .catch(() => setVolunteers([]));
  });

  const hits = useMemo(() => (q.trim() ? searchVolunteers(volunteers, q, 8) : []), [volunteers, q]);

  const submit = async () => {
    const built = buildManualAttendance(
      { activityId, volunteerId: chosen?.id ?? null, minutes, reason, evidenceNote: evidence },
      lang,
    );
    if (!built.ok) {
      setErrors(built.errors);
      setTimeout(scrollToFirstError, 50);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await addManualAttendance(built.value);
      showOk(tr('manual.done'));
      setChosen(null);
      setQ('');
      setMinutes('');
      setReason('');
      setEvidence('');
      await load();
    } catch (e) {
      const field = e instanceof ApiError ? manualFieldFor(e.code, e.details) : null;
      setErrors({ [field ?? 'form']: messageFor(e) });
      setTimeout(scrollToFirstError, 50);
    } finally {
      setBusy(false);
    }
  };

  const title = items?.[0]?.activity.title;
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{title ? `${tr('manual.title')} · ${title}` : tr('manual.title')}</Text>
      <View className="card">
        {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
        {loadError ? (
          <View>
            <Text className="block bad">{loadError}</Text>
            <Btn kind="secondary" small onClick={load}>
              {tr('common.retry')}
            </Btn>
          </View>
        ) : null}
        {items && items.length === 0 && !loadError ? <Empty title={tr('manual.listEmpty')} /> : null}
        {(items ?? []).map((a) => (
          <View className="line" key={a.id}>
            <Text className="block">
              {tr('manual.line', {
                name: a.volunteer.realName ?? a.volunteer.displayName,
                status: tr(`manual.status.${a.status}`),
                m: a.creditedMinutes ?? a.presentMinutes,
              })}
              {a.source === 'manual' ? ` · ${tr('manual.source.manual')}` : ''}
            </Text>
            {a.evidenceNote ? <Text className="block small muted">{a.evidenceNote}</Text> : null}
          </View>
        ))}
      </View>

      <View className="card">
        <Text className="h2">{tr('manual.form')}</Text>
        <Text className="block small muted">{tr('manual.formIntro')}</Text>
        {chosen ? (
          <View>
            <Text className="block strong">{tr('manual.chosen', { v: volunteerLabel(chosen) })}</Text>
            <Btn kind="secondary" small onClick={() => setChosen(null)}>
              {tr('manual.change')}
            </Btn>
          </View>
        ) : (
          <Field label={tr('manual.volunteer')} error={errors.volunteer}>
            <Input
              className="input"
              value={q}
              placeholder={tr('manual.search')}
              onInput={(e) => setQ(e.detail.value)}
            />
          </Field>
        )}
        {chosen && errors.volunteer ? <Text className="field__error">{errors.volunteer}</Text> : null}
        {!chosen && q.trim() && hits.length === 0 ? (
          <Text className="block muted small">{tr('manual.noHits')}</Text>
        ) : null}
        {!chosen
          ? hits.map((v) => (
              <View
                className="line line--tap"
                key={v.id}
                onClick={() => setChosen(v)}
                {...buttonA11y(false, volunteerLabel(v))}
              >
                <Text className="block">{volunteerLabel(v)}</Text>
                {v.phoneMasked ? <Text className="block muted small">{v.phoneMasked}</Text> : null}
              </View>
            ))
          : null}
        <TextField
          label={tr('manual.minutes')}
          type="number"
          value={minutes}
          onInput={setMinutes}
          error={errors.minutes}
        />
        <TextField
          label={tr('manual.reason')}
          value={reason}
          onInput={setReason}
          maxlength={500}
          placeholder={tr('manual.reasonHint')}
          error={errors.reason}
        />
        <Field label={tr('manual.evidence')} error={errors.evidenceNote}>
          <Textarea
            className="textarea"
            value={evidence}
            maxlength={1000}
            placeholder={tr('manual.evidenceHint')}
            onInput={(e) => setEvidence(e.detail.value)}
          />
        </Field>
        {errors.form ? (
          <Text className="field__error" {...(process.env.TARO_ENV === 'h5' ? { role: 'alert' } : {})}>
            {errors.form}
          </Text>
        ) : null}
        <Btn onClick={submit} disabled={busy}>
          {tr('manual.submit')}
        </Btn>
      </View>
    </View>
  );
}
