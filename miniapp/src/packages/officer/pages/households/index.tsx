import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { categoryLabel, type HouseholdSummaryDto, householdsApi } from '../../../../logic/households';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

type Status = 'active' | 'archived';
const api = householdsApi(http);
/** Stable, so the list hook does not reload on every render. */
const fetchHouseholds = async (s: Status | undefined): Promise<HouseholdSummaryDto[]> =>
  (await api.list(s)).households;

const FILTERS: { status: Status; key: 'hh.list.active' | 'hh.list.archived' }[] = [
  { status: 'active', key: 'hh.list.active' },
  { status: 'archived', key: 'hh.list.archived' },
];

/** 帮扶对象: the community's households in need, with what is waiting to be arranged. */
export default function OfficerHouseholds() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const { status, items, error, choose } = useStatusList(fetchHouseholds, 'active', ['officer']);

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('hh.list.title')}</Text>
      <Text className="block muted">{tr('hh.list.intro')}</Text>
      <View className="gap" />
      <Btn onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/households-new/index' })}>
        {tr('hh.list.new')}
      </Btn>
      <View className="chips">
        {FILTERS.map((f) => (
          <View
            key={f.status}
            className={`chip ${status === f.status ? 'chip--on' : ''}`}
            onClick={() => choose(f.status)}
          >
            {tr(f.key)}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title={tr('hh.list.none')} hint={tr('hh.list.noneHint')} />
      ) : null}
      {(items ?? []).map((h) => (
        <View className={`card ${(h.openRequests ?? 0) > 0 ? 'card--warn' : ''}`} key={h.id}>
          <View className="row row--start">
            <Text className="tag">{categoryLabel(h.category, lang)}</Text>
          </View>
          <Text className="h2">{h.label ?? tr('hh.list.archivedLabel')}</Text>
          {h.address ? <Text className="block">{h.address}</Text> : null}
          {h.status === 'active' ? (
            <Text className="block muted">
              {tr('hh.list.counts', { open: h.openRequests ?? 0, scheduled: h.scheduledRequests ?? 0 })}
            </Text>
          ) : null}
          <Btn
            kind="secondary"
            small
            onClick={() =>
              Taro.navigateTo({ url: `/packages/officer/pages/households-detail/index?id=${h.id}` })
            }
          >
            {tr('hh.list.open')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
