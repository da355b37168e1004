import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { confirmable, reviewLineView, sortForReview, toggleSelection } from '../../../../logic/review';
import { adjustAttendance, confirmAttendance, getReview } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { AttendanceDto } from '../../../../services/types';

/** Exceptions first; plain lines can be confirmed many at once; an exception needs minutes and a reason. */
export default function Review() {
  const [large] = useLargeType();
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
      showOk(`已确认 ${r.confirmed.length} 条`);
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
      Taro.showToast({ title: '请填写时长（分钟）', icon: 'none' });
      return;
    }
    if (!reason.trim()) {
      Taro.showToast({ title: '请填写原因', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const r = await adjustAttendance(id, m, reason.trim());
      showOk(`已记录 ${r.points} 积分`);
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
      <Text className="h1">签到审核</Text>
      <Text className="block muted">
        待审核 {open.length} 条，其中需要处理的异常 {exceptions} 条（排在最前）
      </Text>
      <View className="gap" />
      {items === null ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <Empty title="没有待审核的签到" hint="志愿者签到签退后会出现在这里" />
      ) : null}
      {(items ?? []).map((a) => {
        const v = reviewLineView(a);
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
                {v.exception ? '处理：确定时长' : '调整时长'}
              </Btn>
            ) : null}
            {editing === a.id ? (
              <View>
                <View className="field">
                  <Text className="field__label">认定时长（分钟）</Text>
                  <Input
                    className="input"
                    type="number"
                    value={minutes}
                    onInput={(e) => setMinutes(e.detail.value)}
                  />
                </View>
                <View className="field">
                  <Text className="field__label">原因（志愿者能看到）</Text>
                  <Input
                    className="input"
                    value={reason}
                    placeholder="如：提前离开但完成了清扫"
                    onInput={(e) => setReason(e.detail.value)}
                  />
                </View>
                <View className="btn-row">
                  <Btn small onClick={() => saveAdjust(a.id)} disabled={busy}>
                    确定并记分
                  </Btn>
                  <Btn kind="plain" small onClick={() => setEditing(null)}>
                    取消
                  </Btn>
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
      {open.length > 0 ? (
        <Btn onClick={confirmSelected} disabled={busy || selected.length === 0}>
          确认所选（{selected.length} 条）
        </Btn>
      ) : null}
    </View>
  );
}
