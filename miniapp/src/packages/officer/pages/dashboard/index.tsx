import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Empty } from '../../../../components/Empty';
import { formatRate, hoursBars, tallyRows, totalHours } from '../../../../logic/dashboard';
import { certificateStatusLabels, formatDateTime } from '../../../../logic/format';
import { merchantStatusLabels } from '../../../../logic/merchantAdmin';
import { getDashboard } from '../../../../services/api';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { DashboardDto } from '../../../../services/types';

function Stat({ value, label }: { value: string | number; label: string }) {
  return (
    <View>
      <Text className="stat__value">{value}</Text>
      <Text className="stat__label">{label}</Text>
    </View>
  );
}

/** 社区概况: volunteers, hours by week (bars of plain views), activities, certificates, shops, cases. */
export default function Dashboard() {
  const [large] = useLargeType();
  const [d, setD] = useState<DashboardDto | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setD(await getDashboard());
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

  const bars = d ? hoursBars(d.service.byWeek) : [];

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{d ? `${d.community.name} · 概况` : '社区概况'}</Text>
      {d ? <Text className="block muted small">更新于 {formatDateTime(d.generatedAt)}</Text> : null}
      {!d && !error ? <Text className="muted">正在加载…</Text> : null}
      {error ? <Empty title="暂时无法加载概况" hint={error} /> : null}
      {d ? (
        <View>
          <View className="card">
            <Text className="h2">志愿者</Text>
            <View className="stats">
              <Stat value={d.volunteers.registered} label="已注册" />
              <Stat value={d.volunteers.active30d} label="近30天活跃" />
              <Stat value={d.volunteers.active90d} label="近90天活跃" />
            </View>
          </View>

          <View className="card">
            <Text className="h2">每周服务时长（小时）</Text>
            {bars.length === 0 ? (
              <Text className="muted">还没有确认的服务时长</Text>
            ) : (
              <View>
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
                <Text className="block muted small">
                  共 {totalHours(d.service.byWeek)} 小时（按周起始日）
                </Text>
              </View>
            )}
          </View>

          <View className="card">
            <Text className="h2">近90天活动</Text>
            <View className="stats">
              <Stat value={d.activities.held90d} label="举办活动" />
              <Stat value={`${d.activities.attended90d}/${d.activities.enrolled90d}`} label="到场/报名" />
              <Stat value={formatRate(d.activities.attendanceRate)} label="到场率" />
            </View>
            <Text className="block muted small">
              其中数字技能类活动 {d.activities.digitalSkillsHeld90d} 场
            </Text>
          </View>

          <View className="card">
            <Text className="h2">志愿者证书</Text>
            <View className="stats">
              {tallyRows(d.certificates, certificateStatusLabels).map((r) => (
                <Stat key={r.status} value={r.n} label={r.label} />
              ))}
            </View>
          </View>

          <View className="card">
            <Text className="h2">联盟商家</Text>
            {tallyRows(d.merchants, merchantStatusLabels).map((r) => (
              <View className="row" key={r.status}>
                <Text>{r.label}</Text>
                <Text className="strong">{r.n}</Text>
              </View>
            ))}
            {d.merchantChecks90d.length > 0 ? (
              <View>
                <View className="gap" />
                <Text className="strong">近90天核验与优惠</Text>
                {d.merchantChecks90d.map((m) => (
                  <View className="row" key={m.merchantId}>
                    <Text className="small">{m.name}</Text>
                    <Text className="small muted">
                      核验 {m.checks} · 优惠 {m.discounts} 次 · {m.savingTotal} 元
                    </Text>
                  </View>
                ))}
              </View>
            ) : null}
          </View>

          <View className={`card ${d.openCases > 0 ? 'card--warn' : ''}`}>
            <View className="row">
              <Text className="h2">待处理投诉</Text>
              <Text className="stat__value">{d.openCases}</Text>
            </View>
            {d.openCases > 0 ? (
              <Text
                className="link"
                onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/cases/index' })}
              >
                去处理
              </Text>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  );
}
