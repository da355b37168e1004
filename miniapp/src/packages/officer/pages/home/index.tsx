import { Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { isLive, sortForOfficer } from '../../../../logic/activities';
import { categoryLabels, formatTimeRange } from '../../../../logic/format';
import { DASHBOARD_PAGE } from '../../../../logic/session';
import { listActivities, publishActivity } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { ActivityDto } from '../../../../services/types';

const statusLabels: Record<string, string> = { draft: '草稿', published: '已发布', cancelled: '已取消' };

export default function OfficerHome() {
  const [large, setLarge] = useLargeType();
  const [name, setName] = useState('');
  const [items, setItems] = useState<ActivityDto[] | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await listActivities({ limit: 100 });
      setItems(sortForOfficer(r.activities, Date.now()));
    } catch (e) {
      showError(e);
    }
  }, []);

  useDidShow(() => {
    const s = requireSession(['officer', 'district_admin']);
    if (!s) return;
    setName(s.user.displayName);
    load();
  });

  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const publish = async (a: ActivityDto) => {
    try {
      await publishActivity(a.id);
      showOk('已发布');
      load();
    } catch (e) {
      showError(e);
    }
  };

  const now = Date.now();
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name ? `${name}，您好` : '社区干部工作台'}</Text>
      <View className="btn-row">
        <Btn onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/create/index' })}>新建活动</Btn>
        <Btn
          kind="secondary"
          onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/review/index' })}
        >
          签到审核
        </Btn>
      </View>
      <View className="btn-row">
        <Btn
          kind="secondary"
          small
          onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/merchants/index' })}
        >
          商家管理
        </Btn>
        <Btn
          kind="secondary"
          small
          onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/certificates/index' })}
        >
          证书管理
        </Btn>
        <Btn
          kind="secondary"
          small
          onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/cases/index' })}
        >
          投诉处理
        </Btn>
      </View>
      <Btn kind="plain" onClick={() => Taro.navigateTo({ url: DASHBOARD_PAGE })}>
        社区概况 · 数据看板
      </Btn>
      <View className="gap" />
      {items === null ? <Text className="muted">正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <Empty title="还没有活动" hint="点「新建活动」发布第一个志愿活动" />
      ) : null}
      {(items ?? []).map((a) => {
        const live = isLive(a, now);
        return (
          <View className={`card ${live ? 'card--warn' : ''}`} key={a.id}>
            <View className="row row--start">
              <Text className="tag">{categoryLabels[a.category] ?? a.category}</Text>
              <Text className={`tag ${a.status === 'published' ? 'tag--green' : 'tag--grey'}`}>
                {statusLabels[a.status] ?? a.status}
              </Text>
              {live ? <Text className="tag tag--amber">正在签到</Text> : null}
            </View>
            <Text className="h2">{a.title}</Text>
            <Text className="block">时间：{formatTimeRange(a.startsAt, a.endsAt)}</Text>
            <Text className="block">地点：{a.place.name}</Text>
            <Text className="block muted">
              已报名 {a.enrolledCount} / {a.capacity}
            </Text>
            {a.status === 'draft' ? (
              <Btn small onClick={() => publish(a)}>
                发布活动
              </Btn>
            ) : null}
            {live ? (
              <Btn onClick={() => Taro.navigateTo({ url: `/packages/officer/pages/code/index?id=${a.id}` })}>
                显示签到码
              </Btn>
            ) : null}
            {a.status === 'published' ? (
              <Btn
                kind="secondary"
                small
                onClick={() =>
                  Taro.navigateTo({ url: `/packages/officer/pages/review/index?activityId=${a.id}` })
                }
              >
                审核本活动签到
              </Btn>
            ) : null}
          </View>
        );
      })}
      <View className="card row">
        <Text>大字模式</Text>
        <Switch checked={large} color="#c8102e" onChange={(e) => setLarge(e.detail.value)} />
      </View>
      <Btn kind="plain" onClick={signOut}>
        退出登录
      </Btn>
    </View>
  );
}
