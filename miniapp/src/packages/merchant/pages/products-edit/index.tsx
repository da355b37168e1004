import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import {
  buildProductInput,
  emptyProductForm,
  type ProductForm,
  productToForm,
} from '../../../../logic/products';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { createProduct, listMyProducts, updateProduct } from '../../../../services/products';
import { requireSession } from '../../../../services/session';

/** The owner publishes a product, or edits one (?id=). */
export default function ProductEdit() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const id = router.params.id ? Number(router.params.id) : null;
  const [form, setForm] = useState<ProductForm>(emptyProductForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ProductForm>(k: K, v: ProductForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  useLoad(() => {
    if (!requireSession(['merchant_staff'])) return;
    if (id) {
      listMyProducts()
        .then((r) => {
          const p = r.products.find((x) => x.id === id);
          if (p) setForm(productToForm(p));
        })
        .catch(showError);
    }
  });

  const save = async () => {
    const built = buildProductInput(form, lang);
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (id) await updateProduct(id, built.value);
      else await createProduct(built.value);
      showOk(tr('products.saved'));
      setTimeout(() => Taro.navigateBack(), 800);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(id ? 'products.form.edit' : 'products.form.new')}</Text>
      <View className="card">
        <Field label={tr('products.form.name')} error={errors.name}>
          <Input
            className="input"
            value={form.name}
            maxlength={60}
            placeholder={tr('products.form.nameHint')}
            onInput={(e) => set('name', e.detail.value)}
          />
        </Field>
        <View className="btn-row">
          <Field label={tr('products.form.price')} error={errors.priceFen}>
            <Input
              className="input"
              type="digit"
              value={form.price}
              onInput={(e) => set('price', e.detail.value)}
            />
          </Field>
          <Field label={tr('products.form.priceText')} error={errors.priceText}>
            <Input
              className="input"
              value={form.priceText}
              maxlength={40}
              onInput={(e) => set('priceText', e.detail.value)}
            />
          </Field>
        </View>
        <View className="row">
          <Text>{tr('products.form.isLocal')}</Text>
          <Switch checked={form.isLocal} color="#c8102e" onChange={(e) => set('isLocal', e.detail.value)} />
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
