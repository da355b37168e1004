import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { MerchantChangeRequestDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { Field } from '../../../../components/Field';
import { communityParam } from '../../../../logic/district';
import { formatDateTime } from '../../../../logic/format';
import { changeLines } from '../../../../logic/shopEdit';
import { decideChangeRequest, listChangeRequests } from '../../../../services/desks';
import { messageFor, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** 商家资料变更审核: the licence and discount changes shops asked for, approved or rejected with a reason. */
export default function MerchantChanges() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const router = useRouter();
  const communityId = communityParam(router.params);
  const [items, setItems] = useState<MerchantChangeRequestDto[] | null>(null);
  const [error, setError] = useState('');
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await listChangeRequests({ status: 'pending', communityId });
      setItems(r.requests);
      setError('');
    } catch (e) {
      setItems([]);
      setError(messageFor(e));
    }
  }, [communityId]);

  useDidShow(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const decide = async (r: MerchantChangeRequestDto, action: 'approve' | 'reject') => {
    const reason = (reasons[r.id] ?? '').trim();
    if (action === 'reject' && !reason) {
      setFieldErrors((f) => ({ ...f, [r.id]: tr('changes.needReason') }));
      return;
    }
    setFieldErrors((f) => ({ ...f, [r.id]: '' }));
    setBusy(true);
    try {
      await decideChangeRequest(r.id, action, reason);
      showOk(tr(action === 'approve' ? 'changes.approved' : 'changes.rejected'));
      await load();
    } catch (e) {
      setFieldErrors((f) => ({ ...f, [r.id]: messageFor(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('changes.title')}</Text>
      <Text className="block muted">{tr('changes.intro')}</Text>
      {items === null ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {error ? (
        <View>
          <Empty title={tr('changes.loadFailed')} hint={error} />
          <Btn kind="secondary" onClick={load}>
            {tr('common.retry')}
          </Btn>
        </View>
      ) : null}
      {items && items.length === 0 && !error ? <Empty title={tr('changes.empty')} /> : null}
      {(items ?? []).map((r) => (
        <View className="card" key={r.id}>
          <Text className="h2">{r.merchant.name}</Text>
          {changeLines(r, lang).map((l) => (
            <View className="line" key={l.label}>
              <Text className="block small">{l.label}</Text>
              <Text className="block">
                <Text className="bad">{l.before}</Text> → <Text className="ok">{l.after}</Text>
              </Text>
            </View>
          ))}
          <Text className="block small muted">
            {tr('changes.by', { name: r.requestedBy.displayName, at: formatDateTime(r.requestedAt) })}
          </Text>
          <Field label={tr('changes.reason')} error={fieldErrors[r.id] || undefined}>
            <Textarea
              className="textarea"
              value={reasons[r.id] ?? ''}
              maxlength={500}
              onInput={(e) => {
                const v = e.detail.value;
                setReasons((x) => ({ ...x, [r.id]: v }));
              }}
            />
          </Field>
          <View className="btn-row">
            <Btn
              small
              disabled={busy}
              onClick={() => decide(r, 'approve')}
              label={`${tr('changes.approve')} · ${r.merchant.name}`}
            >
              {tr('changes.approve')}
            </Btn>
            <Btn
              kind="danger"
              small
              disabled={busy}
              onClick={() => decide(r, 'reject')}
              label={`${tr('changes.reject')} · ${r.merchant.name}`}
            >
              {tr('changes.reject')}
            </Btn>
          </View>
        </View>
      ))}
    </View>
  );
}
