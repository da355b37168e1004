import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { HelpRequestInput } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { HelpRequestForm } from '../../../../components/HelpRequestForm';
import { formatDateTime, formatTimeRange } from '../../../../logic/format';
import {
  categoryLabel,
  type HouseholdDetailDto,
  type HouseholdMineItemDto,
  helperLine,
  householdsApi,
  kindLabel,
  proxyCanCancel,
  statusLabel,
  statusTone,
} from '../../../../logic/households';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const api = householdsApi(http);

/**
 * 代为求助: a family member or neighbour the community registered as a proxy asks for help for the
 * household and sees who came. Every action here is written to the household's log for the officers.
 */
export default function ProxyHouseholds() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [list, setList] = useState<HouseholdMineItemDto[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<HouseholdDetailDto | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setList((await api.mine()).households);
      setError('');
    } catch (e) {
      setList([]);
      setError(messageFor(e));
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    if (open) setOpen(await api.proxyView(open.household.id).catch(() => null));
    else await load();
    Taro.stopPullDownRefresh();
  });

  const view = async (id: number) => {
    try {
      setOpen(await api.proxyView(id));
    } catch (e) {
      showError(e);
    }
  };

  const ask = async (value: HelpRequestInput) => {
    if (!open) return false;
    setBusy(true);
    try {
      await api.proxyRaise(open.household.id, value);
      showOk(tr('hh.detail.raised'));
      setOpen(await api.proxyView(open.household.id));
      return true;
    } catch (e) {
      showError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (requestId: number) => {
    if (!open) return;
    const { confirm } = await Taro.showModal({
      title: tr('hh.req.cancel'),
      content: tr('hh.req.cancelQ'),
      confirmText: tr('hh.req.cancel'),
      cancelText: tr('common.cancel'),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await api.proxyCancel(requestId);
      showOk(tr('hh.req.cancelled'));
      setOpen(await api.proxyView(open.household.id));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (open) {
    const h = open.household;
    return (
      <View className={pageClass(large)}>
        <Btn kind="plain" small onClick={() => setOpen(null)}>
          {tr('hh.proxy.back')}
        </Btn>
        <View className="row row--start">
          <Text className="tag">{categoryLabel(h.category, lang)}</Text>
        </View>
        <Text className="h1">{h.label ?? ''}</Text>
        {h.address ? <Text className="block">{h.address}</Text> : null}
        <Text className="block strong">{tr('hh.detail.summary', { ...open.summary })}</Text>

        <HelpRequestForm lang={lang} tr={tr} busy={busy} onSubmit={ask} />

        <Text className="h2">{tr('hh.detail.requests')}</Text>
        {open.requests.length === 0 ? <Empty title={tr('hh.detail.noRequests')} /> : null}
        {open.requests.map((r) => (
          <View className="card" key={r.id}>
            <View className="row row--start">
              <Text className={`tag tag--${statusTone(r.status)}`}>{statusLabel(r.status, lang)}</Text>
              <Text className="tag">{kindLabel(r.kind, lang)}</Text>
            </View>
            <Text className="block">{tr('hh.req.when', { v: r.preferredTime })}</Text>
            {r.details ? <Text className="block">{r.details}</Text> : null}
            <Text className="block muted small">{formatDateTime(r.createdAt)}</Text>
            {r.activity ? (
              <Text className="block">
                {tr('hh.req.activity', {
                  title: r.activity.title,
                  time: formatTimeRange(r.activity.startsAt, r.activity.endsAt),
                })}
              </Text>
            ) : null}
            {(r.helpers ?? []).map((x) => (
              <Text className="block ok" key={`${r.id}-${x.volunteer.id}`}>
                {helperLine(x, lang)}
              </Text>
            ))}
            {proxyCanCancel(r.status) ? (
              <Btn kind="plain" small disabled={busy} onClick={() => cancel(r.id)}>
                {tr('hh.req.cancel')}
              </Btn>
            ) : null}
          </View>
        ))}
      </View>
    );
  }

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('hh.proxy.title')}</Text>
      <Text className="block muted">{tr('hh.proxy.intro')}</Text>
      {list === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={error} /> : null}
      {list && list.length === 0 && !error ? (
        <Empty title={tr('hh.proxy.none')} hint={tr('hh.proxy.noneHint')} />
      ) : null}
      {(list ?? []).map((h) => (
        <View className="card" key={h.id}>
          <View className="row row--start">
            <Text className="tag">{categoryLabel(h.category, lang)}</Text>
          </View>
          <Text className="h2">{h.label ?? ''}</Text>
          {h.address ? <Text className="block">{h.address}</Text> : null}
          {h.relation ? (
            <Text className="block muted">{tr('hh.proxy.relation', { v: h.relation })}</Text>
          ) : null}
          <Btn kind="secondary" small onClick={() => view(h.id)}>
            {tr('hh.proxy.choose')}
          </Btn>
        </View>
      ))}
    </View>
  );
}
