import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Empty } from '../../../../components/Empty';
import { Stat } from '../../../../components/Stat';
import { formatDateTime } from '../../../../logic/format';
import { type DigitalStatsDto, monthBars, topicRows } from '../../../../logic/products';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { getDigitalSkillsStats } from '../../../../services/products';
import { requireSession } from '../../../../services/session';

/** 数字技能帮扶: sessions, people and hours over twelve months, by month, topic and community. */
export default function DigitalSkills() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [d, setD] = useState<DigitalStatsDto | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setD(await getDigitalSkillsStats());
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const bars = d ? monthBars(d.byMonth, lang) : [];
  const topics = d ? topicRows(d.byTopic, lang) : [];

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('digital.title')}</Text>
      {d ? (
        <Text className="block muted small">
          {tr('digital.period', { from: d.from, to: d.to })} · {formatDateTime(d.generatedAt)}
        </Text>
      ) : null}
      {!d && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('digital.loadFailed')} hint={error} /> : null}
      {d && d.totals.sessions === 0 ? <Empty title={tr('digital.none')} hint={tr('digital.hint')} /> : null}
      {d && d.totals.sessions > 0 ? (
        <View>
          <View className="card">
            <View className="stats">
              <Stat value={d.totals.sessions} label={tr('digital.sessions')} />
              <Stat value={d.totals.courses} label={tr('digital.courses')} />
              <Stat value={d.totals.people} label={tr('digital.people')} />
            </View>
            <View className="stats">
              <Stat value={d.totals.attendances} label={tr('digital.attendances')} />
              <Stat value={d.totals.hours} label={tr('digital.hours')} />
            </View>
          </View>

          <View className="card">
            <Text className="h2">{tr('digital.byMonth')}</Text>
            <View className="bars">
              {bars.map((b) => (
                <View className="bars__col" key={b.key}>
                  <Text className="bars__value">{b.valueText}</Text>
                  <View className="bars__bar" style={{ height: `${b.heightPct}%` }} />
                </View>
              ))}
            </View>
            <View className="bars__labels">
              {bars.map((b) => (
                <Text className="bars__label" key={b.key}>
                  {b.label}
                </Text>
              ))}
            </View>
          </View>

          <View className="card">
            <Text className="h2">{tr('digital.byTopic')}</Text>
            {topics.map((r) => (
              <View className="line" key={r.topic}>
                <View className="row">
                  <Text className="strong">{r.label}</Text>
                  <Text className="muted">{r.sharePct}%</Text>
                </View>
                <Text className="block small">
                  {tr('digital.topicRow', { s: r.sessions, p: r.people, h: r.hours })}
                </Text>
              </View>
            ))}
          </View>

          {d.byCommunity.length > 1 ? (
            <View className="card">
              <Text className="h2">{tr('digital.byCommunity')}</Text>
              {d.byCommunity.map((c) => (
                <View className="line" key={c.community.id}>
                  <Text className="strong">{c.community.name}</Text>
                  <Text className="block small">
                    {tr('digital.topicRow', { s: c.sessions, p: c.people, h: c.hours })}
                  </Text>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
