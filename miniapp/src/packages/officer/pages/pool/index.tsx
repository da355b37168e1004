import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { GiftLimitsDto, PendingGiftsDto, PoolDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import { formatDateTime, formatPoints } from '../../../../logic/format';
import type { I18nKey } from '../../../../logic/i18n';
import { movementView, pointsOf } from '../../../../logic/movements';
import {
  approveGift,
  getGiftLimits,
  getPendingGifts,
  getPool,
  rejectGift,
  setGiftLimits,
} from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** The officer's desk for points that move: the pool, the gifts waiting for approval, the limits. */
export default function Pool() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [pool, setPool] = useState<PoolDto | null>(null);
  const [pending, setPending] = useState<PendingGiftsDto | null>(null);
  const [limits, setLimits] = useState<GiftLimitsDto | null>(null);
  const [perGift, setPerGift] = useState('');
  const [perMonth, setPerMonth] = useState('');
  const [limitError, setLimitError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [p, g, l] = await Promise.all([getPool(), getPendingGifts(), getGiftLimits()]);
      setPool(p);
      setPending(g);
      setLimits(l);
      setPerGift(l.perGift === null ? '' : String(l.perGift));
      setPerMonth(l.perMonth === null ? '' : String(l.perMonth));
    } catch (e) {
      showError(e);
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['officer'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const decide = async (id: number, approve: boolean) => {
    setBusy(true);
    try {
      if (approve) await approveGift(id);
      else await rejectGift(id, tr('mv.pending.rejectReason'));
      showOk(approve ? tr('mv.pending.approved') : tr('mv.pending.rejected'));
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const saveLimits = async () => {
    const parse = (s: string) => (s.trim() === '' ? null : pointsOf(s));
    const g = parse(perGift);
    const m = parse(perMonth);
    if ((perGift.trim() && g === null) || (perMonth.trim() && m === null)) {
      setLimitError(tr('mv.error.points'));
      return;
    }
    setBusy(true);
    try {
      setLimits(await setGiftLimits({ perGift: g, perMonth: m }));
      showOk(tr('mv.limits.saved'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('mv.pool.title')}</Text>
      {pool ? (
        <View className="card">
          <View className="stats">
            <View>
              <Text className="stat__value">{formatPoints(pool.balance)}</Text>
              <Text className="stat__label">{tr('mv.pool.balance')}</Text>
            </View>
          </View>
          <Text className="block small">
            {tr('mv.pool.donated', { v: formatPoints(pool.donated), n: pool.donations })}
          </Text>
          <Text className="block small">
            {tr('mv.pool.spent', { v: formatPoints(pool.spent), n: pool.spends })}
          </Text>
          {pool.recent.map((m) => {
            const v = movementView(m, lang);
            return (
              <View className="line" key={v.id}>
                <View className="row">
                  <Text>{v.title}</Text>
                  <Text className={`amount ${v.positive ? 'amount--plus' : 'amount--minus'}`}>
                    {v.amountText}
                  </Text>
                </View>
              </View>
            );
          })}
        </View>
      ) : (
        <Text className="muted">{tr('common.loading')}</Text>
      )}

      <View className="card">
        <Text className="h2">{tr('mv.pending.title')}</Text>
        {pending && pending.gifts.length === 0 ? <Empty title={tr('mv.pending.none')} /> : null}
        {(pending?.gifts ?? []).map((g) => (
          <View className="line" key={g.id}>
            <Text className="block strong">
              {tr('mv.pending.line', { from: g.from.name, to: g.to.name, v: formatPoints(g.points) })}
            </Text>
            <Text className="block small">
              {g.holdReason ? tr(`mv.hold.${g.holdReason}` as I18nKey) : ''} ·{' '}
              {tr('mv.pending.spendable', { v: formatPoints(g.from.spendable) })}
            </Text>
            {g.note ? <Text className="block muted small">{g.note}</Text> : null}
            <Text className="block muted small">{formatDateTime(g.createdAt)}</Text>
            <View className="row">
              <Btn small onClick={() => decide(g.id, true)} disabled={busy}>
                {tr('mv.pending.approve')}
              </Btn>
              <Btn small kind="secondary" onClick={() => decide(g.id, false)} disabled={busy}>
                {tr('mv.pending.reject')}
              </Btn>
            </View>
          </View>
        ))}
      </View>

      <View className="card">
        <Text className="h2">{tr('mv.limits.title')}</Text>
        <TextField
          label={tr('mv.limits.perGift')}
          type="number"
          value={perGift}
          onInput={(v) => {
            setPerGift(v);
            setLimitError('');
          }}
        />
        <TextField
          label={tr('mv.limits.perMonth')}
          type="number"
          value={perMonth}
          onInput={(v) => {
            setPerMonth(v);
            setLimitError('');
          }}
          error={limitError || undefined}
        />
        <Btn kind="secondary" onClick={saveLimits} disabled={busy || !limits}>
          {tr('mv.limits.save')}
        </Btn>
      </View>
    </View>
  );
}
