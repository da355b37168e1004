import { Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { AuditEntryDto, AuditListDto } from '@timebank/shared';
import { useCallback, useRef, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { formatDateTime } from '../../../../logic/format';
import {
  type AuditFilters,
  auditEntryView,
  auditFilterProblem,
  auditQuery,
} from '../../../../logic/officerOps';
import { messageFor } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

type AuditEntry = AuditEntryDto;
type AuditPage = AuditListDto;

const PAGE_SIZE = 20;

/** 审计日志: who changed what and when, with the fields before → after; searchable and paged. */
export default function OfficerAudit() {
  const [large] = useLargeType();
  const { lang, tr } = useLang();
  const [draft, setDraft] = useState<AuditFilters>({});
  const [actorName, setActorName] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const applied = useRef<AuditFilters>({});

  const load = useCallback(async (filters: AuditFilters, before: number | null) => {
    const page = await http.get<AuditPage>('/audit', auditQuery(filters, before, PAGE_SIZE));
    return page;
  }, []);

  const reload = useCallback(
    async (filters: AuditFilters) => {
      const problem = auditFilterProblem(filters);
      if (problem) {
        Taro.showToast({ title: tr(problem), icon: 'none' });
        return;
      }
      applied.current = filters;
      try {
        const page = await load(filters, null);
        setEntries(page.entries);
        setNext(page.nextBefore);
        setError('');
      } catch (e) {
        setEntries([]);
        setNext(null);
        setError(messageFor(e));
      }
    },
    [load, tr],
  );

  const more = async () => {
    if (next === null || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await load(applied.current, next);
      setEntries((old) => [...(old ?? []), ...page.entries]);
      setNext(page.nextBefore);
    } catch (e) {
      Taro.showToast({ title: messageFor(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    reload(applied.current);
  });
  usePullDownRefresh(async () => {
    await reload(applied.current);
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => {
    more();
  });

  const search = () => reload(draft);
  const onlyActor = (e: AuditEntry) => {
    const f = { ...draft, actorId: e.actor.id };
    setDraft(f);
    setActorName(e.actor.name);
    reload(f);
  };
  const clear = () => {
    setDraft({});
    setActorName('');
    reload({});
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('ops.audit.title')}</Text>
      <Text className="block muted">{tr('ops.audit.intro')}</Text>
      <View className="gap" />

      <View className="card">
        <View className="field">
          <Text className="field__label">{tr('ops.audit.action')}</Text>
          <Input
            nativeProps={{ 'aria-label': tr('ops.audit.action') }}
            className="input"
            value={draft.action ?? ''}
            placeholder={tr('ops.audit.actionHint')}
            onInput={(e) => setDraft({ ...draft, action: e.detail.value })}
            onConfirm={search}
          />
        </View>
        <View className="row">
          <View className="field">
            <Text className="field__label">{tr('ops.audit.from')}</Text>
            <Picker
              mode="date"
              value={draft.from ?? ''}
              onChange={(e) => setDraft({ ...draft, from: String(e.detail.value) })}
            >
              <View className="picker">{draft.from || tr('ops.audit.any')}</View>
            </Picker>
          </View>
          <View className="field">
            <Text className="field__label">{tr('ops.audit.to')}</Text>
            <Picker
              mode="date"
              value={draft.to ?? ''}
              onChange={(e) => setDraft({ ...draft, to: String(e.detail.value) })}
            >
              <View className="picker">{draft.to || tr('ops.audit.any')}</View>
            </Picker>
          </View>
        </View>
        {draft.actorId !== undefined ? (
          <View className="chips">
            <View className="chip chip--on">{tr('ops.audit.actorFilter', { name: actorName })}</View>
          </View>
        ) : null}
        <View className="btn-row">
          <Btn small onClick={search}>
            {tr('ops.audit.search')}
          </Btn>
          <Btn kind="secondary" small onClick={clear}>
            {tr('ops.audit.clear')}
          </Btn>
        </View>
      </View>

      {entries === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? <Empty title={tr('ops.audit.loadFailed')} hint={error} /> : null}
      {entries && entries.length === 0 && !error ? (
        <Empty title={tr('ops.audit.empty')} hint={tr('ops.audit.emptyHint')} />
      ) : null}
      {(entries ?? []).map((e) => {
        const view = auditEntryView(e, lang);
        const lines = view.lines;
        return (
          <View className="card" key={e.id}>
            <View className="row row--start">
              <Text className="tag">{view.action}</Text>
              <Text className="tag tag--grey">{view.target}</Text>
            </View>
            <Text className="block strong">
              {tr('ops.audit.who', { name: e.actor.name, role: tr(`ops.role.${e.actor.role}`) })}
            </Text>
            <Text className="block muted small">{formatDateTime(e.at)}</Text>
            {view.reason ? <Text className="block">{tr('common.reason', { v: view.reason })}</Text> : null}
            {lines.length === 0 ? (
              <Text className="block muted small">{tr('ops.audit.noChange')}</Text>
            ) : (
              lines.map((l) => (
                <View className="line" key={l.path || 'value'}>
                  <Text className="block small">{l.label}</Text>
                  <Text className="block">
                    <Text className="bad">{l.before}</Text> → <Text className="ok">{l.after}</Text>
                  </Text>
                </View>
              ))
            )}
            {draft.actorId === undefined ? (
              <Btn kind="plain" small onClick={() => onlyActor(e)}>
                {tr('ops.audit.onlyThis')}
              </Btn>
            ) : null}
          </View>
        );
      })}
      {entries && entries.length > 0 ? (
        next !== null ? (
          <Btn kind="secondary" onClick={more} disabled={loadingMore}>
            {loadingMore ? tr('common.loading') : tr('ops.audit.more')}
          </Btn>
        ) : (
          <Text className="block muted small">{tr('ops.audit.end')}</Text>
        )
      ) : null}
    </View>
  );
}
