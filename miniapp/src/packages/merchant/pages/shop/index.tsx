import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { isMerchantInAlliance } from '@timebank/shared';
import { type ReactNode, useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { formatDateTime } from '../../../../logic/format';
import { merchantStatusLabels, merchantStatusTag } from '../../../../logic/merchantAdmin';
import { withQuery } from '../../../../logic/query';
import { MERCHANT_HOME, POST_PAGE, REPORT_PAGE } from '../../../../logic/session';
import { buildStaffInput, shopCheckView } from '../../../../logic/shop';
import { addStaff, getMyMerchant, getShopChecks } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { MyMerchantDto, ShopCheckDto, StaffDto } from '../../../../services/types';

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      {children}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  );
}

/** The shop: its status (待审核 after applying), its checks, its staff (owner), and the board. */
export default function Shop() {
  const [large] = useLargeType();
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
      showOk('已添加店员');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const inAlliance = shop ? isMerchantInAlliance(shop.status) : false;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{shop?.name ?? '本店管理'}</Text>
      {error ? <Empty title="暂时无法加载本店信息" hint={error} /> : null}
      {shop ? (
        <View className={`card ${shop.status === 'applied' ? 'card--warn' : ''}`}>
          <View className="row row--start">
            <Text className={merchantStatusTag(shop.status)}>{merchantStatusLabels[shop.status]}</Text>
            <Text className="strong">{shop.discount.label}</Text>
          </View>
          {shop.status === 'applied' ? (
            <Text className="block">申请已提交，社区审核通过后即可核验志愿者证书。请留意社区的电话。</Text>
          ) : null}
          {shop.statusReason ? <Text className="block small">原因：{shop.statusReason}</Text> : null}
          <Text className="block muted small">{shop.address}</Text>
          {inAlliance ? (
            <View className="btn-row">
              <Btn small onClick={() => Taro.reLaunch({ url: MERCHANT_HOME })}>
                证书核验
              </Btn>
              <Btn kind="secondary" small onClick={() => Taro.navigateTo({ url: POST_PAGE })}>
                发布公告
              </Btn>
            </View>
          ) : null}
        </View>
      ) : null}

      {shop && inAlliance ? (
        <View className="card">
          <Text className="h2">核验记录</Text>
          {checks && checks.length === 0 ? <Text className="muted">还没有核验记录</Text> : null}
          {(checks ?? []).map((c) => {
            const v = shopCheckView(c);
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
                    疑似出借证书？上报
                  </Btn>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}

      {isOwner ? (
        <View className="card">
          <Text className="h2">店员</Text>
          {staff.map((s) => (
            <View className="row" key={s.id}>
              <Text>{s.displayName}</Text>
              <Text className="muted small">
                {s.username}
                {s.isOwner ? '（店主）' : ''}
              </Text>
            </View>
          ))}
          <View className="gap" />
          <Text className="strong">添加店员</Text>
          <Field label="店员姓名" error={errors.displayName}>
            <Input
              className="input"
              value={form.displayName}
              onInput={(e) => setForm((f) => ({ ...f, displayName: e.detail.value }))}
            />
          </Field>
          <Field label="用户名" error={errors.username}>
            <Input
              className="input"
              value={form.username}
              onInput={(e) => setForm((f) => ({ ...f, username: e.detail.value }))}
            />
          </Field>
          <Field label="密码（至少 8 位）" error={errors.password}>
            <Input
              className="input"
              password
              value={form.password}
              onInput={(e) => setForm((f) => ({ ...f, password: e.detail.value }))}
            />
          </Field>
          <Btn kind="secondary" onClick={invite} disabled={busy}>
            添加店员
          </Btn>
        </View>
      ) : null}

      <Btn kind="plain" onClick={signOut}>
        退出登录
      </Btn>
    </View>
  );
}
