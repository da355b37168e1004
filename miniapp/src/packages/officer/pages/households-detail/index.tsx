import { Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { HelpRequestInput } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { HelpRequestForm } from '../../../../components/HelpRequestForm';
import { TextField } from '../../../../components/TextField';
import { formatDateTime, formatTimeRange } from '../../../../logic/format';
import {
  buildProxy,
  buildWithdrawal,
  categoryLabel,
  type HelpRequestHistoryDto,
  type HouseholdDetailDto,
  type HouseholdLogEntryDto,
  helperLine,
  householdsApi,
  kindLabel,
  logLine,
  officerActions,
  raisedByName,
  statusLabel,
  statusTone,
} from '../../../../logic/households';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const api = householdsApi(http);

type Volunteer = { id: number; displayName: string; realName: string | null };

/** One household: who may ask for it, its requests and who helped, its log, and consent withdrawal. */
export default function HouseholdDetail() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const id = Number(useRouter().params.id);
  const [d, setD] = useState<HouseholdDetailDto | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [volunteers, setVolunteers] = useState<Volunteer[]>([]);
  const [proxyIndex, setProxyIndex] = useState(-1);
  const [relation, setRelation] = useState('');
  const [log, setLog] = useState<HouseholdLogEntryDto[] | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    try {
      setD(await api.get(id));
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, [id]);

  useDidShow(() => {
    if (!requireSession(['officer'])) return;
    load();
    api
      .volunteers()
      .then((r) => setVolunteers(r.volunteers))
      .catch(() => setVolunteers([]));
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  /** Runs a change, then reloads; true when it went through. */
  const run = async (fn: () => Promise<unknown>, ok: string): Promise<boolean> => {
    setBusy(true);
    try {
      await fn();
      showOk(ok);
      await load();
      if (log) setLog((await api.log(id)).entries);
      return true;
    } catch (e) {
      showError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addProxy = () => {
    const chosen = volunteers[proxyIndex];
    const built = buildProxy(chosen ? chosen.id : null, relation, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    run(async () => {
      await api.addProxy(id, built.value);
      setRelation('');
      setProxyIndex(-1);
    }, tr('hh.detail.proxyAdded'));
  };

  const removeProxy = async (userId: number) => {
    const { confirm } = await Taro.showModal({
      title: tr('hh.detail.removeProxy'),
      content: tr('hh.detail.removeProxyQ'),
      confirmText: tr('hh.detail.removeProxy'),
      cancelText: tr('common.cancel'),
    });
    if (confirm) run(() => api.removeProxy(id, userId), tr('hh.detail.proxyRemoved'));
  };

  const raise = (value: HelpRequestInput) => run(() => api.raise(id, value), tr('hh.detail.raised'));

  const act = async (r: HelpRequestHistoryDto, action: 'convert' | 'complete' | 'cancel') => {
    if (action === 'convert') {
      Taro.navigateTo({
        url: `/packages/officer/pages/households-convert/index?requestId=${r.id}&kind=${r.kind}`,
      });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr(action === 'complete' ? 'hh.req.complete' : 'hh.req.cancel'),
      content: action === 'complete' ? kindLabel(r.kind, lang) : tr('hh.req.cancelQ'),
      confirmText: tr(action === 'complete' ? 'hh.req.complete' : 'hh.req.cancel'),
      cancelText: tr('common.cancel'),
    });
    if (!confirm) return;
    if (action === 'complete') run(() => api.complete(r.id), tr('hh.req.completed'));
    else run(() => api.cancel(r.id), tr('hh.req.cancelled'));
  };

  const withdraw = async () => {
    const built = buildWithdrawal(reason, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr('hh.detail.withdraw'),
      content: tr('hh.detail.withdrawQ'),
      confirmText: tr('hh.detail.withdraw'),
      cancelText: tr('common.cancel'),
    });
    if (confirm) run(() => api.withdraw(id, built.value.reason), tr('hh.detail.withdrawn2'));
  };

  const showLog = async () => {
    try {
      setLog((await api.log(id)).entries);
    } catch (e) {
      showError(e);
    }
  };

  if (!d) {
    return (
      <View className={pageClass(large)}>
        <Text className={error ? 'block bad' : 'muted'}>{error || tr('common.loading')}</Text>
      </View>
    );
  }
  const h = d.household;
  const active = h.status === 'active';
  return (
    <View className={pageClass(large)}>
      <View className="row row--start">
        <Text className="tag">{categoryLabel(h.category, lang)}</Text>
      </View>
      <Text className="h1">{h.label ?? tr('hh.list.archivedLabel')}</Text>
      <View className="card">
        {h.address ? <Text className="block">{h.address}</Text> : null}
        {h.phone ? <Text className="block">{tr('hh.detail.phone', { v: h.phone })}</Text> : null}
        {h.notes ? <Text className="block">{tr('hh.detail.notes', { v: h.notes })}</Text> : null}
        {h.consent ? (
          <Text className="block muted small">
            {tr('hh.detail.consent', {
              by: h.consent.givenBy,
              at: formatDateTime(h.consent.givenAt),
              v: h.consent.version,
            })}
          </Text>
        ) : null}
        {h.withdrawnAt ? (
          <Text className="block bad">
            {tr('hh.detail.withdrawn', { at: formatDateTime(h.withdrawnAt) })}
          </Text>
        ) : null}
        <Text className="block strong">{tr('hh.detail.summary', { ...d.summary })}</Text>
        {active ? (
          <Btn
            kind="plain"
            small
            onClick={() =>
              Taro.navigateTo({ url: `/packages/officer/pages/households-new/index?id=${h.id}` })
            }
          >
            {tr('hh.detail.edit')}
          </Btn>
        ) : null}
      </View>

      {active ? (
        <View className="card">
          <Text className="h2">{tr('hh.detail.proxies')}</Text>
          {(d.proxies ?? []).length === 0 ? <Text className="muted">{tr('hh.detail.noProxies')}</Text> : null}
          {(d.proxies ?? []).map((p) => (
            <View className="row" key={p.userId}>
              <Text className="block">
                {tr('hh.detail.proxyLine', { name: p.displayName, relation: p.relation })}
              </Text>
              <Btn kind="plain" small onClick={() => removeProxy(p.userId)} disabled={busy}>
                {tr('hh.detail.removeProxy')}
              </Btn>
            </View>
          ))}
          <Text className="field__label">{tr('hh.detail.addProxy')}</Text>
          <Picker
            mode="selector"
            range={volunteers.map((v) => (v.realName ? `${v.displayName} · ${v.realName}` : v.displayName))}
            value={Math.max(0, proxyIndex)}
            onChange={(e) => setProxyIndex(Number(e.detail.value))}
          >
            <View className="picker">
              {volunteers[proxyIndex]?.displayName ?? tr('hh.detail.chooseVolunteer')}
            </View>
          </Picker>
          <TextField
            label={tr('hh.detail.relation')}
            value={relation}
            maxlength={30}
            placeholder={tr('hh.detail.relationHint')}
            onInput={setRelation}
          />
          <Btn kind="secondary" onClick={addProxy} disabled={busy}>
            {tr('hh.detail.addProxy')}
          </Btn>
        </View>
      ) : null}

      {active ? <HelpRequestForm lang={lang} tr={tr} busy={busy} onSubmit={raise} /> : null}

      <Text className="h2">{tr('hh.detail.requests')}</Text>
      {d.requests.length === 0 ? <Empty title={tr('hh.detail.noRequests')} /> : null}
      {d.requests.map((r) => (
        <View className={`card ${r.status === 'open' ? 'card--warn' : ''}`} key={r.id}>
          <View className="row row--start">
            <Text className={`tag tag--${statusTone(r.status)}`}>{statusLabel(r.status, lang)}</Text>
            <Text className="tag">{kindLabel(r.kind, lang)}</Text>
          </View>
          <Text className="block">{tr('hh.req.when', { v: r.preferredTime })}</Text>
          {r.details ? <Text className="block">{r.details}</Text> : null}
          <Text className="block muted small">
            {tr('hh.req.raisedBy', { who: raisedByName(r), at: formatDateTime(r.createdAt) })}
          </Text>
          {r.activity ? (
            <Text className="block">
              {tr('hh.req.activity', {
                title: r.activity.title,
                time: formatTimeRange(r.activity.startsAt, r.activity.endsAt),
              })}
            </Text>
          ) : null}
          {r.activity && (r.helpers ?? []).length === 0 ? (
            <Text className="block muted">{tr('hh.req.noHelpers')}</Text>
          ) : null}
          {(r.helpers ?? []).map((x) => (
            <Text className="block ok" key={`${r.id}-${x.volunteer.id}`}>
              {helperLine(x, lang)}
            </Text>
          ))}
          <View className="btn-row">
            {officerActions(r.status).map((a) => (
              <Btn
                key={a}
                kind={a === 'cancel' ? 'plain' : 'primary'}
                small
                disabled={busy}
                onClick={() => act(r, a)}
              >
                {tr(
                  a === 'convert' ? 'hh.req.convert' : a === 'complete' ? 'hh.req.complete' : 'hh.req.cancel',
                )}
              </Btn>
            ))}
          </View>
        </View>
      ))}

      <View className="card">
        <Text className="h2">{tr('hh.detail.log')}</Text>
        {log === null ? (
          <Btn kind="secondary" small onClick={showLog}>
            {tr('hh.detail.showLog')}
          </Btn>
        ) : (
          log.map((e) => (
            <Text className="block small" key={e.id}>
              {logLine(e, lang)}
            </Text>
          ))
        )}
      </View>

      {active ? (
        <View className="card">
          <Text className="h2">{tr('hh.detail.withdraw')}</Text>
          <Text className="block muted small">{tr('hh.detail.withdrawQ')}</Text>
          <View className="field">
            <Text className="field__label">{tr('hh.detail.withdrawReason')}</Text>
            <Textarea
              nativeProps={{ 'aria-label': tr('hh.detail.withdrawReason') }}
              className="textarea"
              value={reason}
              maxlength={500}
              onInput={(e) => setReason(e.detail.value)}
            />
          </View>
          <Btn kind="danger" onClick={withdraw} disabled={busy}>
            {tr('hh.detail.withdraw')}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}
