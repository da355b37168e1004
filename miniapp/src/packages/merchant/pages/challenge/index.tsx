import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { ChallengesListDto } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import {
  bonusText,
  buildChallenge,
  CHALLENGE_PAGES,
  CHALLENGE_STATUS_KEYS,
  type ChallengeDto,
  type ChallengeForm,
  type ChallengeListItemDto,
  emptyChallengeForm,
  statusTag,
} from '../../../../logic/challenges';
import { formatDateTime } from '../../../../logic/format';
import { showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import { useFormSubmit } from '../../../../services/useFormSubmit';

/** The shop owner posts a business problem for residents to solve; below, the community's challenges. */
export default function MerchantChallenge() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [form, setForm] = useState<ChallengeForm>(emptyChallengeForm);
  const { errors, busy, submit: sendForm } = useFormSubmit();
  const [items, setItems] = useState<ChallengeListItemDto[] | null>(null);
  const set = <K extends keyof ChallengeForm>(k: K, v: ChallengeForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const load = async () => {
    try {
      setItems((await http.get<ChallengesListDto>('/challenges')).challenges);
    } catch (e) {
      setItems([]);
      showError(e);
    }
  };
  useDidShow(() => {
    if (requireSession(['merchant_staff'])) load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const submit = () =>
    sendForm(buildChallenge(form, lang), async (value) => {
      await http.post<ChallengeDto>('/challenges', value);
      showOk(tr('challenges.form.done'));
      setForm(emptyChallengeForm());
      load();
    });

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('challenges.post.title')}</Text>
      <Text className="block muted">{tr('challenges.post.intro')}</Text>
      <View className="gap" />
      <View className="card">
        <TextField
          label={tr('challenges.form.titleLabel')}
          error={errors.title}
          value={form.title}
          maxlength={80}
          placeholder={tr('challenges.form.titleHint')}
          onInput={(v) => set('title', v)}
        />
        <View className="field">
          <Text className="field__label">{tr('challenges.form.problemLabel')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('challenges.form.problemLabel') }}
            className="textarea"
            value={form.problem}
            maxlength={2000}
            onInput={(e) => set('problem', e.detail.value)}
          />
          {errors.problem ? <Text className="field__error">{errors.problem}</Text> : null}
        </View>
        <View className="field">
          <Text className="field__label">{tr('challenges.form.photosLabel')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('challenges.form.photosLabel') }}
            className="textarea"
            value={form.photos}
            maxlength={3200}
            placeholder="https://"
            onInput={(e) => set('photos', e.detail.value)}
          />
          {errors.photoUrls ? <Text className="field__error">{errors.photoUrls}</Text> : null}
        </View>
        <View className="row">
          <Text className="strong">{tr('challenges.form.sponsor')}</Text>
          <Switch checked={form.sponsor} color="#c8102e" onChange={(e) => set('sponsor', e.detail.value)} />
        </View>
        <Text className="block muted small">{tr('challenges.form.sponsorHint')}</Text>
        {form.sponsor ? (
          <View className="btn-row">
            <View className="field">
              <Text className="field__label">{tr('challenges.form.bonusPoints')}</Text>
              <Input
                nativeProps={{ 'aria-label': tr('challenges.form.bonusPoints') }}
                className="input"
                type="digit"
                value={form.bonusPoints}
                onInput={(e) => set('bonusPoints', e.detail.value)}
              />
              {errors['bonus.pointsPerParticipant'] ? (
                <Text className="field__error">{errors['bonus.pointsPerParticipant']}</Text>
              ) : null}
            </View>
            <View className="field">
              <Text className="field__label">{tr('challenges.form.bonusMax')}</Text>
              <Input
                nativeProps={{ 'aria-label': tr('challenges.form.bonusMax') }}
                className="input"
                type="number"
                value={form.bonusMax}
                onInput={(e) => set('bonusMax', e.detail.value)}
              />
              {errors['bonus.maxParticipants'] ? (
                <Text className="field__error">{errors['bonus.maxParticipants']}</Text>
              ) : null}
            </View>
          </View>
        ) : null}
        <Btn onClick={submit} disabled={busy}>
          {tr('challenges.form.submit')}
        </Btn>
      </View>

      <Text className="h2">{tr('challenges.post.ours')}</Text>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {items && items.length === 0 ? <Empty title={tr('challenges.empty')} /> : null}
      {(items ?? []).map((c) => (
        <View className="card" key={c.id}>
          <View className="row row--start">
            <Text className={statusTag(c.status)}>{tr(CHALLENGE_STATUS_KEYS[c.status])}</Text>
            {c.mine ? <Text className="tag">{tr('challenges.mine')}</Text> : null}
          </View>
          <Text className="h2">{c.title}</Text>
          <Text className="block muted small">
            {tr('challenges.counts', { proposals: c.proposalCount ?? 0, votes: c.voteCount ?? 0 })} ·{' '}
            {formatDateTime(c.createdAt)}
          </Text>
          {bonusText(c.bonus, lang) ? <Text className="block small">{bonusText(c.bonus, lang)}</Text> : null}
          <Btn kind="secondary" small onClick={() => Taro.navigateTo({ url: CHALLENGE_PAGES.detail(c.id) })}>
            {tr('challenges.view')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
