import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { MerchantChangeRequestDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn, chipA11y } from '../../../../components/Btn';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import {
  buildShopEdit,
  changeLines,
  type ShopEditField,
  type ShopEditForm,
  shopEditFieldFor,
  shopEditFormOf,
} from '../../../../logic/shopEdit';
import { getMyMerchant } from '../../../../services/api';
import { editMyShop, getMyChangeRequests } from '../../../../services/desks';
import { messageFor, showOk } from '../../../../services/errors';
import { ApiError } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { MyMerchantDto } from '../../../../services/types';
import { scrollToFirstError } from '../../../../services/useFormSubmit';

/** 编辑店铺资料: hours and phone at once; the licence and the discount as a change request. */
export default function ShopEdit() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [shop, setShop] = useState<MyMerchantDto | null>(null);
  const [form, setForm] = useState<ShopEditForm | null>(null);
  const [requests, setRequests] = useState<MerchantChangeRequestDto[]>([]);
  const [errors, setErrors] = useState<Partial<Record<ShopEditField | 'form', string>>>({});
  const [loadError, setLoadError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [mine, changes] = await Promise.all([getMyMerchant(), getMyChangeRequests()]);
      setShop(mine.merchant);
      setForm(shopEditFormOf(mine.merchant));
      setRequests(changes.requests);
      setLoadError('');
    } catch (e) {
      setLoadError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['merchant_staff'])) return;
    load();
  });

  const set = (k: keyof ShopEditForm) => (v: string) => setForm((f) => (f ? { ...f, [k]: v } : f));

  const save = async () => {
    if (!shop || !form) return;
    const built = buildShopEdit(form, shop, lang);
    if (!built.ok) {
      setErrors(built.errors);
      setTimeout(scrollToFirstError, 50);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await editMyShop(built.body);
      setShop(r.merchant);
      setForm(shopEditFormOf(r.merchant));
      showOk(tr(r.changeRequest ? 'shopEdit.sentForReview' : 'shopEdit.saved'));
      const changes = await getMyChangeRequests().catch(() => null);
      if (changes) setRequests(changes.requests);
    } catch (e) {
      const field = e instanceof ApiError ? shopEditFieldFor(e.code, e.details) : null;
      setErrors({ [field ?? 'form']: messageFor(e) });
      setTimeout(scrollToFirstError, 50);
    } finally {
      setBusy(false);
    }
  };

  if (!form || !shop) {
    return (
      <View className={pageClass(large)}>
        <Text className={loadError ? 'block bad' : 'muted'}>{loadError || tr('common.loading')}</Text>
        {loadError ? (
          <Btn kind="secondary" onClick={load}>
            {tr('common.retry')}
          </Btn>
        ) : null}
      </View>
    );
  }
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('shopEdit.title')}</Text>
      <Text className="block muted">{tr('shopEdit.intro')}</Text>
      <View className="card">
        <TextField
          label={tr('shopEdit.hours')}
          value={form.openingHours}
          maxlength={200}
          onInput={set('openingHours')}
          error={errors.openingHours}
        />
        <TextField
          label={tr('shopEdit.phone')}
          type="number"
          value={form.contactPhone}
          maxlength={20}
          onInput={set('contactPhone')}
          error={errors.contactPhone}
        />
      </View>
      <View className="card">
        <TextField
          label={tr('shopEdit.licence')}
          value={form.licenceNo}
          maxlength={20}
          onInput={set('licenceNo')}
          error={errors.licenceNo}
        />
        <Text className="field__label">{tr('shopEdit.discount')}</Text>
        <View className="chips">
          {(['percent', 'text'] as const).map((m) => (
            <View
              key={m}
              className={`chip ${form.mode === m ? 'chip--on' : ''}`}
              onClick={() => setForm({ ...form, mode: m })}
              {...chipA11y(form.mode === m)}
            >
              {tr(m === 'percent' ? 'apply.percentMode' : 'apply.textMode')}
            </View>
          ))}
        </View>
        {form.mode === 'percent' ? (
          <TextField
            label={tr('shopEdit.percent')}
            type="number"
            value={form.percentOff}
            maxlength={2}
            onInput={set('percentOff')}
            error={errors.percentOff}
          />
        ) : (
          <TextField
            label={tr('shopEdit.text')}
            value={form.discountText}
            maxlength={200}
            onInput={set('discountText')}
            error={errors.discountText}
          />
        )}
        <TextField
          label={tr('shopEdit.conditions')}
          value={form.conditions}
          maxlength={500}
          onInput={set('conditions')}
          error={errors.conditions}
        />
      </View>
      {errors.form ? (
        <Text className="field__error" {...(process.env.TARO_ENV === 'h5' ? { role: 'alert' } : {})}>
          {errors.form}
        </Text>
      ) : null}
      <Btn onClick={save} disabled={busy}>
        {tr('shopEdit.save')}
      </Btn>

      <View className="card">
        <Text className="h2">{tr('shopEdit.requests')}</Text>
        {requests.length === 0 ? <Text className="muted">{tr('shopEdit.noRequests')}</Text> : null}
        {requests.map((r) => (
          <View className="line" key={r.id}>
            <Text
              className={`tag ${r.status === 'approved' ? 'tag--green' : r.status === 'rejected' ? 'tag--grey' : 'tag--amber'}`}
            >
              {tr(`changes.status.${r.status}`)}
            </Text>
            {changeLines(r, lang).map((l) => (
              <Text className="block small" key={l.label}>
                {tr('changes.line', l)}
              </Text>
            ))}
            <Text className="block small muted">
              {tr('changes.by', { name: r.requestedBy.displayName, at: formatDateTime(r.requestedAt) })}
            </Text>
            {r.decidedBy && r.decidedAt ? (
              <Text className="block small muted">
                {tr('changes.decided', { name: r.decidedBy.displayName, at: formatDateTime(r.decidedAt) })}
              </Text>
            ) : null}
            {r.decisionReason ? (
              <Text className="block small">{tr('common.reason', { v: r.decisionReason })}</Text>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
