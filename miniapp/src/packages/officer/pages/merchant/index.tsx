import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { MerchantAction } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn, chipA11y } from '../../../../components/Btn';
import { MerchantShowcase } from '../../../../components/MerchantShowcase';
import { formatDateTime } from '../../../../logic/format';
import { labelOf, MERCHANT_CATEGORY, MERCHANT_STATUS, MERCHANT_TAG } from '../../../../logic/labels';
import {
  buildMerchantTransition,
  merchantActionsFor,
  merchantEventLabel,
  merchantStatusTag,
} from '../../../../logic/merchantAdmin';
import { getMerchant, getMerchantEvents, transitionMerchant } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { MerchantAdminDto, MerchantEventDto } from '../../../../services/types';

const DISCOUNT_PAGE = '/packages/officer/pages/discount/index';

/** One merchant: its details, the moves its status allows (each with a reason), and the trail. */
export default function OfficerMerchant() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const id = Number(router.params.id);
  const [m, setM] = useState<MerchantAdminDto | null>(null);
  const [events, setEvents] = useState<MerchantEventDto[]>([]);
  const [error, setError] = useState('');
  const [action, setAction] = useState<MerchantAction | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [merchant, trail] = await Promise.all([getMerchant(id), getMerchantEvents(id)]);
      setM(merchant);
      setEvents([...trail.events].reverse());
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, [id]);

  useLoad(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });

  const actions = m ? merchantActionsFor(m.status, lang) : [];
  const chosen = actions.find((a) => a.action === action) ?? null;

  const submit = async () => {
    if (!m || !chosen) return;
    const built = buildMerchantTransition(m.status, chosen.action, reason, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    if (chosen.severe) {
      const { confirm } = await Taro.showModal({
        title: chosen.label,
        content: tr('officer.merchant.confirmText', { name: m.name, action: chosen.label }),
        confirmText: tr('officer.confirm'),
        cancelText: tr('officer.thinkAgain'),
      });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      const updated = await transitionMerchant(m.id, built.value.action, built.value.reason);
      showOk(tr('officer.merchant.done', { v: chosen.label }));
      setM(updated);
      setAction(null);
      setReason('');
      const trail = await getMerchantEvents(m.id);
      setEvents([...trail.events].reverse());
    } catch (e) {
      showError(e);
      load();
    } finally {
      setBusy(false);
    }
  };

  if (!m) {
    return (
      <View className={pageClass(large)}>
        <Text className={error ? 'block bad' : 'muted'}>{error || tr('common.loading')}</Text>
      </View>
    );
  }
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className={merchantStatusTag(m.status)}>{labelOf(MERCHANT_STATUS, m.status, lang)}</Text>
        <Text className="tag tag--grey">{labelOf(MERCHANT_CATEGORY, m.category, lang)}</Text>
        {m.tags.map((t) => (
          <Text className="tag tag--grey" key={t}>
            {labelOf(MERCHANT_TAG, t, lang)}
          </Text>
        ))}
      </View>
      <Text className="h1">{m.name}</Text>
      <View className="card">
        <Text className="block">{tr('officer.merchant.address', { v: m.address })}</Text>
        <Text className="block">{tr('officer.merchant.hours', { v: m.openingHours })}</Text>
        <Text className="block">{tr('officer.merchant.phone', { v: m.contactPhone })}</Text>
        <Text className="block">{tr('officer.merchant.licence', { v: m.licenceNo })}</Text>
        <Text className="block strong">{tr('officer.merchant.discount', { v: m.discount.label })}</Text>
        {m.discount.conditions ? <Text className="block small">{m.discount.conditions}</Text> : null}
        <Text className="block muted small">
          {tr('officer.merchant.pledge', { v: m.pledge.version, at: formatDateTime(m.pledge.acceptedAt) })}
        </Text>
        {m.credentialSerial ? (
          <Text className="block muted small">
            {tr('officer.merchant.serial', { v: m.credentialSerial })}
          </Text>
        ) : null}
        {m.statusReason ? (
          <Text className="block">{tr('officer.lastReason', { v: m.statusReason })}</Text>
        ) : null}
        {m.status === 'active' || m.status === 'warned' ? (
          <MerchantShowcase merchantId={m.id} officer />
        ) : null}
      </View>

      <View className="card">
        <Text className="h2">{tr('officer.merchant.act')}</Text>
        {actions.length === 0 ? (
          <Text className="block muted">
            {tr('officer.merchant.noActions', { v: labelOf(MERCHANT_STATUS, m.status, lang) })}
          </Text>
        ) : (
          <Text className="block muted small">{tr('officer.merchant.chooseAction')}</Text>
        )}
        <View className="chips">
          {actions.map((a) => (
            <View
              key={a.action}
              className={`chip ${action === a.action ? 'chip--on' : ''}`}
              {...chipA11y(action === a.action)}
              onClick={() => setAction(action === a.action ? null : a.action)}
            >
              {a.label}
            </View>
          ))}
        </View>
        {chosen ? (
          <View>
            <Text className="block strong">{chosen.outcome}</Text>
            <View className="field">
              <Text className="field__label">{tr('officer.merchant.reason')}</Text>
              <Textarea
                nativeProps={{ 'aria-label': tr('officer.merchant.reason') }}
                className="textarea"
                value={reason}
                maxlength={500}
                placeholder={chosen.hint}
                onInput={(e) => setReason(e.detail.value)}
              />
            </View>
            <Btn kind={chosen.severe ? 'danger' : 'primary'} onClick={submit} disabled={busy}>
              {tr('officer.merchant.doAction', { v: chosen.label })}
            </Btn>
          </View>
        ) : null}
      </View>

      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: DISCOUNT_PAGE })}>
        {tr('void.open')}
      </Btn>

      <View className="card">
        <Text className="h2">{tr('officer.trail')}</Text>
        {events.length === 0 ? <Text className="muted">{tr('officer.noRecords')}</Text> : null}
        {events.map((e) => (
          <View className="line" key={e.id}>
            <Text className="block strong">{merchantEventLabel(e, lang)}</Text>
            <Text className="block">{tr('common.reason', { v: e.reason })}</Text>
            <Text className="block muted small">
              {formatDateTime(e.at)} · {e.actor.displayName}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
