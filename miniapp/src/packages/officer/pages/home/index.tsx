import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { PrefsCard } from '../../../../components/PrefsCard';
import { canPublish, isLive, sortForOfficer } from '../../../../logic/activities';
import { formatTimeRange } from '../../../../logic/format';
import type { I18nKey } from '../../../../logic/i18n';
import { ACTIVITY_CATEGORY, labelOf } from '../../../../logic/labels';
import { DASHBOARD_PAGE } from '../../../../logic/session';
import { getPending, listActivities, publishActivity } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { ActivityDto, DashboardPendingDto } from '../../../../services/types';

const OFFICER = '/packages/officer/pages';

/** The desk's tiles, in the order officers use them: this week's work first, reports last. */
const TILES: { key: I18nKey; url: string; pending?: keyof Omit<DashboardPendingDto, 'communityId'> }[] = [
  { key: 'officer.home.review', url: `${OFFICER}/review/index`, pending: 'review' },
  { key: 'officer.home.merchants', url: `${OFFICER}/merchants/index`, pending: 'applications' },
  { key: 'changes.title', url: `${OFFICER}/merchant-changes/index` },
  { key: 'officer.home.certificates', url: `${OFFICER}/certificates/index`, pending: 'appeals' },
  { key: 'officer.home.cases', url: `${OFFICER}/cases/index`, pending: 'cases' },
  { key: 'pchanges.entry', url: `${OFFICER}/profile-changes/index`, pending: 'profileChanges' },
  { key: 'hh.home.entry', url: `${OFFICER}/households/index` },
  { key: 'mv.pool.entry', url: `${OFFICER}/pool/index` },
  { key: 'challenges.officer.title', url: `${OFFICER}/challenges/index` },
  { key: 'officer.home.dashboard', url: DASHBOARD_PAGE },
  { key: 'ops.home.exports', url: `${OFFICER}/exports/index` },
  { key: 'ops.home.records', url: `${OFFICER}/records/index` },
  { key: 'ops.home.audit', url: `${OFFICER}/audit/index` },
  { key: 'acceptance.entry', url: `${OFFICER}/acceptance/index` },
];

const STATUS_KEYS: Record<string, I18nKey> = {
  draft: 'officer.status.draft',
  published: 'officer.status.published',
  cancelled: 'officer.status.cancelled',
};

export default function OfficerHome() {
  const [large, setLarge] = useLargeType();
  const { tr, lang, setLang } = useLang();
  const [name, setName] = useState('');
  const [items, setItems] = useState<ActivityDto[] | null>(null);
  const [pending, setPending] = useState<DashboardPendingDto | null>(null);

  const load = useCallback(async () => {
    getPending()
      .then(setPending)
      .catch(() => setPending(null));
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
      showOk(tr('officer.home.published'));
      load();
    } catch (e) {
      showError(e);
    }
  };

  const now = Date.now();
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name ? tr('officer.home.hello', { name }) : tr('officer.home.title')}</Text>
      <Btn onClick={() => Taro.navigateTo({ url: `${OFFICER}/create/index` })}>
        {tr('officer.home.create')}
      </Btn>
      <View className="tiles">
        {TILES.map((tile) => (
          <View className="tile" key={tile.url} onClick={() => Taro.navigateTo({ url: tile.url })}>
            <Text className="tile__label">{tr(tile.key)}</Text>
            {tile.pending && pending && pending[tile.pending] > 0 ? (
              <Text className="tile__count">{tr('officer.home.pending', { n: pending[tile.pending] })}</Text>
            ) : null}
          </View>
        ))}
      </View>
      <View className="gap" />
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {items && items.length === 0 ? (
        <Empty title={tr('officer.home.empty')} hint={tr('officer.home.emptyHint')} />
      ) : null}
      {(items ?? []).map((a) => {
        const live = isLive(a, now);
        return (
          <View className={`card ${live ? 'card--warn' : ''}`} key={a.id}>
            <View className="row row--start">
              <Text className="tag">{labelOf(ACTIVITY_CATEGORY, a.category, lang)}</Text>
              <Text className={`tag ${a.status === 'published' ? 'tag--green' : 'tag--grey'}`}>
                {STATUS_KEYS[a.status] ? tr(STATUS_KEYS[a.status]!) : a.status}
              </Text>
              {live ? <Text className="tag tag--amber">{tr('officer.home.live')}</Text> : null}
            </View>
            <Text className="h2">{a.title}</Text>
            <Text className="block">{tr('common.time', { v: formatTimeRange(a.startsAt, a.endsAt) })}</Text>
            <Text className="block">{tr('common.place', { v: a.place.name })}</Text>
            <Text className="block muted">
              {tr('officer.home.enrolled', { n: a.enrolledCount, cap: a.capacity })}
            </Text>
            {canPublish(a) ? (
              <Btn small onClick={() => publish(a)}>
                {tr('officer.home.publish')}
              </Btn>
            ) : null}
            {live ? (
              <Btn onClick={() => Taro.navigateTo({ url: `${OFFICER}/code/index?id=${a.id}` })}>
                {tr('officer.home.showCode')}
              </Btn>
            ) : null}
            {a.status !== 'cancelled' && Date.parse(a.endsAt) > now ? (
              <Btn
                kind="plain"
                small
                onClick={() => Taro.navigateTo({ url: `${OFFICER}/create/index?id=${a.id}` })}
              >
                {tr('officer.edit.open')}
              </Btn>
            ) : null}
            {a.status === 'published' ? (
              <Btn
                kind="secondary"
                small
                onClick={() => Taro.navigateTo({ url: `${OFFICER}/review/index?activityId=${a.id}` })}
              >
                {tr('officer.home.reviewThis')}
              </Btn>
            ) : null}
            {a.status === 'published' ? (
              <Btn
                kind="plain"
                small
                onClick={() => Taro.navigateTo({ url: `${OFFICER}/attendance/index?activityId=${a.id}` })}
              >
                {tr('manual.open')}
              </Btn>
            ) : null}
          </View>
        );
      })}
      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
      <Btn kind="plain" onClick={signOut}>
        {tr('common.signOut')}
      </Btn>
    </View>
  );
}
