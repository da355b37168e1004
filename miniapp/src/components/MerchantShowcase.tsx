import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { type OfferDto, offerWindowLabel, type ProductDto, priceLabel } from '../logic/products';
import { itemLine, type RedemptionItemDto } from '../logic/redemptions';
import { messageFor, showError, showOk } from '../services/errors';
import { useLang } from '../services/prefs';
import {
  listMerchantOffers,
  listMerchantProducts,
  takeDownOffer,
  takeDownProduct,
} from '../services/products';
import { listMerchantRedemptionItems, takeDownRedemptionItem } from '../services/redemptions';
import { Btn } from './Btn';

type Kind = 'product' | 'offer' | 'item';

/** Thumbnails; inline so the component needs no stylesheet of its own. */
const PHOTO = { width: '160rpx', height: '160rpx', marginRight: '12rpx', borderRadius: '8rpx' };

/**
 * A merchant's products and current offers, opened on demand (a shop card stays short). Officers get a
 * take-down button with a reason on each item.
 */
export function MerchantShowcase({ merchantId, officer = false }: { merchantId: number; officer?: boolean }) {
  const { tr, lang } = useLang();
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<{
    products: ProductDto[];
    offers: OfferDto[];
    items: RedemptionItemDto[];
    today: string;
  } | null>(null);
  const [error, setError] = useState('');
  const [target, setTarget] = useState<{ kind: Kind; id: number } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const [p, o, r] = await Promise.all([
        listMerchantProducts(merchantId),
        listMerchantOffers(merchantId),
        listMerchantRedemptionItems(merchantId),
      ]);
      setData({ products: p.products, offers: o.offers, items: r.items, today: o.today });
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  };

  const toggle = () => {
    if (!open && !data) load();
    setOpen(!open);
  };

  const takeDown = async () => {
    if (!target) return;
    if (!reason.trim()) {
      Taro.showToast({ title: tr('products.takeDownReason'), icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      if (target.kind === 'product') await takeDownProduct(target.id, reason.trim());
      else if (target.kind === 'item') await takeDownRedemptionItem(target.id, reason.trim());
      else await takeDownOffer(target.id, reason.trim());
      showOk(tr('products.takenDownOk'));
      setTarget(null);
      setReason('');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const takeDownBox = (kind: Kind, id: number) =>
    officer ? (
      target?.kind === kind && target.id === id ? (
        <View>
          <Textarea
            className="textarea"
            value={reason}
            maxlength={500}
            placeholder={tr('products.takeDownReason')}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Btn kind="danger" small onClick={takeDown} disabled={busy}>
            {tr('products.takeDown')}
          </Btn>
        </View>
      ) : (
        <Btn kind="plain" small onClick={() => setTarget({ kind, id })}>
          {tr('products.takeDown')}
        </Btn>
      )
    ) : null;

  return (
    <View>
      <Btn kind="secondary" small onClick={toggle}>
        {open ? `${tr('products.section')} ▲` : tr('products.sectionOpen')}
      </Btn>
      {open && error ? <Text className="block muted small">{error}</Text> : null}
      {open && !data && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {open && data && data.items.length > 0 ? (
        <View className="line">
          <Text className="h2">{tr('rd.section')}</Text>
          <Text className="block small muted">{tr('rd.howTo')}</Text>
        </View>
      ) : null}
      {open && data
        ? data.items.map((i) => (
            <View className="line" key={`r${i.id}`}>
              <View className="row row--start">
                <Text className={`tag ${i.redeemable ? 'tag--green' : 'tag--amber'}`}>
                  {i.redeemable ? tr('rd.section') : i.stock === 0 ? tr('rd.stock.none') : tr('rd.notYet')}
                </Text>
                <Text className="strong">{i.title}</Text>
              </View>
              <Text className="block amount">{itemLine(i, lang)}</Text>
              {i.description ? <Text className="block small">{i.description}</Text> : null}
              <Text className="block muted small">
                {tr('rd.validity', { from: i.validFrom, to: i.validTo })}
              </Text>
              {takeDownBox('item', i.id)}
            </View>
          ))
        : null}
      {open && data && data.products.length === 0 && data.offers.length === 0 && data.items.length === 0 ? (
        <Text className="block muted">{tr('products.sectionEmpty')}</Text>
      ) : null}
      {open && data
        ? data.offers.map((o) => (
            <View className="line" key={`o${o.id}`}>
              <View className="row row--start">
                <Text className="tag tag--amber">{offerWindowLabel(o, data.today, lang)}</Text>
                <Text className="strong">{o.title}</Text>
              </View>
              {o.description ? <Text className="block small">{o.description}</Text> : null}
              <Text className="block muted small">
                {tr('offers.validity', { from: o.validFrom, to: o.validTo })}
              </Text>
              {o.photo ? <Image style={PHOTO} src={o.photo} mode="aspectFill" lazyLoad /> : null}
              {takeDownBox('offer', o.id)}
            </View>
          ))
        : null}
      {open && data
        ? data.products.map((p) => (
            <View className="line" key={`p${p.id}`}>
              <View className="row row--start">
                {p.isLocal ? <Text className="tag tag--green">{tr('products.local')}</Text> : null}
                <Text className="strong">{p.name}</Text>
              </View>
              <Text className="block amount">{priceLabel(p)}</Text>
              {p.description ? <Text className="block small">{p.description}</Text> : null}
              {p.photos.length ? (
                <View className="row row--start">
                  {p.photos.map((src) => (
                    <Image
                      style={PHOTO}
                      key={src}
                      src={src}
                      mode="aspectFill"
                      lazyLoad
                      onClick={() => Taro.previewImage({ current: src, urls: p.photos })}
                    />
                  ))}
                </View>
              ) : null}
              {takeDownBox('product', p.id)}
            </View>
          ))
        : null}
    </View>
  );
}
