import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn, buttonA11y } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { PrefsCard } from '../../../../components/PrefsCard';
import { type DistrictRow, districtRows } from '../../../../logic/dashboard';
import { communityLinks, districtTotals } from '../../../../logic/district';
import { formatDateTime } from '../../../../logic/format';
import { OFFICER_HOME } from '../../../../logic/session';
import { getDistrictDashboard, getPending } from '../../../../services/api';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { DashboardPendingDto } from '../../../../services/types';

/** 街道工作台: the district administrator's home — every community side by side, each one a tap away. */
export default function DistrictHome() {
  const [large, setLarge] = useLargeType();
  const { tr, lang, setLang } = useLang();
  const [name, setName] = useState('');
  const [rows, setRows] = useState<DistrictRow[] | null>(null);
  const [generatedAt, setGeneratedAt] = useState('');
  const [pending, setPending] = useState<Record<number, DashboardPendingDto>>({});
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const d = await getDistrictDashboard();
      const r = districtRows(d.communities);
      setRows(r);
      setGeneratedAt(d.generatedAt);
      setError('');
      // what waits in each community, fetched side by side; a failure leaves that card without it
      const counts = await Promise.all(r.map((c) => getPending(c.id).catch(() => null)));
      const byId: Record<number, DashboardPendingDto> = {};
      counts.forEach((p, i) => {
        const row = r[i];
        if (p && row) byId[row.id] = p;
      });
      setPending(byId);
    } catch (e) {
      setRows([]);
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    const s = requireSession(['district_admin']);
    if (!s) return;
    setName(s.user.displayName);
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const totals = districtTotals(rows ?? []);
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name ? tr('district.hello', { name }) : tr('district.title')}</Text>
      <Text className="block muted">{tr('district.intro')}</Text>
      {generatedAt ? (
        <Text className="block muted small">
          {tr('officer.dash.updated', { v: formatDateTime(generatedAt) })}
        </Text>
      ) : null}
      {rows === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? (
        <View>
          <Empty title={tr('district.loadFailed')} hint={error} />
          <Btn kind="secondary" onClick={load}>
            {tr('common.retry')}
          </Btn>
        </View>
      ) : null}
      {rows && rows.length === 0 && !error ? <Empty title={tr('district.empty')} /> : null}
      {rows && rows.length > 0 ? (
        <View className="card">
          <Text className="block strong">
            {tr('district.totals', {
              c: totals.communities,
              r: totals.registered,
              a: totals.active30d,
              h: totals.hours,
              m: totals.merchants,
              o: totals.openCases,
            })}
          </Text>
        </View>
      ) : null}
      <View className="district-grid">
        {(rows ?? []).map((r) => {
          const links = communityLinks(r);
          const p = pending[r.id];
          return (
            <View className={`card district-card ${r.openCases > 0 ? 'card--warn' : ''}`} key={r.id}>
              <View
                className="district-card__head"
                onClick={() => Taro.navigateTo({ url: links[0]!.url })}
                {...buttonA11y(false)}
              >
                <Text className="h2">{r.name}</Text>
                <Text className="stat__value">{tr('district.hours', { v: r.hoursText })}</Text>
                <View className="hbar">
                  <View className="hbar__fill" style={{ width: `${Math.max(r.widthPct, 1)}%` }} />
                </View>
              </View>
              <Text className="block small">
                {tr('district.card', { registered: r.registered, active: r.active30d, rate: r.rate })}
              </Text>
              <Text className="block small">
                {tr('district.card2', { c: r.certificates, m: r.merchants, o: r.openCases })}
              </Text>
              {p ? (
                <Text className="block small muted">
                  {tr('district.pending', { r: p.review, a: p.applications, p: p.appeals })}
                </Text>
              ) : null}
              <View className="chips">
                {links.map((l) => (
                  <View
                    className="chip"
                    key={l.key}
                    onClick={() => Taro.navigateTo({ url: l.url })}
                    {...buttonA11y(false, `${r.name} · ${tr(l.key)}`)}
                  >
                    {tr(l.key)}
                  </View>
                ))}
              </View>
            </View>
          );
        })}
      </View>
      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/audit/index' })}>
        {tr('district.audit')}
      </Btn>
      <Btn kind="plain" onClick={() => Taro.navigateTo({ url: OFFICER_HOME })}>
        {tr('district.desk')}
      </Btn>
      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
      <Btn kind="plain" onClick={signOut}>
        {tr('common.signOut')}
      </Btn>
    </View>
  );
}
