import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ChallengesListDto } from '@timebank/shared';
import { useCallback } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  type BonusAwardDto,
  bonusText,
  buildTakeDown,
  CHALLENGE_PAGES,
  CHALLENGE_STATUS_KEYS,
  type ChallengeDto,
  type ChallengeListItemDto,
  type ChallengeStatus,
  officerActions,
  statusTag,
} from '../../../../logic/challenges';
import { formatDateTime } from '../../../../logic/format';
import { showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { useStatusList } from '../../../../services/useStatusList';

const FILTERS: Array<ChallengeStatus | undefined> = ['open', 'closed', 'converted', 'taken_down', undefined];

/** The officer closes rounds, turns winners into activities, awards sponsored points, takes posts down. */
export default function OfficerChallenges() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const fetch = useCallback(
    async (status: ChallengeStatus | undefined) =>
      (await http.get<ChallengesListDto>('/challenges', status ? { status } : {})).challenges,
    [],
  );
  const { status, items, error, choose, reload } = useStatusList<ChallengeStatus, ChallengeListItemDto>(
    fetch,
    'open',
  );

  const close = async (c: ChallengeListItemDto) => {
    const { confirm } = await Taro.showModal({
      title: c.title,
      content: tr('challenges.officer.closeConfirm'),
    });
    if (!confirm) return;
    try {
      const r = await http.post<ChallengeDto>(`/challenges/${c.id}/close`);
      showOk(tr('challenges.officer.closed'));
      if (r.winningProposalId === null)
        Taro.showToast({ title: tr('challenges.officer.noWinner'), icon: 'none', duration: 3000 });
      reload();
    } catch (e) {
      showError(e);
    }
  };

  const takeDown = async (c: ChallengeListItemDto) => {
    const answer = await Taro.showModal({
      title: tr('challenges.officer.reason'),
      editable: true,
      placeholderText: tr('challenges.officer.reasonNeeded'),
    } as Parameters<typeof Taro.showModal>[0]);
    if (!answer.confirm) return;
    const built = buildTakeDown((answer as { content?: string }).content ?? '', lang);
    if (!built.ok) {
      Taro.showToast({ title: built.first, icon: 'none' });
      return;
    }
    try {
      await http.post(`/challenges/${c.id}/take-down`, built.value);
      showOk(tr('challenges.officer.takenDown'));
      reload();
    } catch (e) {
      showError(e);
    }
  };

  const award = async (c: ChallengeListItemDto) => {
    try {
      const r = await http.post<BonusAwardDto>(`/challenges/${c.id}/award-bonus`);
      Taro.showModal({
        title: tr('challenges.officer.award'),
        content: tr('challenges.officer.awarded', { n: r.awarded.length, left: r.remainingPlaces }),
        showCancel: false,
      });
    } catch (e) {
      showError(e);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('challenges.officer.title')}</Text>
      <Text className="block muted">{tr('challenges.officer.intro')}</Text>
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
      {items && items.length === 0 && !error ? <Empty title={tr('challenges.empty')} /> : null}
      {(items ?? []).map((c) => (
        <View className="card" key={c.id}>
          <View className="row row--start">
            <Text className={statusTag(c.status)}>{tr(CHALLENGE_STATUS_KEYS[c.status])}</Text>
            <Text className="tag">{c.merchant.name}</Text>
          </View>
          <Text className="h2">{c.title}</Text>
          <Text className="block muted small">
            {tr('challenges.counts', { proposals: c.proposalCount ?? 0, votes: c.voteCount ?? 0 })} ·{' '}
            {formatDateTime(c.createdAt)}
          </Text>
          {bonusText(c.bonus, lang) ? <Text className="block small">{bonusText(c.bonus, lang)}</Text> : null}
          {c.takeDownReason ? (
            <Text className="block small">{tr('common.reason', { v: c.takeDownReason })}</Text>
          ) : null}
          <View className="btn-row">
            <Btn
              kind="secondary"
              small
              onClick={() => Taro.navigateTo({ url: CHALLENGE_PAGES.detail(c.id) })}
            >
              {tr('challenges.view')}
            </Btn>
            {officerActions(c).map((a) =>
              a === 'close' ? (
                <Btn key={a} small onClick={() => close(c)}>
                  {tr('challenges.officer.close')}
                </Btn>
              ) : a === 'convert' ? (
                <Btn key={a} small onClick={() => Taro.navigateTo({ url: CHALLENGE_PAGES.convert(c.id) })}>
                  {tr('challenges.officer.convert')}
                </Btn>
              ) : a === 'award' ? (
                <Btn key={a} small onClick={() => award(c)}>
                  {tr('challenges.officer.award')}
                </Btn>
              ) : (
                <Btn key={a} kind="danger" small onClick={() => takeDown(c)}>
                  {tr('challenges.officer.takeDown')}
                </Btn>
              ),
            )}
          </View>
        </View>
      ))}
    </View>
  );
}
