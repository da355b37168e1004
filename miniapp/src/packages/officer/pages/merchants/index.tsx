import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MerchantStatus } from '@timebank/shared';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { merchantCategoryLabels } from '../../../../logic/format';
import {
  merchantStatusFilters,
  merchantStatusLabels,
  merchantStatusTag,
} from '../../../../logic/merchantAdmin';
import { listMerchants } from '../../../../services/api';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

/** Stable, so the list hook does not reload on every render. */
const fetchMerchants = async (s: MerchantStatus | undefined) => (await listMerchants(s)).merchants;

/** 商家管理: the community's merchants by status; open one to approve, warn, suspend… */
export default function OfficerMerchants() {
  const [large] = useLargeType();
  const { status, items, error, choose: chooseStatus } = useStatusList(fetchMerchants, 'applied');
  const choose = chooseStatus;

  const current = merchantStatusFilters.find((f) => f.status === status)?.label ?? '全部';
  return (
    <View className={pageClass(large)}>
      <Text className="h1">商家管理</Text>
      <Text className="block muted">审核入驻申请，处理违反承诺的商家。每次操作都要写明原因。</Text>
      <View className="gap" />
      <View className="chips">
        {merchantStatusFilters.map((f) => (
          <View
            key={f.label}
            className={`chip ${status === f.status ? 'chip--on' : ''}`}
            onClick={() => choose(f.status)}
          >
            {f.label}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">正在加载…</Text> : null}
      {error ? <Empty title="暂时无法加载商家" hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title={`没有「${current}」的商家`} hint="换一个状态看看，或下拉刷新" />
      ) : null}
      {(items ?? []).map((m) => (
        <View
          className={`card ${m.status === 'applied' || m.status === 'warned' ? 'card--warn' : ''}`}
          key={m.id}
        >
          <View className="row row--start">
            <Text className={merchantStatusTag(m.status)}>{merchantStatusLabels[m.status] ?? m.status}</Text>
            <Text className="tag tag--grey">{merchantCategoryLabels[m.category] ?? m.category}</Text>
          </View>
          <Text className="h2">{m.name}</Text>
          <Text className="block">{m.address}</Text>
          <Text className="block">优惠：{m.discount.label}</Text>
          {m.statusReason ? <Text className="block muted small">最近原因：{m.statusReason}</Text> : null}
          <Btn
            kind="secondary"
            small
            onClick={() => Taro.navigateTo({ url: `/packages/officer/pages/merchant/index?id=${m.id}` })}
          >
            查看并处理
          </Btn>
        </View>
      ))}
    </View>
  );
}
