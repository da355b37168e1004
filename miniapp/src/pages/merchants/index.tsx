import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { type CommunityAcceptanceDto, merchantCategories } from '@timebank/shared';
import { useCallback, useRef, useState } from 'react';
import { Btn } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { MerchantShowcase } from '../../components/MerchantShowcase';
import { acceptanceLines } from '../../logic/acceptance';
import { formatDateTime, formatDistance } from '../../logic/format';
import { labelOf, MERCHANT_CATEGORY, MERCHANT_TAG } from '../../logic/labels';
import { withQuery } from '../../logic/query';
import { REPORT_PAGE } from '../../logic/session';
import { listAllianceMerchants, listBoard } from '../../services/api';
import { locate } from '../../services/device';
import { messageFor } from '../../services/errors';
import { http } from '../../services/http';
import { pageClass, useLang, useLargeType } from '../../services/prefs';
import { requireSession } from '../../services/session';
import type { BoardPostDto, DirectoryMerchantDto } from '../../services/types';

export default function Merchants() {
  const [large] = useLargeType();
  const { tr, lang } = useLang(true);
  const [posts, setPosts] = useState<BoardPostDto[]>([]);
  const [showBoard, setShowBoard] = useState(false);
  const [category, setCategory] = useState<string>('');
  const [items, setItems] = useState<DirectoryMerchantDto[] | null>(null);
  const [error, setError] = useState('');
  const [area, setArea] = useState<CommunityAcceptanceDto | null>(null);
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
    const s = requireSession();
    if (!s) return;
    load(category);
    // 通存通兑: whose shops honour this community's certificates, beside its own directory.
    if (s.user.communityId)
      http
        .get<CommunityAcceptanceDto>(`/communities/${s.user.communityId}/acceptance`)
        .then(setArea)
        .catch(() => setArea(null));
    listBoard()
      .then((r) => setPosts(r.posts))
      .catch(() => setPosts([]));
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
      <Text className="h1">{tr('merchants.title')}</Text>
      <Text className="block muted">{tr('merchants.sub')}</Text>
      {area ? (
        <Text className="block small">
          {tr('acceptance.scope', { v: acceptanceLines(area, lang).scope })} ·{' '}
          {tr('acceptance.where', { v: acceptanceLines(area, lang).where })}
        </Text>
      ) : null}
      <View className="gap" />
      <View className="card">
        <View className="row" onClick={() => setShowBoard(!showBoard)}>
          <Text className="h2">
            {tr('merchants.board')}
            {posts.length ? ` (${posts.length})` : ''}
          </Text>
          <Text className="link">{showBoard ? '▲' : '▼'}</Text>
        </View>
        {showBoard && posts.length === 0 ? <Text className="muted">{tr('merchants.boardEmpty')}</Text> : null}
        {(showBoard ? posts : posts.slice(0, 1)).map((p) => (
          <View className="line" key={p.id}>
            <View className="row row--start">
              <Text className={`tag ${p.kind === 'recruitment' ? 'tag--amber' : 'tag--green'}`}>
                {tr(`board.kind.${p.kind}`)}
              </Text>
              <Text className="strong">{p.title}</Text>
            </View>
            <Text className="block small">{p.body}</Text>
            <Text className="block muted small">
              {p.merchant.name} · {formatDateTime(p.createdAt)}
            </Text>
          </View>
        ))}
      </View>
      <View className="gap" />
      <View className="chips">
        <View className={`chip ${category === '' ? 'chip--on' : ''}`} onClick={() => choose('')}>
          {tr('merchants.all')}
        </View>
        {merchantCategories.map((c) => (
          <View key={c} className={`chip ${category === c ? 'chip--on' : ''}`} onClick={() => choose(c)}>
            {labelOf(MERCHANT_CATEGORY, c, lang)}
          </View>
        ))}
      </View>
      {items === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('merchants.loadFailed')} hint={error} /> : null}
      {items && items.length === 0 ? (
        <Empty title={tr('merchants.none')} hint={tr('merchants.noneHint')} />
      ) : null}
      {(items ?? []).map((m) => (
        <View className="card" key={m.id}>
          <View className="row">
            <Text className="h2">{m.name}</Text>
            {m.distanceM !== null ? <Text className="muted">{formatDistance(m.distanceM)}</Text> : null}
          </View>
          <Text className="block amount amount--plus">{m.discount.label}</Text>
          {m.discount.conditions ? <Text className="block muted small">{m.discount.conditions}</Text> : null}
          <View className="row row--start">
            <Text className="tag">{labelOf(MERCHANT_CATEGORY, m.category, lang)}</Text>
            {m.tags.map((t) => (
              <Text className="tag tag--green" key={t}>
                {labelOf(MERCHANT_TAG, t, lang)}
              </Text>
            ))}
          </View>
          <Text className="block">{tr('common.address', { v: m.address })}</Text>
          <Text className="block muted small">{tr('common.hours', { v: m.openingHours })}</Text>
          <MerchantShowcase merchantId={m.id} />
          <Btn kind="secondary" small onClick={() => Taro.makePhoneCall({ phoneNumber: m.contactPhone })}>
            {tr('common.phone', { v: m.contactPhone })}
          </Btn>
          <Btn
            kind="plain"
            small
            onClick={() =>
              Taro.navigateTo({ url: withQuery(REPORT_PAGE, { merchantId: m.id, name: m.name }) })
            }
          >
            {tr('merchants.report')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
