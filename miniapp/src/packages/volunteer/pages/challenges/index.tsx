import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ChallengesListDto } from '@timebank/shared';
import { useCallback } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  bonusText,
  CHALLENGE_PAGES,
  CHALLENGE_STATUS_KEYS,
  type ChallengeListItemDto,
  type ChallengeStatus,
} from '../../../../logic/challenges';
import { formatDateTime } from '../../../../logic/format';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

const FILTERS: Array<ChallengeStatus | undefined> = ['open', 'converted', 'closed', undefined];

/** Residents browse the community's shop challenges, open rounds first. */
export default function VolunteerChallenges() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const fetch = useCallback(
    async (status: ChallengeStatus | undefined) =>
      (await http.get<ChallengesListDto>('/challenges', status ? { status } : {})).challenges,
    [],
  );
  const { status, items, error, choose } = useStatusList<ChallengeStatus, ChallengeListItemDto>(
    fetch,
    'open',
    ['volunteer', 'merchant_staff', 'officer', 'district_admin'],
  );

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('challenges.title')}</Text>
      <Text className="block muted">{tr('challenges.intro')}</Text>
      <View className="gap" />
      <View className="chips">
        {FILTERS.map((f) => (
          <View
            key={f ?? 'all'}
            className={`chip ${status === f ? 'chip--on' : ''}`}
            onClick={() => choose(f)}
          >
            {f ? tr(CHALLENGE_STATUS_KEYS[f]) : tr('challenges.all')}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('challenges.loadFailed')} hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title={tr('challenges.empty')} hint={tr('challenges.emptyHint')} />
      ) : null}
      {(items ?? []).map((c) => (
        <View className="card" key={c.id}>
          <View className="row row--start">
            <Text className={c.status === 'open' ? 'tag tag--green' : 'tag tag--grey'}>
              {tr(CHALLENGE_STATUS_KEYS[c.status])}
            </Text>
            <Text className="tag">{c.merchant.name}</Text>
          </View>
          <Text className="h2">{c.title}</Text>
          <Text className="block">{c.problem}</Text>
          {bonusText(c.bonus, lang) ? <Text className="block strong">{bonusText(c.bonus, lang)}</Text> : null}
          <Text className="block muted small">
            {tr('challenges.counts', { proposals: c.proposalCount ?? 0, votes: c.voteCount ?? 0 })} ·{' '}
            {formatDateTime(c.createdAt)}
          </Text>
          <Btn
            kind={c.status === 'open' ? 'primary' : 'secondary'}
            small
            onClick={() => Taro.navigateTo({ url: CHALLENGE_PAGES.detail(c.id) })}
          >
            {c.status === 'open' ? tr('challenges.open') : tr('challenges.view')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
