import { Picker, Text, Textarea, View } from '@tarojs/components';
import { localDate } from '@timebank/shared';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import { buildOfferInput, emptyOfferForm, type OfferForm, offerToForm } from '../../../../logic/products';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { createOffer, listMyOffers, updateOffer } from '../../../../services/products';
import { useEditForm } from '../../../../services/useEditForm';

/** The owner publishes a time-limited offer, or edits one (?id=). Dates are local (Asia/Shanghai). */
export default function OfferEdit() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const today = localDate(new Date());
  const { id, form, set, errors, busy, save } = useEditForm({
    roles: ['merchant_staff'],
    initial: () => emptyOfferForm(today),
    load: async (id) => {
      const o = (await listMyOffers()).offers.find((x) => x.id === id);
      return o ? offerToForm(o) : undefined;
    },
    build: (f: OfferForm) => buildOfferInput(f, today, lang),
    save: (id, value) => (id ? updateOffer(id, value) : createOffer(value)),
    savedText: tr('products.saved'),
  });

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(id ? 'offers.form.edit' : 'offers.form.new')}</Text>
      <View className="card">
        <TextField
          label={tr('offers.form.title')}
          error={errors.title}
          value={form.title}
          maxlength={80}
          placeholder={tr('offers.form.titleHint')}
          onInput={(v) => set('title', v)}
        />
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
        <TextField
          label={tr('offers.form.photo')}
          error={errors.photo}
          value={form.photo}
          maxlength={500}
          placeholder="https://"
          onInput={(v) => set('photo', v)}
        />
        <Btn onClick={save} disabled={busy}>
          {tr('products.form.save')}
        </Btn>
      </View>
    </View>
  );
}
