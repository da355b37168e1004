import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback } from 'react';
import { Btn, chipA11y } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { type CaseStatus, caseStatusFiltersIn, caseSubject } from '../../../../logic/cases';
import { communityNameParam, communityParam } from '../../../../logic/district';
import { formatDateTime } from '../../../../logic/format';
import { CASE_KIND, CASE_RESOLUTION, CASE_STATUS, labelOf } from '../../../../logic/labels';
import { listCases } from '../../../../services/api';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

/** 投诉处理: reports from volunteers (a refused discount) and shops (a lent certificate). */
export default function OfficerCases() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  // a district administrator opens any community of the district (?communityId=)
  const communityId = communityParam(router.params);
  const communityName = communityNameParam(router.params);
  /** Stable, so the list hook does not reload on every render. */
  const fetchCases = useCallback(
    async (s: CaseStatus | undefined) => (await listCases(s, communityId)).cases,
    [communityId],
  );
  const { status, items, error, choose: chooseStatus } = useStatusList(fetchCases, 'open');
  const choose = chooseStatus;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('officer.cases.title')}</Text>
      {communityName ? (
        <Text className="block strong">{tr('district.ofCommunity', { v: communityName })}</Text>
      ) : null}
      <Text className="block muted">{tr('officer.cases.intro')}</Text>
      <View className="gap" />
      <View className="chips">
        {caseStatusFiltersIn(lang).map((f) => (
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
      {error ? <Empty title={tr('officer.cases.loadFailed')} hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty
          title={status === 'open' ? tr('officer.cases.emptyOpen') : tr('officer.cases.empty')}
          hint={tr('officer.cases.emptyHint')}
        />
      ) : null}
      {(items ?? []).map((c) => (
        <View className={`card ${c.status === 'open' ? 'card--warn' : ''}`} key={c.id}>
          <View className="row row--start">
            <Text className={`tag ${c.status === 'open' ? 'tag--amber' : 'tag--grey'}`}>
              {labelOf(CASE_STATUS, c.status, lang)}
            </Text>
            <Text className="tag">{labelOf(CASE_KIND, c.kind, lang)}</Text>
            {c.resolution ? (
              <Text className="tag tag--grey">{labelOf(CASE_RESOLUTION, c.resolution, lang)}</Text>
            ) : null}
          </View>
          <Text className="h2">{caseSubject(c, lang)}</Text>
          <Text className="block">{c.description}</Text>
          <Text className="block muted small">
            {tr('officer.cases.number', { id: c.id, at: formatDateTime(c.createdAt) })}
          </Text>
          <Btn
            kind={c.status === 'open' ? 'primary' : 'secondary'}
            small
            onClick={() => Taro.navigateTo({ url: `/packages/officer/pages/case/index?id=${c.id}` })}
          >
            {c.status === 'open' ? tr('officer.cases.handle') : tr('officer.cases.view')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
