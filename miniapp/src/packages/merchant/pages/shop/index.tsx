import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { isMerchantInAlliance } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import { labelOf, MERCHANT_STATUS } from '../../../../logic/labels';
import { merchantStatusTag } from '../../../../logic/merchantAdmin';
import { withQuery } from '../../../../logic/query';
import { MERCHANT_HOME, POST_PAGE, REPORT_PAGE } from '../../../../logic/session';
import { buildStaffInput, shopCheckView } from '../../../../logic/shop';
import { addStaff, getMyMerchant, getShopChecks } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { MyMerchantDto, ShopCheckDto, StaffDto } from '../../../../services/types';

/** The shop: its status (待审核 after applying), its checks, its staff (owner), and the board. */
export default function Shop() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [shop, setShop] = useState<MyMerchantDto | null>(null);
  const [isOwner, setIsOwner] = useState(false);
  const [staff, setStaff] = useState<StaffDto[]>([]);
  const [checks, setChecks] = useState<ShopCheckDto[] | null>(null);
  const [error, setError] = useState('');
  const [form, setForm] = useState({ username: '', password: '', displayName: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await getMyMerchant();
      setShop(r.merchant);
      setIsOwner(r.isOwner);
      setStaff(r.staff ?? []);
      setError('');
      const c = await getShopChecks().catch(() => ({ checks: [] as ShopCheckDto[] }));
      setChecks(c.checks);
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

  const invite = async () => {
    const built = buildStaffInput(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const s = await addStaff(built.value);
      setStaff((list) => [...list, s]);
      setForm({ username: '', password: '', displayName: '' });
      showOk(tr('shop.added'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const inAlliance = shop ? isMerchantInAlliance(shop.status) : false;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{shop?.name ?? tr('shop.title')}</Text>
      {error ? <Empty title={tr('shop.loadFailed')} hint={error} /> : null}
      {shop ? (
        <View className={`card ${shop.status === 'applied' ? 'card--warn' : ''}`}>
          <View className="row row--start">
            <Text className={merchantStatusTag(shop.status)}>
              {labelOf(MERCHANT_STATUS, shop.status, lang)}
            </Text>
            <Text className="strong">{shop.discount.label}</Text>
          </View>
          {shop.status === 'applied' ? <Text className="block">{tr('shop.applied')}</Text> : null}
          {shop.statusReason ? (
            <Text className="block small">{tr('shop.reason', { v: shop.statusReason })}</Text>
          ) : null}
          <Text className="block muted small">{shop.address}</Text>
          {inAlliance ? (
            <View className="btn-row">
              <Btn small onClick={() => Taro.reLaunch({ url: MERCHANT_HOME })}>
                {tr('shop.verify')}
              </Btn>
              <Btn kind="secondary" small onClick={() => Taro.navigateTo({ url: POST_PAGE })}>
                {tr('shop.post')}
              </Btn>
              <Btn
                kind="secondary"
                small
                onClick={() => Taro.navigateTo({ url: '/packages/merchant/pages/challenge/index' })}
              >
                {tr('challenges.post.title')}
              </Btn>
              <Btn
                kind="secondary"
                small
                onClick={() => Taro.navigateTo({ url: '/packages/merchant/pages/products/index' })}
              >
                {tr('products.entry')}
              </Btn>
            </View>
          ) : null}
        </View>
      ) : null}

      {shop && inAlliance ? (
        <View className="card">
          <Text className="h2">{tr('shop.checks')}</Text>
          {checks && checks.length === 0 ? <Text className="muted">{tr('shop.noChecks')}</Text> : null}
          {(checks ?? []).map((c) => {
            const v = shopCheckView(c, lang);
            return (
              <View className="line" key={c.id}>
                <View className="row">
                  <Text className={c.valid ? 'ok strong' : 'bad strong'}>{v.result}</Text>
                  <Text className="muted small">{formatDateTime(c.at)}</Text>
                </View>
                {v.detail ? <Text className="block small">{v.detail}</Text> : null}
                {v.canReportLent ? (
                  <Btn
                    kind="plain"
                    small
                    onClick={() =>
                      Taro.navigateTo({
                        url: withQuery(REPORT_PAGE, { kind: 'lent_certificate', verificationId: c.id }),
                      })
                    }
                  >
                    {tr('shop.reportLent')}
                  </Btn>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}

      {isOwner ? (
        <View className="card">
          <Text className="h2">{tr('shop.staff')}</Text>
          {staff.map((s) => (
            <View className="row" key={s.id}>
              <Text>{s.displayName}</Text>
              <Text className="muted small">
                {s.username}
                {s.isOwner ? tr('shop.owner') : ''}
              </Text>
            </View>
          ))}
          <View className="gap" />
          <Text className="strong">{tr('shop.addStaff')}</Text>
          <TextField
            label={tr('shop.staffName')}
            error={errors.displayName}
            value={form.displayName}
            onInput={(v) => setForm((f) => ({ ...f, displayName: v }))}
          />
          <TextField
            label={tr('shop.username')}
            error={errors.username}
            value={form.username}
            onInput={(v) => setForm((f) => ({ ...f, username: v }))}
          />
          <TextField
            label={tr('apply.password')}
            error={errors.password}
            password
            value={form.password}
            onInput={(v) => setForm((f) => ({ ...f, password: v }))}
          />
          <Btn kind="secondary" onClick={invite} disabled={busy}>
            {tr('shop.addStaff')}
          </Btn>
        </View>
      ) : null}

      <Btn kind="plain" onClick={signOut}>
        {tr('common.signOut')}
      </Btn>
    </View>
  );
}
