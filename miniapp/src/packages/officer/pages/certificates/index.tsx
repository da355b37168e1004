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
  certificateStatusFiltersIn,
} from '../../../../logic/certificates';
import { formatDay, formatPoints, levelLabel } from '../../../../logic/format';
import { CERTIFICATE_STATUS, labelOf } from '../../../../logic/labels';
import { changeCertificateStatus, listCertificates } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
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
  const { tr, lang } = useLang();
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
    const built = buildCertificateAction(c.status, editing.action, reason, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    const view = certificateActionsFor(c.status, lang).find((a) => a.action === editing.action);
    if (view?.severe) {
      const { confirm } = await Taro.showModal({
        title: view.label,
        content: view.final
          ? tr('officer.certs.revokeConfirm', { serial: c.serial })
          : tr('officer.certs.suspendConfirm'),
        confirmText: tr('officer.confirm'),
        cancelText: tr('officer.thinkAgain'),
      });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      const r = await changeCertificateStatus(c.id, built.value);
      showOk(CERTIFICATE_STATUS[r.status]?.[lang] ?? tr('officer.certs.updated'));
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
      <Text className="h1">{tr('officer.certs.title')}</Text>
      <Text className="block muted">{tr('officer.certs.intro')}</Text>
      <View className="gap" />
      <View className="chips">
        {certificateStatusFiltersIn(lang).map((f) => (
          <View
            key={f.label}
            className={`chip ${status === f.status ? 'chip--on' : ''}`}
            onClick={() => choose(f.status)}
          >
            {f.label}
          </View>
        ))}
      </View>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('officer.certs.loadFailed')} hint={error} /> : null}
      {items && items.length === 0 && !error ? (
        <Empty title={tr('officer.certs.empty')} hint={tr('officer.certs.emptyHint')} />
      ) : null}
      {(items ?? []).map((c) => {
        const actions = certificateActionsFor(c.status, lang);
        const mine = editing?.id === c.id ? editing : null;
        const chosen = mine ? actions.find((a) => a.action === mine.action) : undefined;
        return (
          <View className={`card ${c.status !== 'active' ? 'card--warn' : ''}`} key={c.id}>
            <View className="row row--start">
              <Text className={statusTag[c.status]}>{labelOf(CERTIFICATE_STATUS, c.status, lang)}</Text>
              <Text className="tag tag--grey">{levelLabel(c.level, lang)}</Text>
            </View>
            <Text className="h2">{c.holder.displayName}</Text>
            <Text className="block">{tr('officer.certs.serial', { v: c.serial })}</Text>
            <Text className="block muted small">
              {tr('officer.certs.issued', {
                day: formatDay(c.issuedAt),
                pts: formatPoints(c.lifetimeEarned),
              })}
            </Text>
            {c.statusReason && c.status !== 'active' ? (
              <Text className="block strong">{tr('officer.certs.reason', { v: c.statusReason })}</Text>
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
              <Text className="block muted small">{tr('officer.certs.final')}</Text>
            )}
            {chosen ? (
              <View>
                <View className="field">
                  <Text className="field__label">{tr('officer.certs.reasonLabel', { v: chosen.label })}</Text>
                  <Textarea
                    nativeProps={{ 'aria-label': tr('officer.certs.reasonLabel', { v: chosen.label }) }}
                    className="textarea"
                    value={reason}
                    maxlength={500}
                    placeholder={chosen.hint}
                    onInput={(e) => setReason(e.detail.value)}
                  />
                </View>
                <View className="btn-row">
                  <Btn kind={chosen.severe ? 'danger' : 'primary'} onClick={() => submit(c)} disabled={busy}>
                    {tr('officer.merchant.doAction', { v: chosen.label })}
                  </Btn>
                  <Btn kind="plain" onClick={() => setEditing(null)}>
                    {tr('common.cancel')}
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
