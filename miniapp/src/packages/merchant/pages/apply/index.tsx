import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { merchantCategories, merchantTags } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { CoordinateFields } from '../../../../components/CoordinateFields';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import { labelOf, MERCHANT_CATEGORY, MERCHANT_TAG } from '../../../../logic/labels';
import {
  type ApplicationForm,
  applicationSessionExpiry,
  buildApplication,
  emptyApplication,
  type MerchantCategory,
  type MerchantTag,
  PLEDGE_TEXT,
  PLEDGE_VERSION,
  percentPreview,
} from '../../../../logic/merchantApply';
import { SHOP_PAGE } from '../../../../logic/session';
import { applyMerchant, listCommunities } from '../../../../services/api';
import { locate } from '../../../../services/device';
import { showError } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { saveSession } from '../../../../services/session';
import type { CommunityDto } from '../../../../services/types';

/** A shop applies: its owner's account, the shop, its discount and the pledge (承诺书). */
export default function Apply() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [form, setForm] = useState<ApplicationForm>(emptyApplication);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [communities, setCommunities] = useState<CommunityDto[]>([]);
  const [busy, setBusy] = useState(false);

  useLoad(() => {
    listCommunities()
      .then((r) => {
        setCommunities(r.communities);
        if (r.communities.length === 1) setForm((f) => ({ ...f, communityId: r.communities[0]!.id }));
      })
      .catch(showError);
  });

  const set = <K extends keyof ApplicationForm>(k: K, v: ApplicationForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const toggleTag = (tag: MerchantTag) =>
    set('tags', form.tags.includes(tag) ? form.tags.filter((x) => x !== tag) : [...form.tags, tag]);

  const here = async () => {
    const where = await locate(6000);
    if (!where) {
      Taro.showToast({ title: tr('apply.noLocation'), icon: 'none' });
      return;
    }
    setForm((f) => ({ ...f, lat: where.lat.toFixed(6), lng: where.lng.toFixed(6) }));
  };

  const submit = async () => {
    const built = buildApplication(form);
    if (!built.ok) {
      setErrors(built.errors);
      Taro.showToast({ title: built.first, icon: 'none', duration: 3000 });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await applyMerchant(built.value);
      saveSession({ token: r.token, expiresAt: applicationSessionExpiry(Date.now()), user: r.user });
      Taro.reLaunch({ url: SHOP_PAGE });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const communityIndex = Math.max(
    0,
    communities.findIndex((c) => c.id === form.communityId),
  );
  const categoryIndex = merchantCategories.indexOf(form.category);

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('apply.title')}</Text>
      <Text className="block muted">{tr('apply.intro')}</Text>
      <View className="gap" />

      <View className="card">
        <Text className="h2">{tr('apply.community')}</Text>
        <Field label={tr('apply.communityField')} error={errors.communityId}>
          <Picker
            mode="selector"
            range={communities.map((c) => c.name)}
            value={communityIndex}
            onChange={(e) => set('communityId', communities[Number(e.detail.value)]?.id ?? null)}
          >
            <View className="picker">
              {communities.find((c) => c.id === form.communityId)?.name ?? tr('apply.chooseCommunity')}
            </View>
          </Picker>
        </Field>
      </View>

      <View className="card">
        <Text className="h2">{tr('apply.owner')}</Text>
        <TextField
          label={tr('apply.username')}
          error={errors['owner.username']}
          value={form.username}
          placeholder="wangji-bakery"
          onInput={(v) => set('username', v)}
        />
        <TextField
          label={tr('apply.password')}
          error={errors['owner.password']}
          password
          value={form.password}
          onInput={(v) => set('password', v)}
        />
        <TextField
          label={tr('apply.ownerName')}
          error={errors['owner.displayName']}
          value={form.displayName}
          placeholder={tr('apply.ownerNameHint')}
          onInput={(v) => set('displayName', v)}
        />
      </View>

      <View className="card">
        <Text className="h2">{tr('apply.shop')}</Text>
        <TextField
          label={tr('apply.name')}
          error={errors.name}
          value={form.name}
          onInput={(v) => set('name', v)}
        />
        <Field label={tr('apply.category')} error={errors.category}>
          <Picker
            mode="selector"
            range={merchantCategories.map((c) => labelOf(MERCHANT_CATEGORY, c, lang))}
            value={categoryIndex}
            onChange={(e) => set('category', merchantCategories[Number(e.detail.value)] as MerchantCategory)}
          >
            <View className="picker">{labelOf(MERCHANT_CATEGORY, form.category, lang)}</View>
          </Picker>
        </Field>
        <Field label={tr('apply.tags')} error={errors.tags}>
          <View className="chips">
            {merchantTags.map((tag) => (
              <View
                key={tag}
                className={`chip ${form.tags.includes(tag) ? 'chip--on' : ''}`}
                onClick={() => toggleTag(tag)}
              >
                {labelOf(MERCHANT_TAG, tag, lang)}
              </View>
            ))}
          </View>
        </Field>
        <TextField
          label={tr('apply.address')}
          error={errors.address}
          value={form.address}
          onInput={(v) => set('address', v)}
        />
        <Btn kind="secondary" small onClick={here}>
          {tr('apply.here')}
        </Btn>
        <CoordinateFields
          lang={lang}
          lat={form.lat}
          lng={form.lng}
          onLat={(v) => set('lat', v)}
          onLng={(v) => set('lng', v)}
          latError={errors.lat}
          lngError={errors.lng}
        />
        <TextField
          label={tr('apply.hours')}
          error={errors.openingHours}
          value={form.openingHours}
          placeholder={tr('apply.hoursHint')}
          onInput={(v) => set('openingHours', v)}
        />
        <TextField
          label={tr('apply.phone')}
          error={errors.contactPhone}
          type="number"
          value={form.contactPhone}
          onInput={(v) => set('contactPhone', v)}
        />
        <TextField
          label={tr('apply.licence')}
          error={errors.licenceNo}
          value={form.licenceNo}
          placeholder={tr('apply.licenceHint')}
          onInput={(v) => set('licenceNo', v)}
        />
      </View>

      <View className="card">
        <Text className="h2">{tr('apply.discount')}</Text>
        <View className="chips">
          <View
            className={`chip ${form.discountMode === 'percent' ? 'chip--on' : ''}`}
            onClick={() => set('discountMode', 'percent')}
          >
            {tr('apply.percentMode')}
          </View>
          <View
            className={`chip ${form.discountMode === 'text' ? 'chip--on' : ''}`}
            onClick={() => set('discountMode', 'text')}
          >
            {tr('apply.textMode')}
          </View>
        </View>
        {form.discountMode === 'percent' ? (
          <Field label={tr('apply.percent')} error={errors['discount.percentOff']}>
            <Input
              className="input"
              type="number"
              value={form.percentOff}
              onInput={(e) => set('percentOff', e.detail.value)}
            />
            {percentPreview(form.percentOff) ? (
              <Text className="block ok strong">
                {tr('apply.percentPreview', { v: percentPreview(form.percentOff) })}
              </Text>
            ) : null}
          </Field>
        ) : (
          <TextField
            label={tr('apply.discountText')}
            error={errors['discount.text']}
            value={form.discountText}
            placeholder={tr('apply.discountTextHint')}
            onInput={(v) => set('discountText', v)}
          />
        )}
        <Field label={tr('apply.conditions')} error={errors['discount.conditions']}>
          <Textarea
            className="textarea"
            value={form.conditions}
            maxlength={500}
            placeholder={tr('apply.conditionsHint')}
            onInput={(e) => set('conditions', e.detail.value)}
          />
        </Field>
      </View>

      <View className="card">
        <Text className="h2">{tr('apply.pledge', { v: PLEDGE_VERSION })}</Text>
        {lang === 'en' ? <Text className="block muted small">{tr('apply.pledgeNote')}</Text> : null}
        {PLEDGE_TEXT.map((p) => (
          <Text className="block small" key={p}>
            {p}
          </Text>
        ))}
        <View className="row row--start" onClick={() => set('pledgeAccepted', !form.pledgeAccepted)}>
          <View className={`checkbox ${form.pledgeAccepted ? 'checkbox--on' : ''}`}>
            {form.pledgeAccepted ? '✓' : ''}
          </View>
          <Text className="strong">{tr('apply.pledgeAccept')}</Text>
        </View>
        {errors.pledge ? <Text className="field__error">{errors.pledge}</Text> : null}
      </View>

      <Btn onClick={submit} disabled={busy}>
        {tr('apply.submit')}
      </Btn>
    </View>
  );
}
