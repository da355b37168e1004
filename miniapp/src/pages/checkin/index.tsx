import { Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/Btn';
import { checkoutState } from '../../logic/activityView';
import { formatClock, formatTimeRange } from '../../logic/format';
import { ATTENDANCE_FLAG, joinLabels, labelOf } from '../../logic/labels';
import { checkIn, checkOut, getMyOpenAttendance, listActivities } from '../../services/api';
import { locate, scan } from '../../services/device';
import { messageFor } from '../../services/errors';
import { pageClass, useLang, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { ActivityDto, CheckinResultDto } from '../../services/types';

type Outcome = { ok: true; kind: 'in' | 'out'; result: CheckinResultDto } | { ok: false; message: string };

export default function Checkin() {
  const [large] = useLargeType();
  const { tr, lang } = useLang(true);
  const [mine, setMine] = useState<ActivityDto[]>([]);
  const [activityId, setActivityId] = useState<number | undefined>(undefined);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The check-ins still open, from the server: they survive a reload or a second phone.
  const [open, setOpen] = useState<CheckinResultDto[]>([]);

  const loadOpen = () =>
    getMyOpenAttendance()
      .then((r) => {
        setOpen(r.items);
        if (r.items[0]) setActivityId(r.items[0].activity.id);
      })
      .catch(() => setOpen([]));

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
    loadOpen();
    listActivities({ status: 'upcoming' })
      .then((r) => {
        const enrolled = r.activities.filter((a) => a.enrolled);
        setMine(enrolled);
        if (enrolled.length === 1) setActivityId(enrolled[0]!.id);
      })
      .catch(() => setMine([]));
  });

  const submit = async (kind: 'in' | 'out', scanned?: string) => {
    const value = (scanned ?? code).trim();
    if (!value) {
      setOutcome({ ok: false, message: tr('checkin.needCode') });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const where = await locate();
      const input = { code: value, activityId, ...(where ?? {}) };
      const result = kind === 'in' ? await checkIn(input) : await checkOut(input);
      setOutcome({ ok: true, kind, result });
      setCode('');
      loadOpen();
    } catch (e) {
      setOutcome({ ok: false, message: messageFor(e) });
    } finally {
      setBusy(false);
    }
  };

  const scanAnd = async (kind: 'in' | 'out') => {
    const r = await scan({ title: tr('scan.title'), hint: tr('scan.hint'), cancel: tr('scan.cancel') });
    if ('text' in r) await submit(kind, r.text);
    else if ('unavailable' in r) setOutcome({ ok: false, message: tr('scan.unavailable') });
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('checkin.title')}</Text>
      <Text className="block muted">{tr('checkin.intro')}</Text>
      <View className="gap" />

      {mine.length > 0 ? (
        <View className="card">
          <Text className="h2">{tr('checkin.mine')}</Text>
          <View className="chips">
            {mine.map((a) => (
              <View
                key={a.id}
                className={`chip ${activityId === a.id ? 'chip--on' : ''}`}
                onClick={() => setActivityId(activityId === a.id ? undefined : a.id)}
              >
                {a.title}
              </View>
            ))}
          </View>
          {activityId ? (
            <Text className="block muted small">
              {formatTimeRange(
                mine.find((a) => a.id === activityId)!.startsAt,
                mine.find((a) => a.id === activityId)!.endsAt,
              )}
            </Text>
          ) : null}
        </View>
      ) : null}

      {open.map((a) => {
        const soon = checkoutState(a.activity.endsAt, Date.now()) === 'soon';
        return (
          <View className={soon ? 'result result--warn' : 'result result--ok'} key={a.id}>
            <Text className="block strong">
              {tr('checkin.openNow', {
                title: a.activity.title,
                at: formatClock(a.checkInAt ?? a.activity.startsAt),
              })}
            </Text>
            <Text className="block">
              {soon
                ? tr('checkin.remindOut', { v: formatClock(a.activity.endsAt) })
                : tr('checkin.endsAt', { v: formatClock(a.activity.endsAt) })}
            </Text>
          </View>
        );
      })}

      {outcome ? (
        outcome.ok ? (
          <View className="result result--ok">
            <Text className="result__big">
              {outcome.kind === 'in' ? tr('checkin.inOk') : tr('checkin.outOk')}
            </Text>
            <Text className="block">{outcome.result.activity.title}</Text>
            <Text className="block">
              {outcome.kind === 'in'
                ? tr('checkin.inAt', { v: formatClock(outcome.result.checkInAt ?? Date.now()) })
                : tr('checkin.outAt', { v: formatClock(outcome.result.checkOutAt ?? Date.now()) })}
            </Text>
            {outcome.kind === 'out' && outcome.result.flags.length > 0 ? (
              <Text className="block small">
                {tr('checkin.needsReview', {
                  v: joinLabels(
                    outcome.result.flags.map((f) => labelOf(ATTENDANCE_FLAG, f, lang)),
                    lang,
                  ),
                })}
              </Text>
            ) : null}
            {outcome.kind === 'out' ? <Text className="block small">{tr('checkin.pointsLater')}</Text> : null}
          </View>
        ) : (
          <View className="result result--bad">
            <Text className="result__big">{tr('checkin.failed')}</Text>
            <Text className="block">{outcome.message}</Text>
          </View>
        )
      ) : null}

      <View className="card">
        <Btn onClick={() => scanAnd('in')} disabled={busy}>
          {tr('checkin.scanIn')}
        </Btn>
        <Btn kind="secondary" onClick={() => scanAnd('out')} disabled={busy}>
          {tr('checkin.scanOut')}
        </Btn>
      </View>
      {/* Typing the six digits works everywhere: for a browser, or a phone whose camera will not scan. */}
      <View className="card">
        <Text className="field__label">{tr('checkin.orType')}</Text>
        <Text className="block muted small">{tr('checkin.typeHint')}</Text>
        <Input
          className="input input--code"
          type="number"
          value={code}
          maxlength={6}
          placeholder={tr('checkin.codeHint')}
          nativeProps={{ 'aria-label': tr('checkin.orType'), inputMode: 'numeric' }}
          onInput={(e) => setCode(e.detail.value)}
        />
        <View className="btn-row">
          <Btn onClick={() => submit('in')} disabled={busy}>
            {tr('checkin.in')}
          </Btn>
          <Btn kind="secondary" onClick={() => submit('out')} disabled={busy}>
            {tr('checkin.out')}
          </Btn>
        </View>
      </View>
      <Text className="block muted small">{tr('checkin.location')}</Text>
    </View>
  );
}
