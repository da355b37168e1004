import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { StaffMemberDto } from '@timebank/shared';
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
import { listMyStaff, removeStaff, setStaffDisabled } from '../../../../services/desks';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { MyMerchantDto, ShopCheckDto } from '../../../../services/types';

const SHOP_EDIT_PAGE = '/packages/merchant/pages/shop-edit/index';

/** The shop: its status (待审核 after applying), its checks, its staff (owner), and the board. */
export default function Shop() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [shop, setShop] = useState<MyMerchantDto | null>(null);
  const [isOwner, setIsOwner] = useState(false);
  const [staff, setStaff] = useState<StaffMemberDto[]>([]);
  const [staffError, setStaffError] = useState('');
  const [staffReason, setStaffReason] = useState('');
  const [staffReasonError, setStaffReasonError] = useState('');
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
      setError('');
      if (r.isOwner) {
        listMyStaff()
          .then((l) => {
            setStaff(l.staff);
            setStaffError('');
          })
          .catch((e) => setStaffError(messageFor(e)));
      }
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
      setStaff((list) => [...list, { ...s, disabled: false, disabledReason: null }]);
      setForm({ username: '', password: '', displayName: '' });
      showOk(tr('shop.added'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (m: StaffMemberDto) => {
    const reason = staffReason.trim();
    if (!reason) {
      setStaffReasonError(tr('staff.needReason'));
      return;
    }
    setStaffReasonError('');
    setBusy(true);
    try {
      const after = await setStaffDisabled(m.id, !m.disabled, reason);
      setStaff((list) => list.map((x) => (x.id === after.id ? after : x)));
      setStaffReason('');
      showOk(tr(after.disabled ? 'staff.disabledOk' : 'staff.enabledOk'));
    } catch (e) {
      setStaffReasonError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (m: StaffMemberDto) => {
    const { confirm } = await Taro.showModal({
      title: tr('staff.remove'),
      content: tr('staff.confirmRemove', { name: m.displayName }),
      confirmText: tr('officer.confirm'),
      cancelText: tr('officer.thinkAgain'),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await removeStaff(m.id);
      setStaff((list) => list.filter((x) => x.id !== m.id));
      showOk(tr('staff.removed'));
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
              <Btn
                kind="secondary"
                small
                onClick={() => Taro.navigateTo({ url: '/packages/merchant/pages/redemptions/index' })}
              >
                {tr('rd.own.title')}
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
          {staffError ? <Text className="block bad">{tr('staff.loadFailed')}</Text> : null}
          {staff.map((s) => (
            <View className="line" key={s.id}>
              <View className="row">
                <Text className="strong">{s.displayName}</Text>
                <Text className="muted small">
                  {s.username}
                  {s.isOwner ? tr('shop.owner') : ''}
                </Text>
              </View>
              {s.disabled ? (
                <Text className="block small bad">
                  {tr('staff.disabled')}
                  {s.disabledReason ? ` · ${s.disabledReason}` : ''}
                </Text>
              ) : null}
              {s.isOwner ? null : (
                <View className="btn-row">
                  <Btn
                    kind="secondary"
                    small
                    disabled={busy}
                    onClick={() => toggle(s)}
                    label={`${tr(s.disabled ? 'staff.enable' : 'staff.disable')} · ${s.displayName}`}
                  >
                    {tr(s.disabled ? 'staff.enable' : 'staff.disable')}
                  </Btn>
                  <Btn
                    kind="danger"
                    small
                    disabled={busy}
                    onClick={() => remove(s)}
                    label={`${tr('staff.remove')} · ${s.displayName}`}
                  >
                    {tr('staff.remove')}
                  </Btn>
                </View>
              )}
            </View>
          ))}
          {staff.some((s) => !s.isOwner) ? (
            <TextField
              label={tr('staff.reason')}
              placeholder={tr('staff.reasonHint')}
              maxlength={200}
              value={staffReason}
              onInput={setStaffReason}
              error={staffReasonError}
            />
          ) : null}
          <View className="gap" />
          <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: SHOP_EDIT_PAGE })}>
            {tr('shopEdit.open')}
          </Btn>
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
