import { Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import {
  lastMonth,
  monthPeriod,
  recordBody,
  searchVolunteers,
  type VolunteerOption,
  volunteerLabel,
} from '../../../../logic/officerOps';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { API_PREFIX, http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { currentSession, requireSession } from '../../../../services/session';

interface Volunteer extends VolunteerOption {
  phoneMasked: string | null;
}

interface Issued {
  record: {
    serial: string;
    name: string;
    from: string;
    to: string;
    totalHours: number;
    totalPoints: number;
    activitiesCount: number;
  };
  verificationCode: string;
  printPath: string;
  verifyUrl: string;
}

const VERIFY_PAGE = '/packages/officer/pages/records/verify/index';
/** The server's origin: '' in h5 (same origin), the API host in weapp. */
const ORIGIN = API_PREFIX.replace(/\/api\/v1$/, '');

/** In h5, the printable page is fetched with the session token and opened as a page of its own. */
async function openPrintPage(printPath: string) {
  const s = currentSession();
  const win = window.open('', '_blank');
  const res = await fetch(ORIGIN + printPath, {
    headers: s ? { Authorization: `Bearer ${s.token}` } : {},
  });
  if (!res.ok) {
    win?.close();
    throw new Error(`HTTP ${res.status}`);
  }
  const href = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }));
  if (win) win.location.href = href;
  else window.location.href = href;
}

/** 服务记录证明: an officer issues a volunteer's service record for a period. */
export default function OfficerRecords() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const initial = monthPeriod(lastMonth(Date.now()));
  const [volunteers, setVolunteers] = useState<Volunteer[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Volunteer | null>(null);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [masked, setMasked] = useState(true);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    http
      .get<{ volunteers: Volunteer[] }>('/volunteers')
      .then((r) => {
        setVolunteers(r.volunteers);
        setLoadError('');
      })
      .catch((e) => {
        setVolunteers([]);
        setLoadError(messageFor(e));
      });
  });

  const hits = useMemo(() => searchVolunteers(volunteers ?? [], q, 30), [volunteers, q]);

  const create = async () => {
    const built = recordBody({ volunteer: chosen, from, to, masked });
    if (!built.ok) {
      Taro.showToast({ title: tr(built.error), icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      setIssued(await http.post<Issued>('/records', built.body));
      showOk(tr('ops.records.issued'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const copy = (data: string) => Taro.setClipboardData({ data }).then(() => showOk(tr('ops.records.copied')));

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('ops.records.title')}</Text>
      <Text className="block muted">{tr('ops.records.intro')}</Text>
      <View className="gap" />

      <View className="card">
        {chosen ? (
          <View>
            <Text className="h2">{tr('ops.records.chosen', { name: volunteerLabel(chosen) })}</Text>
            <Btn kind="secondary" small onClick={() => setChosen(null)}>
              {tr('ops.records.change')}
            </Btn>
          </View>
        ) : (
          <View>
            <Input
              className="input"
              value={q}
              placeholder={tr('ops.records.search')}
              onInput={(e) => setQ(e.detail.value)}
            />
            {volunteers === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
            {loadError ? <Empty title={loadError} /> : null}
            {volunteers && !loadError && hits.length === 0 ? (
              <Empty title={tr('ops.records.noVolunteers')} />
            ) : null}
            {hits.map((v) => (
              <View className="line" key={v.id} onClick={() => setChosen(v)}>
                <Text className="block">{volunteerLabel(v)}</Text>
                {v.phoneMasked ? <Text className="block muted small">{v.phoneMasked}</Text> : null}
              </View>
            ))}
          </View>
        )}
      </View>

      <View className="card">
        <View className="field">
          <Text className="field__label">{tr('ops.records.from')}</Text>
          <Picker mode="date" value={from} onChange={(e) => setFrom(String(e.detail.value))}>
            <View className="picker">{from}</View>
          </Picker>
        </View>
        <View className="field">
          <Text className="field__label">{tr('ops.records.to')}</Text>
          <Picker mode="date" value={to} onChange={(e) => setTo(String(e.detail.value))}>
            <View className="picker">{to}</View>
          </Picker>
        </View>
        <View className="row row--start" onClick={() => setMasked(!masked)}>
          <View className={`checkbox ${masked ? 'checkbox--on' : ''}`}>{masked ? '✓' : ''}</View>
          <Text className="strong">{tr('ops.records.masked')}</Text>
        </View>
      </View>

      <Btn onClick={create} disabled={busy}>
        {tr('ops.records.create')}
      </Btn>

      {issued ? (
        <View className="card card--cert">
          <Text className="h2">{tr('ops.records.issued')}</Text>
          <Text className="block strong mono">{tr('ops.records.serial', { v: issued.record.serial })}</Text>
          <Text className="block strong mono">{tr('ops.records.code', { v: issued.verificationCode })}</Text>
          <Text className="block strong small notice-on-cert">{tr('ops.records.codeOnce')}</Text>
          <Text className="block">
            {tr('ops.records.totals', {
              name: issued.record.name,
              n: issued.record.activitiesCount,
              h: issued.record.totalHours,
              p: issued.record.totalPoints,
            })}
          </Text>
          {process.env.TARO_ENV === 'weapp' ? (
            <Btn kind="secondary" small onClick={() => copy(issued.verifyUrl)}>
              {tr('ops.records.copyVerify')}
            </Btn>
          ) : (
            <Btn kind="secondary" small onClick={() => openPrintPage(issued.printPath).catch(showError)}>
              {tr('ops.records.print')}
            </Btn>
          )}
        </View>
      ) : null}

      <Btn kind="plain" onClick={() => Taro.navigateTo({ url: VERIFY_PAGE })}>
        {tr('ops.records.verifyLink')}
      </Btn>
    </View>
  );
}
