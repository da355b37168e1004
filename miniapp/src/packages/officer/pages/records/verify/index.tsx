import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../../components/Btn';
import { TextField } from '../../../../../components/TextField';
import { formatDateTime } from '../../../../../logic/format';
import { verifyQuery } from '../../../../../logic/officerOps';
import { showError } from '../../../../../services/errors';
import { request } from '../../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../../services/prefs';

type Verdict =
  | { genuine: false }
  | {
      genuine: true;
      record: {
        serial: string;
        community: string;
        name: string;
        from: string;
        to: string;
        totalHours: number;
        totalPoints: number;
        activitiesCount: number;
        issuedAt: string;
      };
    };

/** Public: anyone checks a service record with the serial and the code printed on it. */
export default function VerifyRecord() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const router = useRouter();
  const [serial, setSerial] = useState('');
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (s = serial, c = code) => {
    const query = verifyQuery(s, c);
    if (!query) {
      Taro.showToast({ title: tr('ops.verify.need'), icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      setVerdict(await request<Verdict>('GET', '/records/verify', { query, auth: false }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  useLoad(() => {
    const s = decodeURIComponent(router.params.serial ?? '');
    const c = decodeURIComponent(router.params.code ?? '');
    setSerial(s);
    setCode(c);
    if (s && c) check(s, c);
  });

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('ops.verify.title')}</Text>
      <Text className="block muted">{tr('ops.verify.intro')}</Text>
      <View className="gap" />
      <View className="card">
        <TextField label={tr('ops.verify.serial')} value={serial} onInput={setSerial} />
        <TextField label={tr('ops.verify.code')} value={code} onInput={setCode} />
        <Btn onClick={() => check()} disabled={busy}>
          {tr('ops.verify.check')}
        </Btn>
      </View>
      {verdict?.genuine === true ? (
        <View className="result result--ok">
          <Text className="result__big">{tr('ops.verify.genuine')}</Text>
          <Text className="block mono">{verdict.record.serial}</Text>
          <Text className="block">
            {tr('ops.verify.holder', { name: verdict.record.name, community: verdict.record.community })}
          </Text>
          <Text className="block">
            {tr('ops.verify.period', { from: verdict.record.from, to: verdict.record.to })}
          </Text>
          <Text className="block">
            {tr('ops.verify.totals', {
              n: verdict.record.activitiesCount,
              h: verdict.record.totalHours,
              p: verdict.record.totalPoints,
            })}
          </Text>
          <Text className="block small">
            {tr('ops.verify.issuedAt', { v: formatDateTime(verdict.record.issuedAt) })}
          </Text>
        </View>
      ) : null}
      {verdict?.genuine === false ? (
        <View className="result result--bad">
          <Text className="result__big">{tr('ops.verify.notGenuine')}</Text>
        </View>
      ) : null}
    </View>
  );
}
