import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { RedeemedDto, TillDiscountDto, TillDiscountTrailDto } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { PrefsCard } from '../../../../components/PrefsCard';
import { TextField } from '../../../../components/TextField';
import { messageForCode } from '../../../../logic/errors';
import { formatClock, formatDateTime, formatPoints, levelLabel } from '../../../../logic/format';
import { parseMoney, savingFor } from '../../../../logic/forms';
import { withQuery } from '../../../../logic/query';
import {
  attemptFor,
  itemLine,
  type RedeemAttempt,
  type RedemptionItemDto,
  tillChoices,
} from '../../../../logic/redemptions';
import { REPORT_PAGE, SHOP_PAGE } from '../../../../logic/session';
import {
  amountsText,
  canCorrect,
  type DiscountField,
  discountFieldFor,
  minutesLeft,
  trailLine,
} from '../../../../logic/tillResult';
import { getMyMerchant, recordDiscount, verifyCode } from '../../../../services/api';
import { correctDiscount, getDiscountTrail } from '../../../../services/desks';
import { scan } from '../../../../services/device';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { ApiError } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { listMyRedemptionItems, redeemAtTill } from '../../../../services/redemptions';
import { requireSession, signOut } from '../../../../services/session';
import type { MyMerchantDto, VerificationDto } from '../../../../services/types';

