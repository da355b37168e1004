import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { merchantCategories } from '@timebank/shared';
import { useCallback, useRef, useState } from 'react';
import { Btn } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { formatDistance, merchantCategoryLabels, merchantTagLabels } from '../../logic/format';
import { listAllianceMerchants } from '../../services/api';
import { locate } from '../../services/device';
import { messageFor } from '../../services/errors';
import { pageClass, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { DirectoryMerchantDto } from '../../services/types';

export default function Merchants() {
  const [large] = useLargeType();
  const [category, setCategory] = useState<string>('');
  const [items, setItems] = useState<DirectoryMerchantDto[] | null>(null);
  const [error, setError] = useState('');
  const where = useRef<{ lat: number; lng: number } | null | undefined>(undefined);

  const load = useCallback(async (cat: string) => {
    try {
      if (where.current === undefined) where.current = await locate();
      const r = await listAllianceMerchants({ category: cat || undefined, ...(where.current ?? {}) });
      setItems(r.merchants);
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession()) return;
    load(category);
  });

  usePullDownRefresh(async () => {
    where.current = undefined;
    await load(category);
    Taro.stopPullDownRefresh();
  });

  const choose = (c: string) => {
    setCategory(c);
    setItems(null);
    load(c);
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">爱心商家联盟</Text>
      <Text className="block muted">出示志愿者证书，享受商家承诺的优惠</Text>
      <View className="gap" />
      <View className="chips">
        <View className={`chip ${category === '' ? 'chip--on' : ''}`} onClick={() => choose('')}>
          全部
        </View>
        {merchantCategories.map((c) => (
          <View key={c} className={`chip ${category === c ? 'chip--on' : ''}`} onClick={() => choose(c)}>
            {merchantCategoryLabels[c] ?? c}
          </View>
        ))}
      </View>
      {items === null && !error ? <Text className="muted">正在加载…</Text> : null}
      {error ? <Empty title="暂时无法加载商家" hint={error} /> : null}
      {items && items.length === 0 ? <Empty title="这个类别还没有联盟商家" hint="换个类别看看" /> : null}
      {(items ?? []).map((m) => (
        <View className="card" key={m.id}>
          <View className="row">
            <Text className="h2">{m.name}</Text>
            {m.distanceM !== null ? <Text className="muted">{formatDistance(m.distanceM)}</Text> : null}
          </View>
          <Text className="block amount amount--plus">{m.discount.label}</Text>
          {m.discount.conditions ? <Text className="block muted small">{m.discount.conditions}</Text> : null}
          <View className="row row--start">
            <Text className="tag">{merchantCategoryLabels[m.category] ?? m.category}</Text>
            {m.tags.map((t) => (
              <Text className="tag tag--green" key={t}>
                {merchantTagLabels[t] ?? t}
              </Text>
            ))}
          </View>
          <Text className="block">地址：{m.address}</Text>
          <Text className="block muted small">营业时间 {m.openingHours}</Text>
          <Btn kind="secondary" small onClick={() => Taro.makePhoneCall({ phoneNumber: m.contactPhone })}>
            电话 {m.contactPhone}
          </Btn>
        </View>
      ))}
    </View>
  );
}
