import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { ProfileChangesDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import { approveProfileChange, listProfileChanges, rejectProfileChange } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

type Change = ProfileChangesDto['changes'][number];

/** Officers compare a certified volunteer's new photo or real name with the one in force, and decide. */
export default function ProfileChanges() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState('');
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [reasonError, setReasonError] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(0);

  const load = useCallback(async () => {
    try {
      setChanges((await listProfileChanges()).changes);
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const decide = async (c: Change, approve: boolean) => {
    const reason = (reasons[c.id] ?? '').trim();
    if (!approve && !reason) {
      setReasonError({ ...reasonError, [c.id]: tr('pchanges.reasonRequired') });
      return;
    }
    setReasonError({ ...reasonError, [c.id]: '' });
    setBusy(c.id);
    try {
      if (approve) await approveProfileChange(c.id);
      else await rejectProfileChange(c.id, reason);
      showOk(approve ? tr('pchanges.approved') : tr('pchanges.rejected'));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(0);
    }
  };

  const photoBox = (url: string | null, alt: string) =>
    url ? (
      <Image className="photo photo--medium" src={url} mode="aspectFill" ariaLabel={alt} />
    ) : (
      <Text className="block muted">{tr('pchanges.noPhoto')}</Text>
    );

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('pchanges.title')}</Text>
      {changes === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} onRetry={load} retryLabel={tr('common.retry')} /> : null}
      {changes && changes.length === 0 ? (
        <Empty title={tr('pchanges.none')} hint={tr('pchanges.noneHint')} />
      ) : null}
      {(changes ?? []).map((c) => (
        <View className="card" key={c.id}>
          <Text className="h2">{c.displayName}</Text>
          <Text className="block muted small">{formatDateTime(c.createdAt)}</Text>
          <View className="compare">
            <View className="compare__side">
              <Text className="block strong">{tr('pchanges.current')}</Text>
              {photoBox(c.currentPhotoUrl, tr('pchanges.photoOf', { name: c.displayName }))}
              <Text className="block">{c.currentRealName ?? '—'}</Text>
            </View>
            <View className="compare__side">
              <Text className="block strong">{tr('pchanges.proposed')}</Text>
              {c.photoUrl ? (
                photoBox(c.photoUrl, tr('pchanges.photoOf', { name: c.displayName }))
              ) : (
                <Text className="block muted">{tr('pchanges.photoUnchanged')}</Text>
              )}
              <Text className="block">{c.realName ?? tr('pchanges.nameUnchanged')}</Text>
            </View>
          </View>
          <TextField
            label={tr('pchanges.reason')}
            value={reasons[c.id] ?? ''}
            maxlength={200}
            error={reasonError[c.id]}
            onInput={(v) => setReasons({ ...reasons, [c.id]: v })}
          />
          <View className="row">
            <Btn onClick={() => decide(c, true)} disabled={busy === c.id}>
              {tr('pchanges.approve')}
            </Btn>
            <Btn kind="danger" onClick={() => decide(c, false)} disabled={busy === c.id}>
              {tr('pchanges.reject')}
            </Btn>
          </View>
        </View>
      ))}
    </View>
  );
}
