import { Text, View, Map as WxMap } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  ACTIVITY_PAGE,
  activityBadge,
  BADGE_CLASS,
  BADGE_LABEL,
  canEnrol,
  mapLink,
  wgsToGcj,
} from '../../../../logic/activityView';
import { formatPoints, formatTimeRange } from '../../../../logic/format';
import { ACTIVITY_CATEGORY, labelOf } from '../../../../logic/labels';
import { withQuery } from '../../../../logic/query';
import { cancelEnrolment, enrol, getActivity } from '../../../../services/api';
import { isWeapp } from '../../../../services/device';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { ActivityDto } from '../../../../services/types';

/** One activity: time, place (a map), places left, its status, enrol or cancel, and a share card. */
export default function ActivityDetail() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const id = Number(useRouter().params.id);
  const [activity, setActivity] = useState<ActivityDto | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setError('');
    try {
      setActivity(await getActivity(id));
    } catch (e) {
      setError(messageFor(e));
    }
  };

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
    load();
  });

  useShareAppMessage(() => ({
    title: activity ? activity.title : tr('activity.shareTitle'),
    path: withQuery(ACTIVITY_PAGE, { id }),
  }));

  const join = async () => {
    if (!activity) return;
    setBusy(true);
    try {
      setActivity(await enrol(activity.id));
      showOk(tr('activities.joined'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    if (!activity) return;
    const { confirm } = await Taro.showModal({
      title: tr('activities.leave'),
      content: tr('activities.leaveConfirm', { title: activity.title }),
      confirmText: tr('activities.leave'),
      cancelText: tr('activities.keep'),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setActivity(await cancelEnrolment(activity.id));
      showOk(tr('activities.left'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (error && !activity) {
    return (
      <View className={pageClass(large)}>
        <Empty
          title={tr('activity.loadFailed')}
          hint={error}
          retryLabel={tr('common.retry')}
          onRetry={load}
        />
      </View>
    );
  }
  if (!activity) {
    return (
      <View className={pageClass(large)}>
        <Text className="muted">{tr('common.loading')}</Text>
      </View>
    );
  }
  const badge = activityBadge(activity, Date.now());
  const gcj = wgsToGcj(activity.place.lat, activity.place.lng);
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className="tag">{labelOf(ACTIVITY_CATEGORY, activity.category, lang)}</Text>
        <Text className={`${BADGE_CLASS[badge]} activity-badge`}>{tr(BADGE_LABEL[badge])}</Text>
      </View>
      <Text className="h1">{activity.title}</Text>
      <View className="card">
        <Text className="block">
          {tr('common.time', { v: formatTimeRange(activity.startsAt, activity.endsAt) })}
        </Text>
        <Text className="block">{tr('common.place', { v: activity.place.name })}</Text>
        <Text className="block">
          {tr('activity.capacity', {
            n: activity.enrolledCount,
            cap: activity.capacity,
            left: activity.placesLeft,
          })}
        </Text>
        <Text className="block">{tr('activity.points', { v: formatPoints(activity.pointsPerHour) })}</Text>
        {activity.description ? <Text className="block muted">{activity.description}</Text> : null}
      </View>
      {isWeapp ? (
        <WxMap
          className="activity-map"
          latitude={gcj.lat}
          longitude={gcj.lng}
          scale={16}
          markers={[
            {
              id: 1,
              latitude: gcj.lat,
              longitude: gcj.lng,
              title: activity.place.name,
              width: 30,
              height: 40,
              iconPath: '',
            },
          ]}
          onError={() => undefined}
        />
      ) : (
        <Btn
          kind="secondary"
          onClick={() => {
            window.open(mapLink(activity.place), '_blank', 'noopener');
          }}
        >
          {tr('activity.openMap')}
        </Btn>
      )}
      {canEnrol(badge) && !activity.enrolled ? (
        <Btn onClick={join} disabled={busy || activity.placesLeft === 0}>
          {activity.placesLeft === 0 ? tr('activities.full') : tr('activities.join')}
        </Btn>
      ) : null}
      {activity.enrolled && badge !== 'ended' && badge !== 'cancelled' ? (
        <Btn kind="danger" small onClick={leave} disabled={busy}>
          {tr('activities.leave')}
        </Btn>
      ) : null}
      {isWeapp ? <Text className="block muted small">{tr('activity.shareHint')}</Text> : null}
    </View>
  );
}
