import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { NotificationSubscriptionsDto } from '@timebank/shared';
import { useCallback, useRef, useState } from 'react';
import { Btn } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { ACTIVITY_PAGE } from '../../logic/activityView';
import { formatPoints, formatTimeRange } from '../../logic/format';
import { ACTIVITY_CATEGORY, labelOf } from '../../logic/labels';
import { createLatest } from '../../logic/latest';
import { createReminderAsker } from '../../logic/messages';
import { withQuery } from '../../logic/query';
import { cancelEnrolment, enrol, listActivities } from '../../services/api';
import { messageFor, showError, showOk } from '../../services/errors';
import { http } from '../../services/http';
import { pageClass, useLang, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { ActivityDto } from '../../services/types';

/** WeChat reminders (subscribe messages): only in weapp; h5 has no requestSubscribeMessage. */
const reminders = createReminderAsker({
  weapp: process.env.TARO_ENV === 'weapp',
  load: () => http.get<NotificationSubscriptionsDto>('/me/wechat-subscriptions'),
  request: (tmplIds) => Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option),
  save: (templateIds) => http.post('/me/wechat-subscriptions', { templateIds }),
});

export default function Activities() {
  const [large] = useLargeType();
  const { tr, lang } = useLang(true);
  const [name, setName] = useState('');
  const [items, setItems] = useState<ActivityDto[] | null>(null);
  const [error, setError] = useState('');
  const [busyId, setBusyId] = useState<number | null>(null);
  // A list that answers after the volunteer enrolled must not put 我要报名 back on the card.
  const latest = useRef(createLatest()).current;

  const load = useCallback(async () => {
    const ticket = latest.begin();
    try {
      const r = await listActivities({ status: 'upcoming' });
      if (!latest.isCurrent(ticket)) return;
      setItems(r.activities);
      setError('');
    } catch (e) {
      if (!latest.isCurrent(ticket)) return;
      setError(messageFor(e));
      showError(e);
    }
  }, [latest]);

  useDidShow(() => {
    const s = requireSession(['volunteer']);
    if (!s) return;
    setName(s.user.displayName);
    load();
    reminders.prime();
  });

  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const replace = (a: ActivityDto) => {
    latest.retire();
    setItems((list) => (list ?? []).map((x) => (x.id === a.id ? a : x)));
  };

  const join = async (a: ActivityDto) => {
    // WeChat shows the subscription dialog only from a tap, so ask before awaiting anything.
    const asked = reminders.ask();
    setBusyId(a.id);
    try {
      replace(await enrol(a.id));
      showOk((await asked).length ? tr('messages.wechatOn') : tr('activities.joined'));
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  const leave = async (a: ActivityDto) => {
    const { confirm } = await Taro.showModal({
      title: tr('activities.leave'),
      content: tr('activities.leaveConfirm', { title: a.title }),
      confirmText: tr('activities.leave'),
      cancelText: tr('activities.keep'),
    });
    if (!confirm) return;
    setBusyId(a.id);
    try {
      replace(await cancelEnrolment(a.id));
      showOk(tr('activities.left'));
    } catch (e) {
      showError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name ? tr('activities.hello', { name }) : tr('activities.title')}</Text>
      <Text className="block muted">{tr('activities.sub')}</Text>
      <View className="gap" />
      {items === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error && items === null ? (
        <Empty
          title={tr('activities.loadFailed')}
          hint={error}
          retryLabel={tr('common.retry')}
          onRetry={load}
        />
      ) : null}
      {items && items.length === 0 ? (
        <Empty title={tr('activities.none')} hint={tr('activities.noneHint')} />
      ) : null}
      {(items ?? []).map((a) => (
        <View className="card" key={a.id}>
          <View className="row row--start">
            <Text className="tag">{labelOf(ACTIVITY_CATEGORY, a.category, lang)}</Text>
            {a.enrolled ? <Text className="tag tag--green">{tr('activities.enrolled')}</Text> : null}
            {a.placesLeft === 0 && !a.enrolled ? (
              <Text className="tag tag--grey">{tr('activities.full')}</Text>
            ) : null}
          </View>
          <Text className="h2">{a.title}</Text>
          <Text className="block">{tr('common.time', { v: formatTimeRange(a.startsAt, a.endsAt) })}</Text>
          <Text className="block">{tr('common.place', { v: a.place.name })}</Text>
          <Text className="block muted">
            {tr('activities.places', {
              left: a.placesLeft,
              cap: a.capacity,
              pts: formatPoints(a.pointsPerHour),
            })}
          </Text>
          {a.description ? <Text className="block muted small">{a.description}</Text> : null}
          <Btn
            kind="plain"
            small
            onClick={() => Taro.navigateTo({ url: withQuery(ACTIVITY_PAGE, { id: a.id }) })}
          >
            {tr('activity.details')}
          </Btn>
          {a.enrolled ? (
            <Btn kind="danger" small onClick={() => leave(a)} disabled={busyId === a.id}>
              {tr('activities.leave')}
            </Btn>
          ) : (
            <Btn onClick={() => join(a)} disabled={busyId === a.id || a.placesLeft === 0}>
              {a.placesLeft === 0 ? tr('activities.full') : tr('activities.join')}
            </Btn>
          )}
        </View>
      ))}
    </View>
  );
}
