import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { BalanceDto, MovementDto } from '@timebank/shared';
import { useCallback, useRef, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { TextField } from '../../../../components/TextField';
import { formatPoints } from '../../../../logic/format';
import {
  type GiftForm,
  giftBodyOf,
  limitsText,
  movementView,
  newIdempotencyKey,
  pointsOf,
} from '../../../../logic/movements';
import { cancelGift, donatePoints, getMyBalance, getMyMovements, giveGift } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const EMPTY: GiftForm = { memberId: '', phone: '', points: '', note: '' };

/**
 * 我的积分: spendable vs lifetime points, a gift to family or a neighbour of the community, a donation
 * to the pool, and every movement. Each submission keeps its idempotency key until it succeeds or the
 * form changes, so a retry after a lost answer never gives twice.
 */
export default function Points() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [balance, setBalance] = useState<BalanceDto | null>(null);
  const [list, setList] = useState<MovementDto[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [gift, setGift] = useState<GiftForm>(EMPTY);
  const [giftError, setGiftError] = useState('');
  const [donation, setDonation] = useState('');
  const [donationError, setDonationError] = useState('');
  const [busy, setBusy] = useState(false);
  const giftKey = useRef(newIdempotencyKey());
  const donationKey = useRef(newIdempotencyKey());

  const load = useCallback(async () => {
    try {
      const [b, m] = await Promise.all([getMyBalance(), getMyMovements()]);
      setBalance(b);
      setList(m.movements);
      setNext(m.nextBefore);
    } catch (e) {
      showError(e);
    }
  }, []);

  useDidShow(() => {
    if (!requireSession(['volunteer'])) return;
    load();
  });
  usePullDownRefresh(async () => {
    await load();
    Taro.stopPullDownRefresh();
  });

  const editGift = (patch: Partial<GiftForm>) => {
    setGift({ ...gift, ...patch });
    setGiftError('');
    giftKey.current = newIdempotencyKey(); // another gift: a new key
  };

  const give = async () => {
    const r = giftBodyOf(gift, giftKey.current);
    if (!r.ok) {
      setGiftError(tr(r.error));
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr('mv.give.title'),
      content: tr('mv.give.confirm', { n: String(r.body.points) }),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const m = await giveGift(r.body);
      showOk(m.status === 'pending' ? tr('mv.give.pending') : tr('mv.give.done'));
      setGift(EMPTY);
      giftKey.current = newIdempotencyKey();
      await load();
    } catch (e) {
      showError(e); // the same key is kept: trying again cannot give twice
    } finally {
      setBusy(false);
    }
  };

  const donate = async () => {
    const points = pointsOf(donation);
    if (points === null) {
      setDonationError(tr('mv.error.points'));
      return;
    }
    const { confirm } = await Taro.showModal({
      title: tr('mv.donate.title'),
      content: tr('mv.donate.confirm', { n: String(points) }),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await donatePoints({ idempotencyKey: donationKey.current, points });
      showOk(tr('mv.donate.done'));
      setDonation('');
      donationKey.current = newIdempotencyKey();
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (id: number) => {
    setBusy(true);
    try {
      await cancelGift(id);
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const more = async () => {
    if (!next) return;
    try {
      const m = await getMyMovements(next);
      setList([...list, ...m.movements]);
      setNext(m.nextBefore);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('mv.title')}</Text>
      {balance ? (
        <View className="card">
          <View className="stats">
            <View>
              <Text className="stat__value">{formatPoints(balance.spendable)}</Text>
              <Text className="stat__label">{tr('mv.me.spendable')}</Text>
            </View>
            <View>
              <Text className="stat__value">{formatPoints(balance.lifetimeEarned)}</Text>
              <Text className="stat__label">{tr('mv.me.lifetime')}</Text>
            </View>
          </View>
          <Text className="block muted small">{tr('mv.me.lifetimeHint')}</Text>
          <Text className="block small">
            {tr('mv.given', { v: formatPoints(balance.given) })} ·{' '}
            {tr('mv.received', { v: formatPoints(balance.received) })} ·{' '}
            {tr('mv.donated', { v: formatPoints(balance.donated) })}
            {balance.pendingOut > 0
              ? ` · ${tr('mv.pendingOut', { v: formatPoints(balance.pendingOut) })}`
              : ''}
          </Text>
        </View>
      ) : (
        <Text className="muted">{tr('common.loading')}</Text>
      )}

      <View className="card">
        <Text className="h2">{tr('mv.give.title')}</Text>
        {balance ? <Text className="block muted small">{limitsText(balance.limits, lang)}</Text> : null}
        <TextField
          label={tr('mv.give.memberId')}
          placeholder={tr('mv.give.memberIdHint')}
          type="number"
          value={gift.memberId}
          onInput={(v) => editGift({ memberId: v })}
        />
        <TextField
          label={tr('mv.give.phone')}
          type="number"
          maxlength={11}
          value={gift.phone}
          onInput={(v) => editGift({ phone: v })}
        />
        <TextField
          label={tr('mv.give.points')}
          type="number"
          value={gift.points}
          onInput={(v) => editGift({ points: v })}
        />
        <TextField
          label={tr('mv.give.note')}
          maxlength={100}
          value={gift.note}
          onInput={(v) => editGift({ note: v })}
          error={giftError || undefined}
        />
        <Btn onClick={give} disabled={busy}>
          {tr('mv.give.submit')}
        </Btn>
      </View>

      <View className="card">
        <Text className="h2">{tr('mv.donate.title')}</Text>
        <Text className="block muted small">{tr('mv.donate.hint')}</Text>
        <TextField
          label={tr('mv.give.points')}
          type="number"
          value={donation}
          onInput={(v) => {
            setDonation(v);
            setDonationError('');
            donationKey.current = newIdempotencyKey();
          }}
          error={donationError || undefined}
        />
        <Btn kind="secondary" onClick={donate} disabled={busy}>
          {tr('mv.donate.submit')}
        </Btn>
      </View>

      <View className="card">
        <Text className="h2">{tr('mv.list.title')}</Text>
        {balance && list.length === 0 ? <Empty title={tr('mv.list.none')} /> : null}
        {list.map((m) => {
          const v = movementView(m, lang);
          return (
            <View className="line" key={v.id}>
              <View className="row">
                <Text className="strong">{v.title}</Text>
                <Text className={`amount ${v.positive ? 'amount--plus' : 'amount--minus'}`}>
                  {v.amountText}
                </Text>
              </View>
              <Text className="block small">{v.status}</Text>
              {v.detail ? <Text className="block muted small">{v.detail}</Text> : null}
              {v.cancellable ? (
                <Btn kind="plain" small onClick={() => withdraw(v.id)} disabled={busy}>
                  {tr('mv.list.cancel')}
                </Btn>
              ) : null}
            </View>
          );
        })}
        {next ? (
          <Btn kind="plain" onClick={more}>
            {tr('mv.list.more')}
          </Btn>
        ) : null}
      </View>
    </View>
  );
}
