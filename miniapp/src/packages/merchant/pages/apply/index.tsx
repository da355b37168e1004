import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { merchantCategories, merchantTags } from '@timebank/shared';
import { type ReactNode, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { merchantCategoryLabels, merchantTagLabels } from '../../../../logic/format';
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
import { pageClass, useLargeType } from '../../../../services/prefs';
import { saveSession } from '../../../../services/session';
import type { CommunityDto } from '../../../../services/types';

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      {children}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  );
}

/** A shop applies: its owner's account, the shop, its discount and the pledge (承诺书). */
export default function Apply() {
  const [large] = useLargeType();
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
      Taro.showToast({ title: '无法获取位置，请手动填写经纬度', icon: 'none' });
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
      <Text className="h1">商家申请加入联盟</Text>
      <Text className="block muted">填写店铺信息并签署承诺书，社区审核通过后即可核验志愿者证书。</Text>
      <View className="gap" />

      <View className="card">
        <Text className="h2">所在社区</Text>
        <Field label="社区" error={errors.communityId}>
          <Picker
            mode="selector"
            range={communities.map((c) => c.name)}
            value={communityIndex}
            onChange={(e) => set('communityId', communities[Number(e.detail.value)]?.id ?? null)}
          >
            <View className="picker">
              {communities.find((c) => c.id === form.communityId)?.name ?? '请选择社区'}
            </View>
          </Picker>
        </Field>
      </View>

      <View className="card">
        <Text className="h2">店主账号</Text>
        <Field label="用户名（登录用）" error={errors['owner.username']}>
          <Input
            className="input"
            value={form.username}
            placeholder="如 wangji-bakery"
            onInput={(e) => set('username', e.detail.value)}
          />
        </Field>
        <Field label="密码（至少 8 位）" error={errors['owner.password']}>
          <Input
            className="input"
            password
            value={form.password}
            onInput={(e) => set('password', e.detail.value)}
          />
        </Field>
        <Field label="店主姓名或称呼" error={errors['owner.displayName']}>
          <Input
            className="input"
            value={form.displayName}
            placeholder="如 王老板"
            onInput={(e) => set('displayName', e.detail.value)}
          />
        </Field>
      </View>

      <View className="card">
        <Text className="h2">店铺信息</Text>
        <Field label="店名" error={errors.name}>
          <Input className="input" value={form.name} onInput={(e) => set('name', e.detail.value)} />
        </Field>
        <Field label="类别" error={errors.category}>
          <Picker
            mode="selector"
            range={merchantCategories.map((c) => merchantCategoryLabels[c] ?? c)}
            value={categoryIndex}
            onChange={(e) => set('category', merchantCategories[Number(e.detail.value)] as MerchantCategory)}
          >
            <View className="picker">{merchantCategoryLabels[form.category] ?? form.category}</View>
          </Picker>
        </Field>
        <Field label="标签（可多选）" error={errors.tags}>
          <View className="chips">
            {merchantTags.map((tag) => (
              <View
                key={tag}
                className={`chip ${form.tags.includes(tag) ? 'chip--on' : ''}`}
                onClick={() => toggleTag(tag)}
              >
                {merchantTagLabels[tag] ?? tag}
              </View>
            ))}
          </View>
        </Field>
        <Field label="地址" error={errors.address}>
          <Input className="input" value={form.address} onInput={(e) => set('address', e.detail.value)} />
        </Field>
        <Btn kind="secondary" small onClick={here}>
          使用我的位置
        </Btn>
        <View className="btn-row">
          <Field label="纬度" error={errors.lat}>
            <Input
              className="input"
              type="digit"
              value={form.lat}
              onInput={(e) => set('lat', e.detail.value)}
            />
          </Field>
          <Field label="经度" error={errors.lng}>
            <Input
              className="input"
              type="digit"
              value={form.lng}
              onInput={(e) => set('lng', e.detail.value)}
            />
          </Field>
        </View>
        <Field label="营业时间" error={errors.openingHours}>
          <Input
            className="input"
            value={form.openingHours}
            placeholder="如 每天 8:00–20:00"
            onInput={(e) => set('openingHours', e.detail.value)}
          />
        </Field>
        <Field label="联系电话" error={errors.contactPhone}>
          <Input
            className="input"
            type="number"
            value={form.contactPhone}
            onInput={(e) => set('contactPhone', e.detail.value)}
          />
        </Field>
        <Field label="营业执照统一社会信用代码" error={errors.licenceNo}>
          <Input
            className="input"
            value={form.licenceNo}
            placeholder="15–20 位数字或大写字母"
            onInput={(e) => set('licenceNo', e.detail.value)}
          />
        </Field>
      </View>

      <View className="card">
        <Text className="h2">给志愿者的优惠</Text>
        <View className="chips">
          <View
            className={`chip ${form.discountMode === 'percent' ? 'chip--on' : ''}`}
            onClick={() => set('discountMode', 'percent')}
          >
            打折
          </View>
          <View
            className={`chip ${form.discountMode === 'text' ? 'chip--on' : ''}`}
            onClick={() => set('discountMode', 'text')}
          >
            其他优惠
          </View>
        </View>
        {form.discountMode === 'percent' ? (
          <Field label="优惠幅度（%，如 20 即 8 折）" error={errors['discount.percentOff']}>
            <Input
              className="input"
              type="number"
              value={form.percentOff}
              onInput={(e) => set('percentOff', e.detail.value)}
            />
            {percentPreview(form.percentOff) ? (
              <Text className="block ok strong">持证消费{percentPreview(form.percentOff)}</Text>
            ) : null}
          </Field>
        ) : (
          <Field label="优惠内容" error={errors['discount.text']}>
            <Input
              className="input"
              value={form.discountText}
              placeholder="如 理发免费洗头"
              onInput={(e) => set('discountText', e.detail.value)}
            />
          </Field>
        )}
        <Field label="使用条件（可不填）" error={errors['discount.conditions']}>
          <Textarea
            className="textarea"
            value={form.conditions}
            maxlength={500}
            placeholder="如 不与其他优惠同享"
            onInput={(e) => set('conditions', e.detail.value)}
          />
        </Field>
      </View>

      <View className="card">
        <Text className="h2">爱心商家承诺书（{PLEDGE_VERSION}）</Text>
        {PLEDGE_TEXT.map((p) => (
          <Text className="block small" key={p}>
            {p}
          </Text>
        ))}
        <View className="row row--start" onClick={() => set('pledgeAccepted', !form.pledgeAccepted)}>
          <View className={`checkbox ${form.pledgeAccepted ? 'checkbox--on' : ''}`}>
            {form.pledgeAccepted ? '✓' : ''}
          </View>
          <Text className="strong">我已阅读并同意以上承诺</Text>
        </View>
        {errors.pledge ? <Text className="field__error">{errors.pledge}</Text> : null}
      </View>

      <Btn onClick={submit} disabled={busy}>
        提交申请
      </Btn>
    </View>
  );
}
