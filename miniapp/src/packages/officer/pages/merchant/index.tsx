import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { MerchantAction } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { formatDateTime, merchantCategoryLabels, merchantTagLabels } from '../../../../logic/format';
import {
  buildMerchantTransition,
  merchantActionsFor,
  merchantEventLabel,
  merchantStatusLabels,
  merchantStatusTag,
} from '../../../../logic/merchantAdmin';
import { getMerchant, getMerchantEvents, transitionMerchant } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { MerchantAdminDto, MerchantEventDto } from '../../../../services/types';

/** One merchant: its details, the moves its status allows (each with a reason), and the trail. */
export default function OfficerMerchant() {
  const [large] = useLargeType();
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

  const actions = m ? merchantActionsFor(m.status) : [];
  const chosen = actions.find((a) => a.action === action) ?? null;

  const submit = async () => {
    if (!m || !chosen) return;
    const built = buildMerchantTransition(m.status, chosen.action, reason);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    if (chosen.severe) {
      const { confirm } = await Taro.showModal({
        title: chosen.label,
        content: `确定对「${m.name}」${chosen.label}吗？店员会收到通知和原因。`,
        confirmText: '确定',
        cancelText: '再想想',
      });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      const updated = await transitionMerchant(m.id, built.value.action, built.value.reason);
      showOk(`已${chosen.label}`);
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
        <Text className={error ? 'block bad' : 'muted'}>{error || '正在加载…'}</Text>
      </View>
    );
  }
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className={merchantStatusTag(m.status)}>{merchantStatusLabels[m.status] ?? m.status}</Text>
        <Text className="tag tag--grey">{merchantCategoryLabels[m.category] ?? m.category}</Text>
        {m.tags.map((t) => (
          <Text className="tag tag--grey" key={t}>
            {merchantTagLabels[t] ?? t}
          </Text>
        ))}
      </View>
      <Text className="h1">{m.name}</Text>
      <View className="card">
        <Text className="block">地址：{m.address}</Text>
        <Text className="block">营业时间：{m.openingHours}</Text>
        <Text className="block">联系电话：{m.contactPhone}</Text>
        <Text className="block">统一社会信用代码：{m.licenceNo}</Text>
        <Text className="block strong">承诺优惠：{m.discount.label}</Text>
        {m.discount.conditions ? <Text className="block small">{m.discount.conditions}</Text> : null}
        <Text className="block muted small">
          承诺书 {m.pledge.version} 版 · 签署于 {formatDateTime(m.pledge.acceptedAt)}
        </Text>
        {m.credentialSerial ? <Text className="block muted small">商家编号 {m.credentialSerial}</Text> : null}
        {m.statusReason ? <Text className="block">最近原因：{m.statusReason}</Text> : null}
      </View>

      <View className="card">
        <Text className="h2">处理</Text>
        {actions.length === 0 ? (
          <Text className="block muted">「{merchantStatusLabels[m.status]}」的商家没有可以进行的操作。</Text>
        ) : (
          <Text className="block muted small">当前状态只能进行下列操作，选择后填写原因：</Text>
        )}
        <View className="chips">
          {actions.map((a) => (
            <View
              key={a.action}
              className={`chip ${action === a.action ? 'chip--on' : ''}`}
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
              <Text className="field__label">原因（必填，商家能看到）</Text>
              <Textarea
                className="textarea"
                value={reason}
                maxlength={500}
                placeholder={chosen.hint}
                onInput={(e) => setReason(e.detail.value)}
              />
            </View>
            <Btn kind={chosen.severe ? 'danger' : 'primary'} onClick={submit} disabled={busy}>
              {`确定${chosen.label}`}
            </Btn>
          </View>
        ) : null}
      </View>

      <View className="card">
        <Text className="h2">处理记录</Text>
        {events.length === 0 ? <Text className="muted">还没有记录</Text> : null}
        {events.map((e) => (
          <View className="line" key={e.id}>
            <Text className="block strong">{merchantEventLabel(e)}</Text>
            <Text className="block">原因：{e.reason}</Text>
            <Text className="block muted small">
              {formatDateTime(e.at)} · {e.actor.displayName}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
