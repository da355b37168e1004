import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { TillDiscountTrailDto } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Field } from '../../../../components/Field';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import { amountsText, trailLine } from '../../../../logic/tillResult';
import { getDiscountTrail, voidDiscount } from '../../../../services/desks';
import { messageFor, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** An officer looks up a discount record by its check number, reads its trail and voids it with a reason. */
export default function OfficerDiscount() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const [idText, setIdText] = useState(router.params.id ?? '');
  const [found, setFound] = useState<TillDiscountTrailDto | null>(null);
  const [idError, setIdError] = useState('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async (text: string) => {
    const id = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || id <= 0) {
      setIdError(tr('void.needId'));
      return;
    }
    setBusy(true);
    setIdError('');
    try {
      setFound(await getDiscountTrail(id));
    } catch (e) {
      setFound(null);
      setIdError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  useLoad(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    if (router.params.id) load(router.params.id);
  });

  const submit = async () => {
    if (!found) return;
    const r = reason.trim();
    if (!r) {
      setReasonError(tr('void.needReason'));
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr('void.submit'),
      content: tr('void.confirm'),
      confirmText: tr('officer.confirm'),
      cancelText: tr('officer.thinkAgain'),
    });
    if (!confirm) return;
    setBusy(true);
    setReasonError('');
    try {
      await voidDiscount(found.discount.verificationId, r);
      showOk(tr('void.done'));
      setReason('');
      setFound(await getDiscountTrail(found.discount.verificationId));
    } catch (e) {
      setReasonError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const d = found?.discount;
  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('void.title')}</Text>
      <Text className="block muted">{tr('void.intro')}</Text>
      <View className="card">
        <TextField label={tr('void.id')} type="number" value={idText} onInput={setIdText} error={idError} />
        <Btn onClick={() => load(idText)} disabled={busy}>
          {tr('void.load')}
        </Btn>
      </View>
      {d && found ? (
        <View className="card">
          <Text className="h2">
            {tr('void.record', { id: d.verificationId, status: tr(`till.status.${d.status}`) })}
          </Text>
          <Text className="block strong">{amountsText(d, lang)}</Text>
          <Text className="block small muted">
            {tr('void.recordedAt', { v: formatDateTime(d.recordedAt) })}
          </Text>
          <Text className="h2">{tr('till.trail.title')}</Text>
          {found.trail.map((e) => {
            const line = trailLine(e, lang);
            return (
              <View className="line" key={`${e.kind}-${e.at}`}>
                <Text className="block">{line.title}</Text>
                <Text className="block small">{line.detail}</Text>
                <Text className="block small muted">{formatDateTime(e.at)}</Text>
              </View>
            );
          })}
          {d.status === 'voided' ? (
            <Text className="block strong">{tr('void.already')}</Text>
          ) : (
            <View>
              <Field label={tr('void.reason')} error={reasonError}>
                <Textarea
                  className="textarea"
                  value={reason}
                  maxlength={200}
                  placeholder={tr('void.reasonHint')}
                  onInput={(e) => setReason(e.detail.value)}
                />
              </Field>
              <Btn kind="danger" onClick={submit} disabled={busy}>
                {tr('void.submit')}
              </Btn>
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}
