import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  type CaseStatus,
  caseKindLabels,
  caseResolutionLabels,
  caseStatusFilters,
  caseStatusLabels,
  caseSubject,
} from '../../../../logic/cases';
import { formatDateTime } from '../../../../logic/format';
import { listCases } from '../../../../services/api';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

/** Stable, so the list hook does not reload on every render. */
const fetchCases = async (s: CaseStatus | undefined) => (await listCases(s)).cases;

/** 投诉处理: reports from volunteers (a refused discount) and shops (a lent certificate). */
export default function OfficerCases() {
  const [large] = useLargeType();
  const { status, items, error, choose: chooseStatus } = useStatusList(fetchCases, 'open');
  const choose = chooseStatus;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">投诉处理</Text>
      <Text className="block muted">
        志愿者和商家的反映。记录处理经过，结案时写明结果，反映人会收到通知。
      </Text>
      <View className="gap" />
      <View className="chips">
        {caseStatusFilters.map((f) => (
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
      {error ? <Empty title="暂时无法加载投诉" hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title={status === 'open' ? '没有待处理的投诉' : '没有投诉'} hint="有新的反映时会出现在这里" />
      ) : null}
      {(items ?? []).map((c) => (
        <View className={`card ${c.status === 'open' ? 'card--warn' : ''}`} key={c.id}>
          <View className="row row--start">
            <Text className={`tag ${c.status === 'open' ? 'tag--amber' : 'tag--grey'}`}>
              {caseStatusLabels[c.status]}
            </Text>
            <Text className="tag">{caseKindLabels[c.kind] ?? c.kind}</Text>
            {c.resolution ? (
              <Text className="tag tag--grey">{caseResolutionLabels[c.resolution]}</Text>
            ) : null}
          </View>
          <Text className="h2">{caseSubject(c)}</Text>
          <Text className="block">{c.description}</Text>
          <Text className="block muted small">
            第 {c.id} 号 · {formatDateTime(c.createdAt)}
          </Text>
          <Btn
            kind={c.status === 'open' ? 'primary' : 'secondary'}
            small
            onClick={() => Taro.navigateTo({ url: `/packages/officer/pages/case/index?id=${c.id}` })}
          >
            {c.status === 'open' ? '处理' : '查看'}
          </Btn>
        </View>
      ))}
    </View>
  );
}
