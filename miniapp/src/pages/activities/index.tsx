import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { categoryLabels, formatPoints, formatTimeRange } from '../../logic/format';
import { cancelEnrolment, enrol, listActivities } from '../../services/api';
import { messageFor, showError, showOk } from '../../services/errors';
import { pageClass, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { ActivityDto } from '../../services/types';

export default function Activities() {
  const [large] = useLargeType();
  const [name, setName] = useState('');
  const [items, setItems] = useState<ActivityDto[] | null>(null);
  const [error, setError] = useState('');
  const [busyId, setBusyId] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await listActivities({ status: 'upcoming' });
      setItems(r.activities);
      setError('');
    } catch (e) {
      setError(messageFor(e));
      showError(e);
    }
  }, []);

  useDidShow(() => {
    const s = requireSession(['volunteer']);
    if (!s) return;
    setName(s.user.displayName);
    load();
  });

  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const replace = (a: ActivityDto) => setItems((list) => (list ?? []).map((x) => (x.id === a.id ? a : x)));

  const join = async (a: ActivityDto) => {
    setBusyId(a.id);
    try {
      replace(await enrol(a.id));
      showOk('报名成功');
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  const leave = async (a: ActivityDto) => {
    const { confirm } = await Taro.showModal({
      title: '取消报名',
      content: `确定不参加「${a.title}」了吗？名额会留给其他志愿者。`,
      confirmText: '取消报名',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusyId(a.id);
    try {
      replace(await cancelEnrolment(a.id));
      showOk('已取消报名');
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name ? `${name}，您好` : '志愿活动'}</Text>
      <Text className="block muted">近期活动 · 下拉可刷新</Text>
      <View className="gap" />
      {items === null && !error ? <Text className="muted">正在加载…</Text> : null}
      {error && items === null ? <Empty title="暂时无法加载活动" hint={error} /> : null}
      {items && items.length === 0 ? (
        <Empty title="近期没有活动" hint="社区发布新活动后会显示在这里，下拉刷新看看" />
      ) : null}
      {(items ?? []).map((a) => (
        <View className="card" key={a.id}>
          <View className="row row--start">
            <Text className="tag">{categoryLabels[a.category] ?? a.category}</Text>
            {a.enrolled ? <Text className="tag tag--green">已报名</Text> : null}
            {a.placesLeft === 0 && !a.enrolled ? <Text className="tag tag--grey">名额已满</Text> : null}
          </View>
          <Text className="h2">{a.title}</Text>
          <Text className="block">时间：{formatTimeRange(a.startsAt, a.endsAt)}</Text>
          <Text className="block">地点：{a.place.name}</Text>
          <Text className="block muted">
            剩余 {a.placesLeft} 个名额（共 {a.capacity}）· 每小时 {formatPoints(a.pointsPerHour)} 积分
          </Text>
          {a.description ? <Text className="block muted small">{a.description}</Text> : null}
          {a.enrolled ? (
            <Btn kind="danger" small onClick={() => leave(a)} disabled={busyId === a.id}>
              取消报名
            </Btn>
          ) : (
            <Btn onClick={() => join(a)} disabled={busyId === a.id || a.placesLeft === 0}>
              {a.placesLeft === 0 ? '名额已满' : '我要报名'}
            </Btn>
          )}
        </View>
      ))}
    </View>
  );
}
