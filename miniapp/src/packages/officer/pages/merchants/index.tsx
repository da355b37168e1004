import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { MerchantStatus } from '@timebank/shared';
import { useCallback } from 'react';
import { Btn, chipA11y } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { communityNameParam, communityParam } from '../../../../logic/district';
import { labelOf, MERCHANT_CATEGORY, MERCHANT_STATUS } from '../../../../logic/labels';
import { merchantStatusFiltersIn, merchantStatusTag } from '../../../../logic/merchantAdmin';
import { listMerchants } from '../../../../services/api';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

/** 商家管理: the community's merchants by status; open one to approve, warn, suspend… */
export default function OfficerMerchants() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const filters = merchantStatusFiltersIn(lang);
  const router = useRouter();
  // a district administrator opens any community of the district (?communityId=)
  const communityId = communityParam(router.params);
  const communityName = communityNameParam(router.params);
  /** Stable, so the list hook does not reload on every render. */
  const fetchMerchants = useCallback(
    async (s: MerchantStatus | undefined) => (await listMerchants(s, communityId)).merchants,
    [communityId],
  );
  const { status, items, error, choose: chooseStatus } = useStatusList(fetchMerchants, 'applied');
  const choose = chooseStatus;

  const current = filters.find((f) => f.status === status)?.label ?? '';
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('officer.home.merchants')}</Text>
      {communityName ? (
        <Text className="block strong">{tr('district.ofCommunity', { v: communityName })}</Text>
      ) : null}
      <Text className="block muted">{tr('officer.merchants.intro')}</Text>
      <View className="gap" />
      <View className="chips">
        {filters.map((f) => (
          <View
            key={f.label}
            className={`chip ${status === f.status ? 'chip--on' : ''}`}
            {...chipA11y(status === f.status)}
            onClick={() => choose(f.status)}
          >
            {f.label}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('officer.merchants.loadFailed')} hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty
          title={tr('officer.merchants.empty', { v: current })}
          hint={tr('officer.merchants.emptyHint')}
        />
      ) : null}
      {(items ?? []).map((m) => (
        <View
          className={`card ${m.status === 'applied' || m.status === 'warned' ? 'card--warn' : ''}`}
          key={m.id}
        >
          <View className="row row--start">
            <Text className={merchantStatusTag(m.status)}>{labelOf(MERCHANT_STATUS, m.status, lang)}</Text>
            <Text className="tag tag--grey">{labelOf(MERCHANT_CATEGORY, m.category, lang)}</Text>
          </View>
          <Text className="h2">{m.name}</Text>
          <Text className="block">{m.address}</Text>
          <Text className="block">{tr('officer.merchants.discount', { v: m.discount.label })}</Text>
          {m.statusReason ? (
            <Text className="block muted small">{tr('officer.lastReason', { v: m.statusReason })}</Text>
          ) : null}
          <Btn
            kind="secondary"
            small
            onClick={() => Taro.navigateTo({ url: `/packages/officer/pages/merchant/index?id=${m.id}` })}
          >
            {tr('officer.merchants.open')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
