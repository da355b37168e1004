import { Switch, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Btn } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { Qr } from '../../components/Qr';
import { certificateNotice } from '../../logic/certificates';
import {
  certificateStatusLabels,
  formatDateTime,
  formatHours,
  formatPoints,
  levelLabel,
} from '../../logic/format';
import { certificateProgressText, ledgerLineView, progressPercent } from '../../logic/ledger';
import { msUntilNextStep } from '../../logic/rotation';
import { deviceFor, type TillDevice, tillView } from '../../logic/till';
import { getMyCertificate, getMyChecks, getMyLedger, openTillDevice } from '../../services/api';
import { isWeapp } from '../../services/device';
import { errorCodeOf, showError, showOk } from '../../services/errors';
import { pageClass, useLargeType } from '../../services/prefs';
import { requireSession, signOut } from '../../services/session';
import { KEYS, load, save } from '../../services/storage';
import type { CertificateDto, MyCheckDto, StatementDto } from '../../services/types';

/** The code at the till: recomputed locally at every 30-s step, with a countdown each second. */
function TillCode({ device }: { device: TillDevice }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let stepTimer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      stepTimer = setTimeout(
        () => {
          setNow(Date.now());
          schedule();
        },
        msUntilNextStep(Date.now(), device.stepSeconds || 30),
      );
    };
    schedule();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(stepTimer);
      clearInterval(tick);
    };
  }, [device]);
  const view = tillView(device, now);
  return (
    <View className="code-box">
      <Qr text={view.code} sizePx={200} />
      <Text className="block mono small">{view.code}</Text>
      <Text className="countdown">{view.secondsLeft} 秒后自动更新</Text>
      <Text className="block muted small">请商家扫码核验。截图或转发的码无效。</Text>
    </View>
  );
}

export default function Me() {
  const [large, setLarge] = useLargeType();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState(0);
  const [statement, setStatement] = useState<StatementDto | null>(null);
  const [cert, setCert] = useState<CertificateDto | null>(null);
  const [checks, setChecks] = useState<MyCheckDto[]>([]);
  const [device, setDevice] = useState<TillDevice | null>(null);
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const uid = useRef(0);

  const load_ = useCallback(async () => {
    try {
      const st = await getMyLedger({ limit: 50 });
      setStatement(st);
      if (st.certificate.issued) {
        const c = await getMyCertificate();
        setCert(c);
        setDevice(deviceFor(load(KEYS.tillDevice), uid.current, c.serial));
        getMyChecks()
          .then((r) => setChecks(r.checks.slice(0, 10)))
          .catch(() => setChecks([]));
      } else {
        setCert(null);
      }
    } catch (e) {
      if (errorCodeOf(e) !== 'certificates.not_issued') showError(e);
    }
  }, []);

  useDidShow(() => {
    const s = requireSession(['volunteer']);
    if (!s) return;
    uid.current = s.user.id;
    setUserId(s.user.id);
    setName(s.user.displayName);
    setVisible(true);
    load_();
  });
  // Stop the code timers while the page is hidden.
  useDidHide(() => setVisible(false));
  useUnload(() => setVisible(false));

  usePullDownRefresh(async () => {
    await load_();
    Taro.stopPullDownRefresh();
  });

  const openHere = async () => {
    const { confirm } = await Taro.showModal({
      title: '在本机出示证书',
      content: '证书只能在一部手机上出示。在本机打开后，其他手机上的证书码将失效。',
      confirmText: '本机打开',
      cancelText: '取消',
    });
    if (!confirm || !cert) return;
    setBusy(true);
    try {
      const r = await openTillDevice(isWeapp ? '微信小程序' : '网页版');
      const d: TillDevice = {
        deviceId: r.deviceId,
        secretHex: r.secretHex,
        stepSeconds: r.stepSeconds,
        serial: r.credential.serial,
        userId,
      };
      save(KEYS.tillDevice, d);
      setDevice(d);
      showOk(r.replacedPreviousDevice ? '已换到本机' : '已在本机打开');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const lines = (statement?.lines ?? []).map(ledgerLineView);
  const notice = cert ? certificateNotice(cert) : null;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name || '我的'}</Text>
      {statement ? (
        <View className="card">
          <View className="stats">
            <View>
              <Text className="stat__value">{formatPoints(statement.balance)}</Text>
              <Text className="stat__label">当前积分</Text>
            </View>
            <View>
              <Text className="stat__value">{formatHours(statement.lifetimeHours)}</Text>
              <Text className="stat__label">累计服务小时</Text>
            </View>
            <View>
              <Text className="stat__value">{formatPoints(statement.lifetimeEarned)}</Text>
              <Text className="stat__label">累计获得积分</Text>
            </View>
          </View>
          {!statement.certificate.issued ? (
            <View>
              <View className="progress">
                <View
                  className="progress__bar"
                  style={{
                    width: `${progressPercent(statement.lifetimeEarned, statement.certificate.threshold)}%`,
                  }}
                />
              </View>
              <Text className="block">{certificateProgressText(statement.certificate)}</Text>
            </View>
          ) : null}
        </View>
      ) : (
        <Text className="muted">正在加载…</Text>
      )}

      {notice ? (
        <View className="result result--bad">
          <Text className="result__big">{notice.title}</Text>
          <Text className="block strong">原因：{notice.reason}</Text>
          <Text className="block small">{notice.hint}</Text>
        </View>
      ) : null}

      {cert ? (
        <View className="card card--cert">
          <Text className="h2">志愿者证书</Text>
          <Text className="block">
            {cert.holder.realName || cert.holder.displayName} · {cert.community.name}
          </Text>
          <Text className="block">证书编号 {cert.serial}</Text>
          <Text className="block">
            等级 {levelLabel(cert.level)} · 状态{' '}
            <Text className="strong">{certificateStatusLabels[cert.status] ?? cert.status}</Text>
          </Text>
          <Text className="block muted small">发证日期 {cert.issuedOn}</Text>
          {cert.status === 'active' ? (
            device ? (
              visible ? (
                <TillCode device={device} />
              ) : null
            ) : (
              <Btn kind="secondary" onClick={openHere} disabled={busy}>
                在本机出示证书
              </Btn>
            )
          ) : null}
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">积分明细</Text>
        {statement && lines.length === 0 ? (
          <Empty title="还没有积分记录" hint="参加活动并签到签退，社区确认后积分会记在这里" />
        ) : null}
        {lines.map((l) => (
          <View className="line" key={l.id}>
            <View className="row">
              <Text className="strong">{l.title}</Text>
              <Text className={`amount ${l.positive ? 'amount--plus' : 'amount--minus'}`}>
                {l.amountText}
              </Text>
            </View>
            {l.detail ? <Text className="block muted small">{l.detail}</Text> : null}
            <Text className="block small">原因：{l.reason}</Text>
            <Text className="block muted small">
              {l.when} · {l.balanceText}
            </Text>
          </View>
        ))}
      </View>

      {cert ? (
        <View className="card">
          <Text className="h2">证书核验记录</Text>
          {checks.length === 0 ? <Text className="muted">还没有商家核验过您的证书</Text> : null}
          {checks.map((c) => (
            <View className="line" key={c.id}>
              <View className="row">
                <Text className="strong">{c.merchant.name}</Text>
                <Text className={c.valid ? 'ok strong' : 'bad strong'}>{c.valid ? '通过' : '未通过'}</Text>
              </View>
              <Text className="block muted small">{formatDateTime(c.at)}</Text>
              {c.reasonMessage ? <Text className="block small">{c.reasonMessage}</Text> : null}
            </View>
          ))}
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
