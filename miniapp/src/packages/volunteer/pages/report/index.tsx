import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { buildReport, type ReportKind } from '../../../../logic/reports';
import { REPORTS_PAGE } from '../../../../logic/session';
import { fileReport } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

function param(v: string | undefined): string {
  if (!v) return '';
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * A report for the community: a volunteer whose discount was refused (about a shop or one check), or
 * shop staff who suspect a lent certificate (about one check, kind=lent_certificate).
 */
export default function Report() {
  const [large] = useLargeType();
  const { lang, tr } = useLang();
  const router = useRouter();
  const kind: ReportKind =
    router.params.kind === 'lent_certificate' ? 'lent_certificate' : 'refused_discount';
  const merchantId = Number(router.params.merchantId) || undefined;
  const verificationId = Number(router.params.verificationId) || undefined;
  const name = param(router.params.name);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useLoad(() => {
    requireSession(kind === 'lent_certificate' ? ['merchant_staff'] : ['volunteer']);
  });

  const submit = async () => {
    const built = buildReport(kind, { merchantId, verificationId }, text, lang);
    if (!built.ok) {
      setError(built.error);
      return;
    }
    setError('');
    setBusy(true);
    try {
      await fileReport(built.value);
      showOk(tr('report.sent'));
      setTimeout(() => {
        if (kind === 'refused_discount') Taro.redirectTo({ url: REPORTS_PAGE });
        else Taro.navigateBack();
      }, 1200);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr(kind === 'lent_certificate' ? 'verify.reportLent' : 'report.title')}</Text>
      {name ? <Text className="block">{tr('report.shop', { v: name })}</Text> : null}
      {verificationId ? <Text className="block muted small">#{verificationId}</Text> : null}
      <View className="card">
        <View className="field">
          <Text className="field__label">{tr('report.describe')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('report.describe') }}
            className="textarea"
            value={text}
            maxlength={1000}
            placeholder={tr('report.describeHint')}
            onInput={(e) => setText(e.detail.value)}
          />
          {error ? <Text className="field__error">{error}</Text> : null}
        </View>
        <Btn onClick={submit} disabled={busy}>
          {tr('common.submit')}
        </Btn>
      </View>
    </View>
  );
}
