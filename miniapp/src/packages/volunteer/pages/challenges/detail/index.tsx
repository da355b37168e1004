import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../../components/Btn';
import { Empty } from '../../../../../components/Empty';
import {
  bonusText,
  buildProposal,
  CHALLENGE_STATUS_KEYS,
  type ChallengeDetailDto,
  canPropose,
  canVoteFor,
  statusTag,
  withShares,
} from '../../../../../logic/challenges';
import { messageFor, showError, showOk } from '../../../../../services/errors';
import { http } from '../../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../../services/prefs';
import { currentSession, requireSession } from '../../../../../services/session';

/** One challenge: the problem, residents' ideas with their votes, one vote each, and my idea. */
export default function ChallengeDetail() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const id = Number(useRouter().params.id);
  const [c, setC] = useState<ChallengeDetailDto | null>(null);
  const [error, setError] = useState('');
  const [text, setText] = useState('');
  const [textError, setTextError] = useState('');
  const [busy, setBusy] = useState(false);
  const role = currentSession()?.user.role ?? 'volunteer';

  const load = async () => {
    try {
      setC(await http.get<ChallengeDetailDto>(`/challenges/${id}`));
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  };
  useDidShow(() => {
    if (requireSession()) load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const vote = async (proposalId: number) => {
    setBusy(true);
    try {
      await http.put(`/challenges/${id}/vote`, { proposalId });
      showOk(tr('challenges.voted'));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const propose = async () => {
    const built = buildProposal(text, lang);
    if (!built.ok) {
      setTextError(built.first);
      return;
    }
    setTextError('');
    setBusy(true);
    try {
      await http.post(`/challenges/${id}/proposals`, built.value);
      showOk(tr('challenges.propose.done'));
      setText('');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Empty title={tr('challenges.loadFailed')} hint={error} />;
  if (!c)
    return (
      <View className={pageClass(large)}>
        <Text className="muted">{tr('common.loading')}</Text>
      </View>
    );

  const viewer = { role };
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className={statusTag(c.status)}>{tr(CHALLENGE_STATUS_KEYS[c.status])}</Text>
        <Text className="tag">{c.merchant.name}</Text>
      </View>
      <Text className="h1">{c.title}</Text>
      <View className="card">
        <Text className="h2">{tr('challenges.problem')}</Text>
        <Text className="block">{c.problem}</Text>
        {c.photoUrls.map((url) => (
          <Image key={url} src={url} mode="widthFix" style={{ width: '100%', marginTop: '8px' }} />
        ))}
        {bonusText(c.bonus, lang) ? <Text className="block strong">{bonusText(c.bonus, lang)}</Text> : null}
      </View>

      {c.status === 'open' ? <Text className="block muted small">{tr('challenges.voteRule')}</Text> : null}
      {c.status === 'closed' ? <Text className="block muted">{tr('challenges.closedNote')}</Text> : null}
      {c.status === 'converted' && c.activityId ? (
        <View className="card card--warn">
          <Text className="block">{tr('challenges.activityNote')}</Text>
          {role === 'volunteer' ? (
            <Btn small onClick={() => Taro.switchTab({ url: '/pages/activities/index' })}>
              {tr('challenges.toActivity')}
            </Btn>
          ) : null}
        </View>
      ) : null}

      <Text className="h2">{tr('challenges.proposals')}</Text>
      {c.proposals.length === 0 ? <Empty title={tr('challenges.noProposals')} /> : null}
      {withShares(c).map((p) => (
        <View className={`card ${p.winner ? 'card--warn' : ''}`} key={p.id}>
          <View className="row row--start">
            {p.winner ? <Text className="tag tag--green">{tr('challenges.winner')}</Text> : null}
            {!p.winner && p.leading ? (
              <Text className="tag tag--amber">{tr('challenges.leading')}</Text>
            ) : null}
            {p.mine ? <Text className="tag">{tr('challenges.myProposal')}</Text> : null}
            {c.myVote === p.id ? <Text className="tag tag--green">{tr('challenges.myVote')}</Text> : null}
          </View>
          <Text className="block">{p.text}</Text>
          <Text className="block muted small">
            {p.author.displayName} · {tr('challenges.votes', { n: p.votes })} ·{' '}
            {tr('challenges.share', { n: p.share })}
          </Text>
          {canVoteFor(viewer, c, p) ? (
            <Btn small kind={c.myVote ? 'secondary' : 'primary'} disabled={busy} onClick={() => vote(p.id)}>
              {c.myVote ? tr('challenges.changeVote') : tr('challenges.vote')}
            </Btn>
          ) : null}
        </View>
      ))}

      {canPropose(viewer, c) ? (
        <View className="card">
          <Text className="h2">{tr('challenges.propose.title')}</Text>
          <Textarea
            className="textarea"
            value={text}
            maxlength={1000}
            placeholder={tr('challenges.propose.placeholder')}
            onInput={(e) => setText(e.detail.value)}
          />
          {textError ? <Text className="field__error">{textError}</Text> : null}
          <Btn onClick={propose} disabled={busy}>
            {tr('challenges.propose.submit')}
          </Btn>
        </View>
      ) : null}
      {role === 'volunteer' && c.status === 'open' && c.proposals.some((p) => p.mine) ? (
        <Text className="block muted small">{tr('challenges.propose.once')}</Text>
      ) : null}
    </View>
  );
}
