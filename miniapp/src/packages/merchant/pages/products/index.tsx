import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { localDate, type ProductOfferOwnDto, type ProductOwnDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { offerWindowLabel, ownerToggle, priceLabel, publicationView } from '../../../../logic/products';
import { withQuery } from '../../../../logic/query';
import { getMyMerchant } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { listMyOffers, listMyProducts, updateOffer, updateProduct } from '../../../../services/products';
import { requireSession } from '../../../../services/session';

const EDIT_PRODUCT = '/packages/merchant/pages/products-edit/index';
const EDIT_OFFER = '/packages/merchant/pages/products-offer/index';
const THUMB = { width: '120rpx', height: '120rpx', marginRight: '12rpx', borderRadius: '8rpx' };

/** The shop's products and offers: the owner publishes, edits and hides them; staff can look. */
export default function Products() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [tab, setTab] = useState<'products' | 'offers'>('products');
  const [isOwner, setIsOwner] = useState(false);
  const [products, setProducts] = useState<ProductOwnDto[] | null>(null);
  const [offers, setOffers] = useState<ProductOfferOwnDto[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [me, p, o] = await Promise.all([getMyMerchant(), listMyProducts(), listMyOffers()]);
      setIsOwner(me.isOwner);
      setProducts(p.products);
      setOffers(o.offers);
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['merchant_staff'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const setShown = async (kind: 'product' | 'offer', id: number, shown: boolean) => {
    setBusy(true);
    try {
      const status = shown ? 'published' : 'hidden';
      if (kind === 'product') await updateProduct(id, { status });
      else await updateOffer(id, { status });
      showOk(tr(shown ? 'products.shown' : 'products.hidden'));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const today = localDate(new Date());
  const list = tab === 'products' ? products : offers;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('products.title')}</Text>
      <Text className="block muted">{tr('products.intro')}</Text>
      {!isOwner && list ? <Text className="block muted small">{tr('products.ownerOnly')}</Text> : null}
      <View className="gap" />
      <View className="chips">
        {(['products', 'offers'] as const).map((k) => (
          <View key={k} className={`chip ${tab === k ? 'chip--on' : ''}`} onClick={() => setTab(k)}>
            {tr(k === 'products' ? 'products.tab.products' : 'products.tab.offers')}
          </View>
        ))}
      </View>
      {isOwner ? (
        <Btn onClick={() => Taro.navigateTo({ url: tab === 'products' ? EDIT_PRODUCT : EDIT_OFFER })}>
          {tr(tab === 'products' ? 'products.add' : 'offers.add')}
        </Btn>
      ) : null}
      {error ? <Empty title={tr('products.loadFailed')} hint={error} /> : null}
      {list === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {list && list.length === 0 ? (
        <Empty title={tr(tab === 'products' ? 'products.none' : 'offers.none')} />
      ) : null}

      {tab === 'products'
        ? (products ?? []).map((p) => {
            const v = publicationView(p.status, lang);
            const toggle = ownerToggle(p.status);
            return (
              <View className="card" key={p.id}>
                <View className="row row--start">
                  <Text className={v.tag}>{v.label}</Text>
                  {p.isLocal ? <Text className="tag tag--green">{tr('products.local')}</Text> : null}
                  <Text className="strong">{p.name}</Text>
                </View>
                <Text className="block amount">{priceLabel(p)}</Text>
                {p.description ? <Text className="block small">{p.description}</Text> : null}
                {p.photos.length ? (
                  <View className="row row--start">
                    {p.photos.map((src) => (
                      <Image key={src} style={THUMB} src={src} mode="aspectFill" lazyLoad />
                    ))}
                  </View>
                ) : null}
                {p.takeDownReason ? (
                  <Text className="block small">{tr('products.takenDown', { v: p.takeDownReason })}</Text>
                ) : null}
                {isOwner && toggle ? (
                  <View className="btn-row">
                    <Btn
                      kind="secondary"
                      small
                      onClick={() => Taro.navigateTo({ url: withQuery(EDIT_PRODUCT, { id: p.id }) })}
                    >
                      {tr('products.edit')}
                    </Btn>
                    <Btn
                      kind="plain"
                      small
                      disabled={busy}
                      onClick={() => setShown('product', p.id, toggle === 'show')}
                    >
                      {tr(toggle === 'show' ? 'products.show' : 'products.hide')}
                    </Btn>
                  </View>
                ) : null}
              </View>
            );
          })
        : (offers ?? []).map((o) => {
            const v = publicationView(o.status, lang);
            const toggle = ownerToggle(o.status);
            return (
              <View className="card" key={o.id}>
                <View className="row row--start">
                  <Text className={v.tag}>{v.label}</Text>
                  <Text className="tag tag--amber">{offerWindowLabel(o, today, lang)}</Text>
                  <Text className="strong">{o.title}</Text>
                </View>
                <Text className="block muted small">
                  {tr('offers.validity', { from: o.validFrom, to: o.validTo })}
                </Text>
                {o.description ? <Text className="block small">{o.description}</Text> : null}
                {o.photo ? <Image style={THUMB} src={o.photo} mode="aspectFill" lazyLoad /> : null}
                {o.takeDownReason ? (
                  <Text className="block small">{tr('products.takenDown', { v: o.takeDownReason })}</Text>
                ) : null}
                {isOwner && toggle ? (
                  <View className="btn-row">
                    <Btn
                      kind="secondary"
                      small
                      onClick={() => Taro.navigateTo({ url: withQuery(EDIT_OFFER, { id: o.id }) })}
                    >
                      {tr('products.edit')}
                    </Btn>
                    <Btn
                      kind="plain"
                      small
                      disabled={busy}
                      onClick={() => setShown('offer', o.id, toggle === 'show')}
                    >
                      {tr(toggle === 'show' ? 'products.show' : 'products.hide')}
                    </Btn>
                  </View>
                ) : null}
              </View>
            );
          })}
    </View>
  );
}
