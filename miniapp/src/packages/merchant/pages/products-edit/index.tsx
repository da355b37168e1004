import { Switch, Text, Textarea, View } from '@tarojs/components';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import {
  buildProductInput,
  emptyProductForm,
  type ProductForm,
  productToForm,
} from '../../../../logic/products';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { createProduct, listMyProducts, updateProduct } from '../../../../services/products';
import { useEditForm } from '../../../../services/useEditForm';

/** The owner publishes a product, or edits one (?id=). */
export default function ProductEdit() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const { id, form, set, errors, busy, save } = useEditForm({
    roles: ['merchant_staff'],
    initial: emptyProductForm,
    load: async (id) => {
      const p = (await listMyProducts()).products.find((x) => x.id === id);
      return p ? productToForm(p) : undefined;
    },
    build: (f: ProductForm) => buildProductInput(f, lang),
    save: (id, value) => (id ? updateProduct(id, value) : createProduct(value)),
    savedText: tr('products.saved'),
  });

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(id ? 'products.form.edit' : 'products.form.new')}</Text>
      <View className="card">
        <TextField
          label={tr('products.form.name')}
          error={errors.name}
          value={form.name}
          maxlength={60}
          placeholder={tr('products.form.nameHint')}
          onInput={(v) => set('name', v)}
        />
        <View className="btn-row">
          <TextField
            label={tr('products.form.price')}
            error={errors.priceFen}
            type="digit"
            value={form.price}
            onInput={(v) => set('price', v)}
          />
          <TextField
            label={tr('products.form.priceText')}
            error={errors.priceText}
            value={form.priceText}
            maxlength={40}
            onInput={(v) => set('priceText', v)}
          />
        </View>
        <View className="row">
          <Text>{tr('products.form.isLocal')}</Text>
          <Switch
            checked={form.isLocal}
            color="#c8102e"
            nativeProps={{ 'aria-label': tr('products.form.isLocal') }}
            onChange={(e) => set('isLocal', e.detail.value)}
          />
        </View>
        <Field label={tr('products.form.description')} error={errors.description}>
          <Textarea
            className="textarea"
            value={form.description}
            maxlength={1000}
            onInput={(e) => set('description', e.detail.value)}
          />
        </Field>
        <Field label={tr('products.form.photos')} error={errors.photos}>
          <Textarea
            className="textarea"
            value={form.photos}
            maxlength={3100}
            placeholder="https://"
            onInput={(e) => set('photos', e.detail.value)}
          />
        </Field>
        <Btn onClick={save} disabled={busy}>
          {tr('products.form.save')}
        </Btn>
      </View>
    </View>
  );
}
