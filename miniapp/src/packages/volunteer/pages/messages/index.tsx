import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { NotificationsReadDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { type MessagesDto, type MessageView, markedRead, messageView } from '../../../../logic/messages';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const markRead = (ids?: number[]) =>
  http.post<NotificationsReadDto>('/me/notifications/read', ids ? { ids } : {});

/** 消息中心: everything the community told the volunteer, newest first; unread ones stand out. */
export default function Messages() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const [list, setList] = useState<MessagesDto | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setList(await http.get<MessagesDto>('/me/notifications'));
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['volunteer', 'merchant_staff', 'officer', 'district_admin'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const readOne = async (id: number) => {
    if (!list) return;
    setList(markedRead(list, [id]));
    try {
      await markRead([id]);
    } catch (e) {
      showError(e);
      load();
    }
  };

  /** A tap marks the message read and opens what it is about. */
  const open = (m: MessageView) => {
    if (m.unread) readOne(m.id);
    if (!m.target) return;
    if (m.target.tab) Taro.switchTab({ url: m.target.url });
    else Taro.navigateTo({ url: m.target.url });
  };

  const readAll = async () => {
    if (!list) return;
    setBusy(true);
    try {
      await markRead();
      setList(markedRead(list));
      showOk(tr('messages.markedAll'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const items = (list?.notifications ?? []).map(messageView);
  return (
    <View className={pageClass(large)}>
      <View className="row">
        <Text className="h1">{tr('messages.title')}</Text>
        {list && list.unread > 0 ? (
          <Text className="tag">{tr('messages.unread', { n: list.unread })}</Text>
        ) : null}
      </View>
      {list === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} retryLabel={tr('common.retry')} onRetry={load} /> : null}
      {list && items.length === 0 ? (
        <Empty title={tr('messages.none')} hint={tr('messages.noneHint')} />
      ) : null}
      {list && list.unread > 0 ? (
        <Btn kind="secondary" onClick={readAll} disabled={busy}>
          {tr('messages.markAll')}
        </Btn>
      ) : null}
      {items.map((m) => (
        <View
          className={m.unread ? 'card card--warn' : 'card'}
          key={m.id}
          onClick={m.unread || m.target ? () => open(m) : undefined}
        >
          <View className="row row--start">
            <Text className={m.tone === 'red' ? 'tag' : 'tag tag--grey'}>{tr(m.tagKey)}</Text>
            {m.unread ? <Text className="tag tag--amber">{tr('messages.new')}</Text> : null}
          </View>
          <Text className={m.unread ? 'h2' : 'h2 muted'}>{m.title}</Text>
          {m.body ? <Text className="block">{m.body}</Text> : null}
          <Text className="block muted small">{m.time}</Text>
          {m.target ? (
            <Text className="block link small">{tr('messages.tapToOpen')}</Text>
          ) : m.unread ? (
            <Text className="block muted small">{tr('messages.tapToRead')}</Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}
