import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { buttonA11y } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { Stat } from '../../../../components/Stat';
import {
  type DistrictRow,
  districtRows,
  formatRate,
  hoursBars,
  tallyRows,
  totalHours,
} from '../../../../logic/dashboard';
import { communityLinks, communityParam } from '../../../../logic/district';
import { formatDateTime } from '../../../../logic/format';
import { CERTIFICATE_STATUS, inLang, MERCHANT_STATUS } from '../../../../logic/labels';
import { getDashboard, getDistrictDashboard } from '../../../../services/api';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { DashboardDto } from '../../../../services/types';

/** 社区概况: volunteers, hours by week (bars of plain views), activities, certificates, shops, cases. */
export default function Dashboard() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [d, setD] = useState<DashboardDto | null>(null);
  const [error, setError] = useState('');
  /** A district administrator also sees the district's communities side by side. */
  const [district, setDistrict] = useState<DistrictRow[] | null>(null);
  const router = useRouter();
  /** A district administrator opens any community of the district (?communityId=). */
  const communityId = communityParam(router.params);

  const load = useCallback(
    async (isDistrictAdmin: boolean) => {
      try {
        const [mine, all] = await Promise.all([
          getDashboard(communityId),
          isDistrictAdmin && communityId === undefined ? getDistrictDashboard() : Promise.resolve(null),
        ]);
        setD(mine);
        setDistrict(all ? districtRows(all.communities) : null);
        setError('');
      } catch (e) {
        setError(messageFor(e));
      }
    },
    [communityId],
  );
  const [isDistrictAdmin, setIsDistrictAdmin] = useState(false);

  useDidShow(() => {
    const s = requireSession(['officer', 'district_admin']);
    if (!s) return;
    setIsDistrictAdmin(s.user.role === 'district_admin');
    load(s.user.role === 'district_admin');
  });
  usePullDownRefresh(async () => {
    await load(isDistrictAdmin);
    Taro.stopPullDownRefresh();
  });

  const bars = d ? hoursBars(d.service.byWeek) : [];

  return (
    <View className={pageClass(large)}>
      <Text className="h1">
        {d ? tr('officer.dash.titleOf', { v: d.community.name }) : tr('officer.dash.title')}
      </Text>
      {d ? (
        <Text className="block muted small">
          {tr('officer.dash.updated', { v: formatDateTime(d.generatedAt) })}
        </Text>
      ) : null}
      {!d && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('officer.dash.loadFailed')} hint={error} /> : null}
      {d ? (
        <View>
          <View className="card">
            <Text className="h2">{tr('officer.dash.volunteers')}</Text>
            <View className="stats">
              <Stat value={d.volunteers.registered} label={tr('officer.dash.registered')} />
              <Stat value={d.volunteers.active30d} label={tr('officer.dash.active30')} />
              <Stat value={d.volunteers.active90d} label={tr('officer.dash.active90')} />
            </View>
          </View>

          <View className="card">
            <Text className="h2">{tr('officer.dash.hoursByWeek')}</Text>
            {bars.length === 0 ? (
              <Text className="muted">{tr('officer.dash.noHours')}</Text>
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
                  {tr('officer.dash.totalHours', { v: totalHours(d.service.byWeek) })}
                </Text>
              </View>
            )}
          </View>

          <View className="card">
            <Text className="h2">{tr('officer.dash.activities90')}</Text>
            <View className="stats">
              <Stat value={d.activities.held90d} label={tr('officer.dash.held')} />
              <Stat
                value={`${d.activities.attended90d}/${d.activities.enrolled90d}`}
                label={tr('officer.dash.attendedEnrolled')}
              />
              <Stat value={formatRate(d.activities.attendanceRate)} label={tr('officer.dash.rate')} />
            </View>
            <Text className="block muted small">
              {tr('officer.dash.digital', { v: d.activities.digitalSkillsHeld90d })}
            </Text>
            <Text
              className="block link"
              onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/digital/index' })}
            >
              {tr('digital.entry')} ›
            </Text>
          </View>

          <View className="card">
            <Text className="h2">{tr('officer.dash.certificates')}</Text>
            <View className="stats">
              {tallyRows(d.certificates, inLang(CERTIFICATE_STATUS, lang)).map((r) => (
                <Stat key={r.status} value={r.n} label={r.label} />
              ))}
            </View>
          </View>

          <View className="card">
            <Text className="h2">{tr('officer.dash.merchants')}</Text>
            {tallyRows(d.merchants, inLang(MERCHANT_STATUS, lang)).map((r) => (
              <View className="row" key={r.status}>
                <Text>{r.label}</Text>
                <Text className="strong">{r.n}</Text>
              </View>
            ))}
            {d.merchantChecks90d.length > 0 ? (
              <View>
                <View className="gap" />
                <Text className="strong">{tr('officer.dash.checks90')}</Text>
                {d.merchantChecks90d.map((m) => (
                  <View className="row" key={m.merchantId}>
                    <Text className="small">{m.name}</Text>
                    <Text className="small muted">
                      {tr('officer.dash.checksLine', {
                        checks: m.checks,
                        discounts: m.discounts,
                        saving: m.savingTotal,
                      })}
                    </Text>
                  </View>
                ))}
              </View>
            ) : null}
          </View>

          <View className={`card ${d.openCases > 0 ? 'card--warn' : ''}`}>
            <View className="row">
              <Text className="h2">{tr('officer.dash.openCases')}</Text>
              <Text className="stat__value">{d.openCases}</Text>
            </View>
            {d.openCases > 0 ? (
              <Text
                className="link"
                onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/cases/index' })}
              >
                {tr('officer.dash.goCases')}
              </Text>
            ) : null}
          </View>

          {district && district.length > 0 ? (
            <View className="card">
              <Text className="h2">{tr('officer.dash.district')}</Text>
              <Text className="block muted small">{tr('officer.dash.districtHint')}</Text>
              {district.map((r) => (
                <View
                  className="line line--tap"
                  key={r.id}
                  onClick={() => Taro.navigateTo({ url: communityLinks(r)[0]!.url })}
                  {...buttonA11y(false)}
                >
                  <Text className="block strong">{r.name}</Text>
                  <View className="hbar">
                    <View className="hbar__fill" style={{ width: `${Math.max(r.widthPct, 1)}%` }} />
                  </View>
                  <Text className="block small">
                    {tr('officer.dash.districtRow', {
                      hours: r.hoursText,
                      registered: r.registered,
                      active: r.active30d,
                      rate: r.rate,
                    })}
                  </Text>
                  <Text className="block small muted">
                    {tr('officer.dash.districtRow2', {
                      certs: r.certificates,
                      shops: r.merchants,
                      cases: r.openCases,
                    })}
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
