import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Empty } from '../../../../components/Empty';
import { formatDateTime } from '../../../../logic/format';
import { type MyReportDto, reportState } from '../../../../logic/reports';
import { getMyReports } from '../../../../services/api';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** My reports and what the community decided. */
export default function MyReports() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const [items, setItems] = useState<MyReportDto[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setItems((await getMyReports()).cases);
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['volunteer', 'merchant_staff'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('report.mine')}</Text>
      {items === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} /> : null}
      {items && items.length === 0 ? <Empty title={tr('report.none')} /> : null}
      {(items ?? []).map((r) => {
        const state = reportState(r);
        return (
          <View className="card" key={r.id}>
            <View className="row row--start">
              <Text className="tag">{tr(`report.kind.${r.kind}`)}</Text>
              <Text className={`tag tag--${state.tone}`}>{tr(state.key)}</Text>
            </View>
            {r.merchant?.name ? <Text className="h2">{r.merchant.name}</Text> : null}
            <Text className="block">{r.description}</Text>
            <Text className="block muted small">{formatDateTime(r.createdAt)}</Text>
            {r.outcome ? (
              <Text className="block strong">{tr('report.outcome', { v: r.outcome })}</Text>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
