import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import { confirmable, reviewLineView, sortForReview, toggleSelection } from '../../../../logic/review';
import { adjustAttendance, confirmAttendance, getReview } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { AttendanceDto } from '../../../../services/types';

/** Exceptions first; plain lines can be confirmed many at once; an exception needs minutes and a reason. */
export default function Review() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const activityId = router.params.activityId ? Number(router.params.activityId) : undefined;
  const [items, setItems] = useState<AttendanceDto[] | null>(null);
  const [exceptions, setExceptions] = useState(0);
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await getReview(activityId);
      const sorted = sortForReview(r.items);
      setItems(sorted);
      setExceptions(r.exceptions);
      setSelected(confirmable(sorted));
    } catch (e) {
      showError(e);
    }
  }, [activityId]);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const confirmSelected = async () => {
    if (selected.length === 0) return;
    setBusy(true);
    try {
      const r = await confirmAttendance(selected);
      showOk(tr('officer.review.confirmed', { n: r.confirmed.length }));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const startEdit = (a: AttendanceDto) => {
    setEditing(a.id);
    setMinutes(String(a.presentMinutes || a.proposedMinutes || ''));
    setReason('');
  };

  const saveAdjust = async (id: number) => {
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 0) {
      Taro.showToast({ title: tr('officer.review.needMinutes'), icon: 'none' });
      return;
    }
    if (!reason.trim()) {
      Taro.showToast({ title: tr('officer.review.needReason'), icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const r = await adjustAttendance(id, m, reason.trim());
      showOk(tr('officer.review.credited', { v: r.points }));
      setEditing(null);
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const open = (items ?? []).filter((a) => a.status !== 'confirmed');
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('officer.review.title')}</Text>
      <Text className="block muted">{tr('officer.review.summary', { open: open.length, exceptions })}</Text>
      <View className="gap" />
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {items && items.length === 0 ? (
        <Empty title={tr('officer.review.empty')} hint={tr('officer.review.emptyHint')} />
      ) : null}
      {(items ?? []).map((a) => {
        const v = reviewLineView(a, lang);
        const on = selected.includes(a.id);
        return (
          <View className={`card ${v.exception ? 'card--warn' : ''}`} key={a.id}>
            <View className="row row--start">
              {!v.confirmed && !v.exception ? (
                <View
                  className={`checkbox ${on ? 'checkbox--on' : ''}`}
                  onClick={() => setSelected((s) => toggleSelection(s, a.id))}
                >
                  {on ? '✓' : ''}
                </View>
              ) : null}
              <View className="spacer">
                <Text className="h2">{v.name}</Text>
                <Text className="block muted small">{v.activityTitle}</Text>
              </View>
            </View>
            <Text className="block">{v.times}</Text>
            <View className="row row--start">
              {v.flags.map((f) => (
                <Text className="tag tag--amber" key={f}>
                  {f}
                </Text>
              ))}
            </View>
            <Text className="block strong">{v.proposal}</Text>
            {!v.confirmed && editing !== a.id ? (
              <Btn kind={v.exception ? 'primary' : 'secondary'} small onClick={() => startEdit(a)}>
                {v.exception ? tr('officer.review.settle') : tr('officer.review.adjust')}
              </Btn>
            ) : null}
            {editing === a.id ? (
              <View>
                <TextField
                  label={tr('officer.review.minutes')}
                  type="number"
                  value={minutes}
                  onInput={setMinutes}
                />
                <TextField
                  label={tr('officer.review.reason')}
                  value={reason}
                  placeholder={tr('officer.review.reasonHint')}
                  onInput={setReason}
                />
                <View className="btn-row">
                  <Btn small onClick={() => saveAdjust(a.id)} disabled={busy}>
                    {tr('officer.review.save')}
                  </Btn>
                  <Btn kind="plain" small onClick={() => setEditing(null)}>
                    {tr('common.cancel')}
                  </Btn>
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
      {open.length > 0 ? (
        <Btn onClick={confirmSelected} disabled={busy || selected.length === 0}>
          {tr('officer.review.confirmSelected', { n: selected.length })}
        </Btn>
      ) : null}
    </View>
  );
}
