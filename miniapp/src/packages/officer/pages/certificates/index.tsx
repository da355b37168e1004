import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  buildCertificateAction,
  type CertificateAction,
  type CertificateStatus,
  certificateActionsFor,
  certificateStatusFilters,
} from '../../../../logic/certificates';
import { certificateStatusLabels, formatDay, formatPoints, levelLabel } from '../../../../logic/format';
import { changeCertificateStatus, listCertificates } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import type { CertificateAdminDto } from '../../../../services/types';
import { useStatusList } from '../../../../services/useStatusList';

const statusTag: Record<CertificateStatus, string> = {
  active: 'tag tag--green',
  suspended: 'tag tag--amber',
  revoked: 'tag',
};

/**
 * Newest first: the certificate just issued is the one an officer most likely looks for.
 * Module-level, so the list hook does not reload on every render.
 */
const fetchCertificates = async (s: CertificateStatus | undefined) =>
  [...(await listCertificates(s)).certificates].reverse();

/** 证书管理: suspend (reversible), reinstate, or revoke (final) a volunteer's certificate, with a reason. */
export default function OfficerCertificates() {
  const [large] = useLargeType();
  const { status, items, error, choose: chooseStatus, reload } = useStatusList(fetchCertificates, undefined);
  const [editing, setEditing] = useState<{ id: number; action: CertificateAction } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const choose = (s: CertificateStatus | undefined) => {
    setEditing(null);
    chooseStatus(s);
  };

  const startEdit = (id: number, action: CertificateAction) => {
    setEditing(editing?.id === id && editing.action === action ? null : { id, action });
    setReason('');
  };

  const submit = async (c: CertificateAdminDto) => {
    if (!editing || editing.id !== c.id) return;
    const built = buildCertificateAction(c.status, editing.action, reason);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    const view = certificateActionsFor(c.status).find((a) => a.action === editing.action);
    if (view?.severe) {
      const { confirm } = await Taro.showModal({
        title: view.label,
        content: view.final
          ? `收回后证书 ${c.serial} 不能再恢复，持证人会收到通知和原因。确定收回吗？`
          : `暂停后商家核验不会通过，持证人会收到通知和原因。确定暂停吗？`,
        confirmText: '确定',
        cancelText: '再想想',
      });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      const r = await changeCertificateStatus(c.id, built.value);
      showOk(certificateStatusLabels[r.status] ?? '已更新');
      setEditing(null);
      setReason('');
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">证书管理</Text>
      <Text className="block muted">暂停可以恢复；收回后不能恢复。原因会告知持证人。</Text>
      <View className="gap" />
      <View className="chips">
        {certificateStatusFilters.map((f) => (
          <View
            key={f.label}
            className={`chip ${status === f.status ? 'chip--on' : ''}`}
            onClick={() => choose(f.status)}
          >
            {f.label}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">正在加载…</Text> : null}
      {error ? <Empty title="暂时无法加载证书" hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title="没有证书" hint="志愿者积分达到要求后会自动发证" />
      ) : null}
      {(items ?? []).map((c) => {
        const actions = certificateActionsFor(c.status);
        const mine = editing?.id === c.id ? editing : null;
        const chosen = mine ? actions.find((a) => a.action === mine.action) : undefined;
        return (
          <View className={`card ${c.status !== 'active' ? 'card--warn' : ''}`} key={c.id}>
            <View className="row row--start">
              <Text className={statusTag[c.status]}>{certificateStatusLabels[c.status] ?? c.status}</Text>
              <Text className="tag tag--grey">{levelLabel(c.level)}</Text>
            </View>
            <Text className="h2">{c.holder.displayName}</Text>
            <Text className="block">证书编号 {c.serial}</Text>
            <Text className="block muted small">
              发证 {formatDay(c.issuedAt)} · 累计 {formatPoints(c.lifetimeEarned)} 积分
            </Text>
            {c.statusReason && c.status !== 'active' ? (
              <Text className="block strong">原因：{c.statusReason}</Text>
            ) : null}
            {actions.length > 0 ? (
              <View className="btn-row">
                {actions.map((a) => (
                  <Btn
                    key={a.action}
                    small
                    kind={mine?.action === a.action ? 'primary' : a.severe ? 'danger' : 'secondary'}
                    onClick={() => startEdit(c.id, a.action)}
                  >
                    {a.label}
                  </Btn>
                ))}
              </View>
            ) : (
              <Text className="block muted small">已收回的证书不能再更改</Text>
            )}
            {chosen ? (
              <View>
                <View className="field">
                  <Text className="field__label">{`${chosen.label}的原因（必填，持证人能看到）`}</Text>
                  <Textarea
                    className="textarea"
                    value={reason}
                    maxlength={500}
                    placeholder={chosen.hint}
                    onInput={(e) => setReason(e.detail.value)}
                  />
                </View>
                <View className="btn-row">
                  <Btn kind={chosen.severe ? 'danger' : 'primary'} onClick={() => submit(c)} disabled={busy}>
                    {`确定${chosen.label}`}
                  </Btn>
                  <Btn kind="plain" onClick={() => setEditing(null)}>
                    取消
                  </Btn>
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
