import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { localDate } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import { buildOfferInput, emptyOfferForm, type OfferForm, offerToForm } from '../../../../logic/products';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { createOffer, listMyOffers, updateOffer } from '../../../../services/products';
import { requireSession } from '../../../../services/session';

/** The owner publishes a time-limited offer, or edits one (?id=). Dates are local (Asia/Shanghai). */
export default function OfferEdit() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const id = router.params.id ? Number(router.params.id) : null;
  const today = localDate(new Date());
  const [form, setForm] = useState<OfferForm>(() => emptyOfferForm(today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof OfferForm>(k: K, v: OfferForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  useLoad(() => {
    if (!requireSession(['merchant_staff'])) return;
    if (id) {
      listMyOffers()
        .then((r) => {
          const o = r.offers.find((x) => x.id === id);
          if (o) setForm(offerToForm(o));
        })
        .catch(showError);
    }
  });

  const save = async () => {
    const built = buildOfferInput(form, today, lang);
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (id) await updateOffer(id, built.value);
      else await createOffer(built.value);
      showOk(tr('products.saved'));
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(id ? 'offers.form.edit' : 'offers.form.new')}</Text>
      <View className="card">
        <Field label={tr('offers.form.title')} error={errors.title}>
          <Input
            className="input"
            value={form.title}
            maxlength={80}
            placeholder={tr('offers.form.titleHint')}
            onInput={(e) => set('title', e.detail.value)}
          />
        </Field>
        <View className="btn-row">
          <Field label={tr('offers.form.from')} error={errors.validFrom}>
            <Picker mode="date" value={form.validFrom} onChange={(e) => set('validFrom', e.detail.value)}>
              <View className="picker">{form.validFrom}</View>
            </Picker>
          </Field>
          <Field label={tr('offers.form.to')} error={errors.validTo}>
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
        <Field label={tr('offers.form.description')} error={errors.description}>
          <Textarea
            className="textarea"
            value={form.description}
            maxlength={1000}
            onInput={(e) => set('description', e.detail.value)}
          />
        </Field>
        <Field label={tr('offers.form.photo')} error={errors.photo}>
          <Input
            className="input"
            value={form.photo}
            maxlength={500}
            placeholder="https://"
            onInput={(e) => set('photo', e.detail.value)}
          />
        </Field>
        <Btn onClick={save} disabled={busy}>
          {tr('products.form.save')}
        </Btn>
      </View>
    </View>
  );
}
