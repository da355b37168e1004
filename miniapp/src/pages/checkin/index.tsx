import { Text, Textarea, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/Btn';
import { flagLabels, formatClock, formatTimeRange } from '../../logic/format';
import { checkIn, checkOut, listActivities } from '../../services/api';
import { isWeapp, locate, scan } from '../../services/device';
import { messageFor } from '../../services/errors';
import { pageClass, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { ActivityDto, CheckinResultDto } from '../../services/types';

type Outcome = { ok: true; kind: 'in' | 'out'; result: CheckinResultDto } | { ok: false; message: string };

export default function Checkin() {
  const [large] = useLargeType();
  const [mine, setMine] = useState<ActivityDto[]>([]);
  const [activityId, setActivityId] = useState<number | undefined>(undefined);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
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
      setOutcome({ ok: false, message: isWeapp ? '请扫描活动现场的签到码' : '请先粘贴或输入签到码' });
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
    } catch (e) {
      setOutcome({ ok: false, message: messageFor(e) });
    } finally {
      setBusy(false);
    }
  };

  const scanAnd = async (kind: 'in' | 'out') => {
    const value = await scan();
    if (value) await submit(kind, value);
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">活动签到</Text>
      <Text className="block muted">到达活动现场后，扫描社区干部手机上的签到码。离开时再扫一次签退。</Text>
      <View className="gap" />

      {mine.length > 0 ? (
        <View className="card">
          <Text className="h2">我报名的活动</Text>
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

      {outcome ? (
        outcome.ok ? (
          <View className="result result--ok">
            <Text className="result__big">{outcome.kind === 'in' ? '签到成功' : '签退成功'}</Text>
            <Text className="block">{outcome.result.activity.title}</Text>
            <Text className="block">
              {outcome.kind === 'in'
                ? `签到时间 ${formatClock(outcome.result.checkInAt ?? Date.now())}`
                : `签退时间 ${formatClock(outcome.result.checkOutAt ?? Date.now())}`}
            </Text>
            {outcome.kind === 'out' && outcome.result.flags.length > 0 ? (
              <Text className="block small">
                需社区确认：{outcome.result.flags.map((f) => flagLabels[f] ?? f).join('、')}
              </Text>
            ) : null}
            {outcome.kind === 'out' ? (
              <Text className="block small">社区干部确认后，积分会记入您的时间银行</Text>
            ) : null}
          </View>
        ) : (
          <View className="result result--bad">
            <Text className="result__big">没有成功</Text>
            <Text className="block">{outcome.message}</Text>
          </View>
        )
      ) : null}

      {isWeapp ? (
        <View className="card">
          <Btn onClick={() => scanAnd('in')} disabled={busy}>
            扫码签到
          </Btn>
          <Btn kind="secondary" onClick={() => scanAnd('out')} disabled={busy}>
            扫码签退
          </Btn>
        </View>
      ) : (
        <View className="card">
          <Text className="field__label">签到码</Text>
          <Textarea
            className="textarea"
            value={code}
            maxlength={2000}
            placeholder="粘贴或输入社区干部屏幕上的签到码"
            onInput={(e) => setCode(e.detail.value)}
          />
          <View className="btn-row">
            <Btn onClick={() => submit('in')} disabled={busy}>
              签到
            </Btn>
            <Btn kind="secondary" onClick={() => submit('out')} disabled={busy}>
              签退
            </Btn>
          </View>
        </View>
      )}
      <Text className="block muted small">
        签到时会读取您的位置，用于确认您在活动现场；不授权也能签到，但需社区核对。
      </Text>
    </View>
  );
}