/** Staff at the till: scan or type the holder's code, see valid/invalid, record the discount given. */
export default function Verify() {
  const [large, setLarge] = useLargeType();
  const { lang, setLang, tr } = useLang();
  const [shop, setShop] = useState<MyMerchantDto | null>(null);
  const [code, setCode] = useState('');
  const [result, setResult] = useState<VerificationDto | null>(null);
  const [failure, setFailure] = useState('');
  const [bill, setBill] = useState('');
  const [saving, setSaving] = useState('');
  const [recorded, setRecorded] = useState<TillDiscountDto | null>(null);
  const [trail, setTrail] = useState<TillDiscountTrailDto['trail'] | null>(null);
  const [trailError, setTrailError] = useState('');
  const [correcting, setCorrecting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<DiscountField | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState<RedemptionItemDto[]>([]);
  const [attempt, setAttempt] = useState<RedeemAttempt | null>(null);
  const [redeemed, setRedeemed] = useState<RedeemedDto | null>(null);
  const [redeemError, setRedeemError] = useState('');

  const loadItems = () =>
    listMyRedemptionItems()
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));

  useDidShow(() => {
    if (!requireSession(['merchant_staff'])) return;
    getMyMerchant()
      .then((r) => setShop(r.merchant))
      .catch(() => setShop(null));
    loadItems();
  });

  /** Staff pick an item and confirm: the points move at once; a retry keeps the attempt's key. */
  const redeemItem = async (item: RedemptionItemDto) => {
    if (!result?.valid) return;
    const ok = await Taro.showModal({
      title: tr('rd.till.confirmTitle'),
      content: tr('rd.till.confirm', { title: item.title, n: formatPoints(item.points) }),
    });
    if (!ok.confirm) return;
    const a = attemptFor(attempt, result.id, item.id);
    setAttempt(a);
    setBusy(true);
    setRedeemError('');
    try {
      const r = await redeemAtTill(result.id, { idempotencyKey: a.key, itemId: item.id });
      setRedeemed(r);
      showOk(tr('rd.till.redeemBtn'));
      loadItems();
    } catch (e) {
      setRedeemError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const check = async (value: string) => {
    const v = value.trim();
    if (!v) {
      Taro.showToast({ title: tr('verify.needCode'), icon: 'none' });
      return;
    }
    setBusy(true);
    setResult(null);
    setFailure('');
    setRecorded(null);
    setTrail(null);
    setCorrecting(false);
    setFieldErrors({});
    setBill('');
    setSaving('');
    setRedeemed(null);
    setRedeemError('');
    setAttempt(null);
    try {
      setResult(await verifyCode(v));
      setCode('');
    } catch (e) {
      setFailure(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const scanAndCheck = async () => {
    const r = await scan({ title: tr('scan.title'), hint: tr('scan.hint'), cancel: tr('scan.cancel') });
    if ('text' in r) await check(r.text);
    else if ('unavailable' in r) Taro.showToast({ title: tr('scan.unavailable'), icon: 'none' });
  };

  const onBill = (value: string) => {
    setBill(value);
    if (result?.valid) {
      const s = savingFor(parseMoney(value) ?? Number.NaN, result.discount.percentOff);
      setSaving(s === null ? '' : String(s));
    }
  };

  const loadTrail = async (verificationId: number) => {
    try {
      const r = await getDiscountTrail(verificationId);
      setRecorded(r.discount);
      setTrail(r.trail);
      setTrailError('');
    } catch {
      setTrailError(tr('till.trailFailed'));
    }
  };

  /** A refusal goes next to its field (or under the button), in the user's language. */
  const refuse = (e: unknown) => {
    if (e instanceof ApiError) {
      const field = discountFieldFor(e.code, e.details);
      setFieldErrors({ [field ?? 'form']: messageFor(e) });
      if (field === null && e.status === 401) showError(e);
    } else {
      setFieldErrors({ form: messageFor(e) });
    }
  };

  const record = async () => {
    if (!result?.valid) return;
    const billAmount = parseMoney(bill);
    const savingAmount = parseMoney(saving);
    const bad: Partial<Record<DiscountField, string>> = {};
    if (Number.isNaN(billAmount)) bad.bill = tr('verify.badAmount');
    if (Number.isNaN(savingAmount)) bad.saving = tr('verify.badAmount');
    if (bad.bill || bad.saving) {
      setFieldErrors(bad);
      return;
    }
    setBusy(true);
    setFieldErrors({});
    try {
      const input = { billAmount, savingAmount };
      const d = correcting ? await correctDiscount(result.id, input) : await recordDiscount(result.id, input);
      setRecorded(d);
      setCorrecting(false);
      showOk(tr(correcting ? 'till.corrected' : 'verify.recordedToast'));
      await loadTrail(result.id);
    } catch (e) {
      refuse(e);
    } finally {
      setBusy(false);
    }
  };

  const startCorrecting = () => {
    if (!recorded) return;
    setBill(recorded.billAmount === null ? '' : String(recorded.billAmount));
    setSaving(recorded.savingAmount === null ? '' : String(recorded.savingAmount));
    setFieldErrors({});
    setCorrecting(true);
  };

  const reset = () => {
    setResult(null);
    setFailure('');
    setRecorded(null);
    setTrail(null);
    setCorrecting(false);
    setFieldErrors({});
    setBill('');
    setSaving('');
    setRedeemed(null);
    setRedeemError('');
    setAttempt(null);
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{shop ? shop.name : tr('verify.title')}</Text>
      {shop ? <Text className="block muted">{tr('verify.discount', { v: shop.discount.label })}</Text> : null}
      <View className="gap" />

      {result ? (
        result.valid ? (
          <View className="result result--ok">
            <Text className="result__big">{tr('verify.valid')}</Text>
            {result.holder.photoUrl ? (
              <Image
                className="photo photo--till"
                src={result.holder.photoUrl}
                mode="aspectFill"
                ariaLabel={tr('verify.photoAlt')}
              />
            ) : (
              <Text className="block strong">{tr('verify.photoNone')}</Text>
            )}
            {result.holder.photoUrl ? (
              <Text className="block small">
                {result.holder.photoApprovedAt
                  ? tr('verify.photoApproved', { v: formatDateTime(result.holder.photoApprovedAt) })
                  : tr('verify.photoUnreviewed')}
              </Text>
            ) : null}
            <Text className="block">{tr('verify.holder', { v: result.holder.maskedName ?? '—' })}</Text>
            <Text className="block">
              {result.credential.label}
              {result.credential.level ? ` · ${levelLabel(result.credential.level)}` : ''}
            </Text>
            <Text className="block strong">{tr('verify.give', { v: result.discount.label })}</Text>
            {result.discount.conditions ? (
              <Text className="block small">{result.discount.conditions}</Text>
            ) : null}
            <Text className="block small">{tr('verify.at', { v: formatClock(result.checkedAt) })}</Text>
            {result.flagged ? <Text className="block small">{tr('verify.flagged')}</Text> : null}
          </View>
        ) : (
          <View className="result result--bad">
            <Text className="result__big">{tr('verify.invalid')}</Text>
            <Text className="block">{messageForCode(result.reason, undefined, lang)}</Text>
            <Text className="block small">{tr('verify.noDiscount')}</Text>
          </View>
        )
      ) : null}
      {failure ? (
        <View className="result result--bad">
          <Text className="result__big">{tr('verify.failed')}</Text>
          <Text className="block">{failure}</Text>
        </View>
      ) : null}

      {result?.valid && (!recorded || correcting) ? (
        <View className="card">
          <Text className="h2">{tr(correcting ? 'till.correct' : 'verify.record')}</Text>
          <TextField
            label={tr('verify.bill')}
            type="digit"
            value={bill}
            onInput={onBill}
            error={fieldErrors.bill}
          />
          <TextField
            label={tr('verify.saving')}
            type="digit"
            value={saving}
            onInput={setSaving}
            error={fieldErrors.saving}
          />
          {fieldErrors.form ? (
            <Text className="field__error" {...(process.env.TARO_ENV === 'h5' ? { role: 'alert' } : {})}>
              {fieldErrors.form}
            </Text>
          ) : null}
          <Btn onClick={record} disabled={busy}>
            {tr(correcting ? 'till.correctSave' : 'verify.recordBtn')}
          </Btn>
          {correcting ? (
            <Btn kind="plain" small onClick={() => setCorrecting(false)}>
              {tr('till.correctCancel')}
            </Btn>
          ) : null}
        </View>
      ) : null}
      {recorded && !correcting ? (
        <View className="card">
          <Text className="block ok strong">{tr('verify.recorded')}</Text>
          <Text className="block strong">
            {tr(`till.status.${recorded.status}`)} · {amountsText(recorded, lang)}
          </Text>
          {canCorrect(recorded, Date.now()) ? (
            <View>
              <Text className="block small muted">
                {tr('till.correctLeft', { n: minutesLeft(recorded.correctableUntil, Date.now()) })}
              </Text>
              <Btn kind="secondary" small onClick={startCorrecting}>
                {tr('till.correct')}
              </Btn>
            </View>
          ) : (
            <Text className="block small muted">{tr('till.correctClosed')}</Text>
          )}
          {trail && trail.length > 0 ? (
            <View>
              <Text className="h2">{tr('till.trail.title')}</Text>
              {trail.map((e) => {
                const line = trailLine(e, lang);
                return (
                  <View className="line" key={`${e.kind}-${e.at}`}>
                    <Text className="block">
                      {line.title} · {formatClock(e.at)}
                    </Text>
                    <Text className="block small muted">{line.detail}</Text>
                  </View>
                );
              })}
            </View>
          ) : null}
          {trailError ? <Text className="block small bad">{trailError}</Text> : null}
        </View>
      ) : null}
      {result?.valid && result.credential.kind === 'certificate' ? (
        <View className="card">
          <Text className="h2">{tr('rd.till.title')}</Text>
          {redeemed ? (
            <Text className="block ok strong">
              {tr('rd.till.done', {
                title: redeemed.item.title,
                n: formatPoints(redeemed.points),
                left: formatPoints(redeemed.spendableAfter),
              })}
            </Text>
          ) : tillChoices(items).length === 0 ? (
            <Text className="block muted">{tr('rd.till.none')}</Text>
          ) : (
            <View>
              <Text className="block small">{tr('rd.till.pick')}</Text>
              {tillChoices(items).map((i) => (
                <View className="line" key={i.id}>
                  <Text className="block strong">{i.title}</Text>
                  <Text className="block small">{itemLine(i, lang)}</Text>
                  <Btn small onClick={() => redeemItem(i)} disabled={busy}>
                    {tr('rd.till.redeemBtn')}
                  </Btn>
                </View>
              ))}
            </View>
          )}
          {redeemError ? (
            <Text className="field__error" {...(process.env.TARO_ENV === 'h5' ? { role: 'alert' } : {})}>
              {redeemError}
            </Text>
          ) : null}
        </View>
      ) : null}
      {result?.valid ? (
        <Btn
          kind="plain"
          small
          onClick={() =>
            Taro.navigateTo({
              url: withQuery(REPORT_PAGE, { kind: 'lent_certificate', verificationId: result.id }),
            })
          }
        >
          {tr('verify.reportLent')}
        </Btn>
      ) : null}
      {result || failure ? (
        <Btn kind="secondary" onClick={reset}>
          {tr('verify.next')}
        </Btn>
      ) : null}

      {!result && !failure ? (
        <View className="card">
          <Btn onClick={scanAndCheck} disabled={busy}>
            {tr('verify.scan')}
          </Btn>
          <Text className="field__label">{tr('verify.orType')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('verify.orType') }}
            className="textarea"
            value={code}
            maxlength={200}
            placeholder="TB1.xxxx.xxxx.123456"
            onInput={(e) => setCode(e.detail.value)}
          />
          <Btn onClick={() => check(code)} disabled={busy}>
            {tr('verify.check')}
          </Btn>
        </View>
      ) : null}

      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: SHOP_PAGE })}>
        {tr('verify.shop')}
      </Btn>
      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
      <Btn kind="plain" onClick={signOut}>
        {tr('common.signOut')}
      </Btn>
    </View>
  );
}
