import { Text, Textarea, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { certificateStatusLabels, formatDateTime } from '../../../../logic/format';
import { appealStatusKey, buildAppeal, type CertificateHistoryDto } from '../../../../logic/reports';
import { appealCertificate, getMyCertificateHistory } from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const APPEAL_BOX = {
  pending: 'card card--warn',
  overturned: 'result result--ok',
  upheld: 'result result--bad',
} as const;

/** The certificate's status changes, the one appeal, and its outcome. */
export default function Appeal() {
  const [large] = useLargeType();
  const { lang, tr } = useLang();
  const [history, setHistory] = useState<CertificateHistoryDto | null>(null);
  const [error, setError] = useState('');
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setHistory(await getMyCertificateHistory());
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
    load();
  });

  const send = async () => {
    const built = buildAppeal(text, lang);
    if (!built.ok) {
      setFieldError(built.error);
      return;
    }
    setFieldError('');
    setBusy(true);
    try {
      await appealCertificate(built.value.text);
      showOk(tr('appeal.sent'));
      setText('');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('appeal.title')}</Text>
      {history === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} /> : null}
      {history?.appeal ? (
        <View className={APPEAL_BOX[history.appeal.status]}>
          <Text className={history.appeal.status === 'pending' ? 'h2' : 'result__big'}>
            {tr(appealStatusKey(history.appeal.status))}
          </Text>
          <Text className="block small">{history.appeal.text}</Text>
          {history.appeal.decisionNote ? (
            <Text className="block strong">{tr('appeal.note', { v: history.appeal.decisionNote })}</Text>
          ) : null}
        </View>
      ) : null}
      {history?.canAppeal ? (
        <View className="card">
          <Text className="block muted small">{tr('appeal.once')}</Text>
          <View className="field">
            <Text className="field__label">{tr('appeal.text')}</Text>
            <Textarea
              nativeProps={{ 'aria-label': tr('appeal.text') }}
              className="textarea"
              value={text}
              maxlength={1000}
              onInput={(e) => setText(e.detail.value)}
            />
            {fieldError ? <Text className="field__error">{fieldError}</Text> : null}
          </View>
          <Btn onClick={send} disabled={busy}>
            {tr('appeal.send')}
          </Btn>
        </View>
      ) : null}
      {history ? (
        <View className="card">
          <Text className="h2">{tr('appeal.history')}</Text>
          {history.events.map((e) => (
            <View className="line" key={`${e.at}-${e.action}`}>
              <Text className="strong">
                {(e.from ? `${certificateStatusLabels[e.from] ?? e.from} → ` : '') +
                  (certificateStatusLabels[e.to] ?? e.to)}
              </Text>
              <Text className="block small">{tr('common.reason', { v: e.reason })}</Text>
              <Text className="block muted small">{formatDateTime(e.at)}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
