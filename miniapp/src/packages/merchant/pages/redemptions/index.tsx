import { Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { localDate, type RedemptionDto, type RedemptionItemOwnDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import {
  type ItemField,
  type ItemForm,
  itemBodyOf,
  itemLine,
  ownerActions,
} from '../../../../logic/redemptions';
import { getMyMerchant } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import {
  createRedemptionItem,
  listMyRedemptionItems,
  listShopRedemptions,
  updateRedemptionItem,
} from '../../../../services/redemptions';
import { requireSession } from '../../../../services/session';

const blank = (today: string): ItemForm => ({
  title: '',
  description: '',
  points: '',
  value: '',
  stock: '',
  validFrom: today,
  validTo: today,
});

/** The shop's items for points: the owner publishes, hides and ends them; staff see them and the redemptions. */
export default function Redemptions() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const today = localDate(new Date());
  const [isOwner, setIsOwner] = useState(false);
  const [items, setItems] = useState<RedemptionItemOwnDto[] | null>(null);
  const [recent, setRecent] = useState<RedemptionDto[]>([]);
  const [error, setError] = useState('');
  const [form, setForm] = useState<ItemForm>(blank(today));
  const [fieldError, setFieldError] = useState<{ field: ItemField | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [me, list, done] = await Promise.all([
        getMyMerchant(),
        listMyRedemptionItems(),
        listShopRedemptions(),
      ]);
      setIsOwner(me.isOwner);
      setItems(list.items);
      setRecent(done.redemptions.slice(0, 20));
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

  const set = (k: keyof ItemForm, v: string) => setForm({ ...form, [k]: v });
  const errorOf = (f: ItemField) => (fieldError?.field === f ? fieldError.text : undefined);

  const save = async () => {
    const checked = itemBodyOf(form, today);
    if (!checked.ok) {
      setFieldError({ field: checked.field, text: tr(checked.error) });
      return;
    }
    setBusy(true);
    setFieldError(null);
    try {
      await createRedemptionItem(checked.body);
      showOk(tr('rd.own.saved'));
      setForm(blank(today));
      await load();
    } catch (e) {
      setFieldError({ field: 'form', text: messageFor(e) });
    } finally {
      setBusy(false);
    }
  };

  const move = async (id: number, status: 'published' | 'hidden' | 'ended') => {
    setBusy(true);
    try {
      await updateRedemptionItem(id, { status });
      showOk(tr(`rd.status.${status}`));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('rd.own.title')}</Text>
      <Text className="block muted">{tr('rd.own.intro')}</Text>
      {error ? <Text className="block bad">{error}</Text> : null}
      {items && items.length === 0 ? <Empty title={tr('rd.empty')} /> : null}
      {items?.map((i) => (
        <View className="card" key={i.id}>
          <View className="row row--start">
            <Text className={`tag ${i.status === 'published' ? 'tag--green' : 'tag--amber'}`}>
              {tr(`rd.status.${i.status}`)}
            </Text>
            <Text className="strong">{i.title}</Text>
          </View>
          <Text className="block amount">{itemLine(i, lang)}</Text>
          <Text className="block small muted">
            {tr('rd.validity', { from: i.validFrom, to: i.validTo })} ·{' '}
            {tr('rd.own.redeemed', { n: i.redeemed })}
          </Text>
          {i.takeDownReason ? (
            <Text className="block small bad">{tr('common.reason', { v: i.takeDownReason })}</Text>
          ) : null}
          {isOwner ? (
            <View className="btn-row">
              {ownerActions(i.status).map((a) => (
                <Btn
                  key={a.action}
                  kind={a.action === 'end' ? 'danger' : 'secondary'}
                  small
                  disabled={busy}
                  onClick={() => move(i.id, a.status as 'published' | 'hidden' | 'ended')}
                >
                  {tr(a.label)}
                </Btn>
              ))}
            </View>
          ) : null}
        </View>
      ))}

      {isOwner ? (
        <View className="card">
          <Text className="h2">{tr('rd.own.new')}</Text>
          <TextField
            label={tr('rd.own.titleField')}
            value={form.title}
            maxlength={60}
            onInput={(v) => set('title', v)}
            error={errorOf('title')}
          />
          <TextField
            label={tr('rd.own.description')}
            value={form.description}
            maxlength={500}
            onInput={(v) => set('description', v)}
          />
          <TextField
            label={tr('rd.own.pointsField')}
            type="number"
            value={form.points}
            onInput={(v) => set('points', v)}
            error={errorOf('points')}
          />
          <TextField
            label={tr('rd.own.valueField')}
            type="digit"
            value={form.value}
            onInput={(v) => set('value', v)}
            error={errorOf('value')}
          />
          <TextField
            label={tr('rd.own.stockField')}
            type="number"
            value={form.stock}
            onInput={(v) => set('stock', v)}
            error={errorOf('stock')}
          />
          <View className="btn-row">
            <Field label={tr('rd.own.from')} error={errorOf('dates')}>
              <Picker mode="date" value={form.validFrom} onChange={(e) => set('validFrom', e.detail.value)}>
                <View className="picker">{form.validFrom}</View>
              </Picker>
            </Field>
            <Field label={tr('rd.own.to')}>
              <Picker
                mode="date"
                value={form.validTo}
                start={today}
                onChange={(e) => set('validTo', e.detail.value)}
              >
                <View className="picker">{form.validTo}</View>
              </Picker>
            </Field>
          </View>
          {fieldError?.field === 'form' ? <Text className="field__error">{fieldError.text}</Text> : null}
          <Btn onClick={save} disabled={busy}>
            {tr('rd.own.save')}
          </Btn>
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">{tr('rd.own.recent')}</Text>
        {recent.length === 0 ? <Text className="block muted">{tr('rd.own.noRecent')}</Text> : null}
        {recent.map((r) => (
          <View className="line" key={r.id}>
            <Text className="block">
              {r.item.title} · {tr('rd.points', { n: r.points })} · {r.holder}
            </Text>
            <Text className="block small muted">{formatDateTime(r.createdAt)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
