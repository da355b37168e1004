import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { formatClock, levelLabel } from '../../../../logic/format';
import { parseMoney, savingFor } from '../../../../logic/forms';
import { getMyMerchant, recordDiscount, verifyCode } from '../../../../services/api';
import { isWeapp, scan } from '../../../../services/device';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { pageClass, useLargeType } from '../../../../services/prefs';
import { requireSession, signOut } from '../../../../services/session';
import type { MyMerchantDto, VerificationDto } from '../../../../services/types';

/** Staff at the till: scan or type the holder's code, see valid/invalid, record the discount given. */
export default function Verify() {
  const [large, setLarge] = useLargeType();
  const [shop, setShop] = useState<MyMerchantDto | null>(null);
  const [code, setCode] = useState('');
  const [result, setResult] = useState<VerificationDto | null>(null);
  const [failure, setFailure] = useState('');
  const [bill, setBill] = useState('');
  const [saving, setSaving] = useState('');
  const [recorded, setRecorded] = useState(false);
  const [busy, setBusy] = useState(false);

  useDidShow(() => {
    if (!requireSession(['merchant_staff'])) return;
    getMyMerchant()
      .then((r) => setShop(r.merchant))
      .catch(() => setShop(null));
  });

  const check = async (value: string) => {
    const v = value.trim();
    if (!v) {
      Taro.showToast({ title: '请扫描或输入持证人的二维码', icon: 'none' });
      return;
    }
    setBusy(true);
    setResult(null);
    setFailure('');
    setRecorded(false);
    setBill('');
    setSaving('');
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
    const v = await scan();
    if (v) await check(v);
  };

  const onBill = (value: string) => {
    setBill(value);
    if (result?.valid) {
      const s = savingFor(parseMoney(value) ?? Number.NaN, result.discount.percentOff);
      setSaving(s === null ? '' : String(s));
    }
  };

  const record = async () => {
    if (!result?.valid) return;
    const billAmount = parseMoney(bill);
    const savingAmount = parseMoney(saving);
    if (Number.isNaN(billAmount) || Number.isNaN(savingAmount)) {
      Taro.showToast({ title: '金额格式有误，最多两位小数', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await recordDiscount(result.id, { billAmount, savingAmount });
      setRecorded(true);
      showOk('已记录优惠');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setResult(null);
    setFailure('');
    setRecorded(false);
    setBill('');
    setSaving('');
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{shop ? shop.name : '证书核验'}</Text>
      {shop ? <Text className="block muted">本店优惠：{shop.discount.label}</Text> : null}
      <View className="gap" />

      {result ? (
        result.valid ? (
          <View className="result result--ok">
            <Text className="result__big">✓ 证书有效</Text>
            <Text className="block">持证人：{result.holder.maskedName ?? '—'}</Text>
            <Text className="block">
              {result.credential.label}
              {result.credential.level ? ` · ${levelLabel(result.credential.level)}` : ''}
            </Text>
            <Text className="block strong">请给予优惠：{result.discount.label}</Text>
            {result.discount.conditions ? (
              <Text className="block small">{result.discount.conditions}</Text>
            ) : null}
            <Text className="block small">核验时间 {formatClock(result.checkedAt)}</Text>
            {result.flagged ? <Text className="block small">该证书近期使用异常，已提醒社区关注</Text> : null}
          </View>
        ) : (
          <View className="result result--bad">
            <Text className="result__big">✗ 核验未通过</Text>
            <Text className="block">{result.message}</Text>
            <Text className="block small">请勿给予优惠，可请持证人刷新后再试</Text>
          </View>
        )
      ) : null}
      {failure ? (
        <View className="result result--bad">
          <Text className="result__big">无法核验</Text>
          <Text className="block">{failure}</Text>
        </View>
      ) : null}

      {result?.valid && !recorded ? (
        <View className="card">
          <Text className="h2">记录本次优惠</Text>
          <View className="field">
            <Text className="field__label">消费金额（元，可不填）</Text>
            <Input className="input" type="digit" value={bill} onInput={(e) => onBill(e.detail.value)} />
          </View>
          <View className="field">
            <Text className="field__label">优惠金额（元）</Text>
            <Input className="input" type="digit" value={saving} onInput={(e) => setSaving(e.detail.value)} />
          </View>
          <Btn onClick={record} disabled={busy}>
            记录优惠
          </Btn>
        </View>
      ) : null}
      {recorded ? <Text className="block ok strong">已记录，可用于向社区申请补贴</Text> : null}
      {result || failure ? (
        <Btn kind="secondary" onClick={reset}>
          核验下一位
        </Btn>
      ) : null}

      {!result && !failure ? (
        <View className="card">
          {isWeapp ? (
            <Btn onClick={scanAndCheck} disabled={busy}>
              扫描持证人二维码
            </Btn>
          ) : null}
          <Text className="field__label">{isWeapp ? '或输入码' : '输入或粘贴持证人的码'}</Text>
          <Textarea
            className="textarea"
            value={code}
            maxlength={200}
            placeholder="TB1.xxxx.xxxx.123456"
            onInput={(e) => setCode(e.detail.value)}
          />
          <Btn onClick={() => check(code)} disabled={busy}>
            核验
          </Btn>
        </View>
      ) : null}

      <View className="card row">
        <Text>大字模式</Text>
        <Switch checked={large} color="#c8102e" onChange={(e) => setLarge(e.detail.value)} />
      </View>
      <Btn kind="plain" onClick={signOut}>
        退出登录
      </Btn>
    </View>
  );
}
