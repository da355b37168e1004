import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { Role } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { messageFor } from './errors';
import { requireSession } from './session';

/**
 * An officer's list filtered by status: loads on show (after the session check), on pull-down and
 * when the filter changes; `items` is null while loading, and errors become a Chinese message.
 */
export function useStatusList<S, T>(
  fetchItems: (status: S | undefined) => Promise<T[]>,
  initial: NoInfer<S> | undefined,
  roles: Role[] = ['officer', 'district_admin'],
) {
  const [status, setStatus] = useState<S | undefined>(initial);
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(
    async (s: S | undefined) => {
      try {
        setItems(await fetchItems(s));
        setError('');
      } catch (e) {
        setItems([]);
        setError(messageFor(e));
      }
    },
    [fetchItems],
  );

  useDidShow(() => {
    if (!requireSession(roles)) return;
    load(status);
  });
  usePullDownRefresh(async () => {
    await load(status);
    Taro.stopPullDownRefresh();
  });

  const choose = (s: S | undefined) => {
    setStatus(s);
    setItems(null);
    load(s);
  };

  return { status, items, error, choose, reload: () => load(status) };
}
