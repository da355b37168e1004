import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro';
import type { CommunityAcceptanceDto } from '@timebank/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Btn, buttonA11y } from '../../components/Btn';
import { Empty } from '../../components/Empty';
import { PrefsCard } from '../../components/PrefsCard';
import { Qr } from '../../components/Qr';
import { acceptanceLines } from '../../logic/acceptance';
import { certificateNotice } from '../../logic/certificates';
import { messageForCode } from '../../logic/errors';
import { formatDateTime, formatHours, formatPoints, levelLabel } from '../../logic/format';
import { CERTIFICATE_STATUS, labelOf } from '../../logic/labels';
import { certificateProgressText, ledgerLineView, progressPercent } from '../../logic/ledger';
import { MESSAGES_PAGE, type MessagesDto, unreadBadge } from '../../logic/messages';
import { PROFILE_PAGE } from '../../logic/profile';
import { withQuery } from '../../logic/query';
import { msUntilNextStep } from '../../logic/rotation';
import { APPEAL_PAGE, REPORT_PAGE, REPORTS_PAGE } from '../../logic/session';
import { deviceFor, type TillDevice, tillView } from '../../logic/till';
import { getMyCertificate, getMyChecks, getMyLedger, openTillDevice } from '../../services/api';
import { DEVICE_LABEL } from '../../services/device';
import { errorCodeOf, showError, showOk } from '../../services/errors';
import { http } from '../../services/http';
import { pageClass, type Translate, useLang, useLargeType } from '../../services/prefs';
import { requireSession, signOut } from '../../services/session';
import { KEYS, load, save } from '../../services/storage';
import type { CertificateDto, MyCheckDto, StatementDto } from '../../services/types';

/** The code at the till: recomputed locally at every 30-s step, with a countdown each second. */
function TillCode({ device, tr }: { device: TillDevice; tr: Translate }) {
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
  // Tapped, the code fills the screen: easier for the shop's camera, and for eyes at the till.
  const [full, setFull] = useState(false);
  return (
    <View className="code-box">
      <View onClick={() => setFull(true)} {...buttonA11y(false, tr('me.codeFull'))}>
        <Qr text={view.code} sizePx={200} />
      </View>
      <Text className="block mono small">{view.code}</Text>
      <Text className="countdown">{tr('me.refresh', { n: view.secondsLeft })}</Text>
      <Text className="block muted small">{tr('me.tillHint')}</Text>
      <Text className="block muted small">{tr('me.codeFullHint')}</Text>
      {full ? (
        <View className="till-full" onClick={() => setFull(false)} {...buttonA11y(false)}>
          <Qr text={view.code} sizePx={320} />
          <Text className="till-full__countdown">{tr('me.refresh', { n: view.secondsLeft })}</Text>
          <Text className="block">{tr('me.codeFullClose')}</Text>
        </View>
      ) : null}
    </View>
  );
}

export default function Me() {
  const [large, setLarge] = useLargeType();
  const { lang, setLang, tr } = useLang(true);
  const [name, setName] = useState('');
  const [userId, setUserId] = useState(0);
  const [statement, setStatement] = useState<StatementDto | null>(null);
  const [cert, setCert] = useState<CertificateDto | null>(null);
  const [area, setArea] = useState<CommunityAcceptanceDto | null>(null);
  const communityId = useRef(0);
  const [checks, setChecks] = useState<MyCheckDto[]>([]);
  const [device, setDevice] = useState<TillDevice | null>(null);
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const [unread, setUnread] = useState(0);
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
        // 通存通兑: where the certificate counts (a line on the card; none if it cannot be read).
        if (communityId.current)
          http
            .get<CommunityAcceptanceDto>(`/communities/${communityId.current}/acceptance`)
            .then(setArea)
            .catch(() => setArea(null));
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
    communityId.current = s.user.communityId ?? 0;
    setUserId(s.user.id);
    setName(s.user.displayName);
    setVisible(true);
    load_();
    http
      .get<MessagesDto>('/me/notifications')
      .then((r) => setUnread(r.unread))
      .catch(() => setUnread(0));
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
      title: tr('me.showHereTitle'),
      content: tr('me.showHereBody'),
      confirmText: tr('me.showHereOk'),
      cancelText: tr('common.cancel'),
    });
    if (!confirm || !cert) return;
    setBusy(true);
    try {
      const r = await openTillDevice(DEVICE_LABEL);
      const d: TillDevice = {
        deviceId: r.deviceId,
        secretHex: r.secretHex,
        stepSeconds: r.stepSeconds,
        serial: r.credential.serial,
        userId,
      };
      save(KEYS.tillDevice, d);
      setDevice(d);
      showOk(r.replacedPreviousDevice ? tr('me.movedHere') : tr('me.openedHere'));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const lines = (statement?.lines ?? []).map(ledgerLineView);
  const notice = cert ? certificateNotice(cert, lang) : null;

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{name || tr('me.title')}</Text>
      {userId ? <Text className="block muted">{tr('mv.me.memberId', { v: userId })}</Text> : null}
      {statement ? (
        <View className="card">
          <View className="stats">
            <View>
              <Text className="stat__value">{formatPoints(statement.balance)}</Text>
              <Text className="stat__label">{tr('mv.me.spendable')}</Text>
            </View>
            <View>
              <Text className="stat__value">{formatHours(statement.lifetimeHours)}</Text>
              <Text className="stat__label">{tr('me.hours')}</Text>
            </View>
            <View>
              <Text className="stat__value">{formatPoints(statement.lifetimeEarned)}</Text>
              <Text className="stat__label">{tr('me.earned')}</Text>
            </View>
          </View>
          <Text className="block muted small">{tr('mv.me.lifetimeHint')}</Text>
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
        <Text className="muted">{tr('common.loading')}</Text>
      )}

      {notice ? (
        <View className="result result--bad">
          <Text className="result__big">{notice.title}</Text>
          <Text className="block strong">{tr('common.reason', { v: notice.reason })}</Text>
          <Text className="block small">{notice.hint}</Text>
          <Btn kind="secondary" small onClick={() => Taro.navigateTo({ url: APPEAL_PAGE })}>
            {tr('me.appeal')}
          </Btn>
        </View>
      ) : null}

      {cert ? (
        <View className="card card--cert">
          <Text className="h2">{tr('me.certificate')}</Text>
          <Text className="block">
            {cert.holder.realName || cert.holder.displayName} · {cert.community.name}
          </Text>
          <Text className="block">{tr('me.serial', { v: cert.serial })}</Text>
          <Text className="block">
            {tr('me.levelStatus', { level: levelLabel(cert.level, lang) })}{' '}
            <Text className="strong">{labelOf(CERTIFICATE_STATUS, cert.status, lang)}</Text>
          </Text>
          <Text className="block muted small">{tr('me.issuedOn', { v: cert.issuedOn })}</Text>
          {area ? (
            <>
              <Text className="block">
                {tr('acceptance.scope', { v: acceptanceLines(area, lang).scope })}
              </Text>
              <Text className="block muted small">
                {tr('acceptance.where', { v: acceptanceLines(area, lang).where })}
              </Text>
            </>
          ) : null}
          {cert.status === 'active' ? (
            device ? (
              visible ? (
                <TillCode device={device} tr={tr} />
              ) : null
            ) : (
              <Btn kind="secondary" onClick={openHere} disabled={busy}>
                {tr('me.showHere')}
              </Btn>
            )
          ) : null}
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">{tr('me.ledger')}</Text>
        {statement && lines.length === 0 ? (
          <Empty title={tr('me.ledgerEmpty')} hint={tr('me.ledgerEmptyHint')} />
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
            <Text className="block small">{tr('common.reason', { v: l.reason })}</Text>
            <Text className="block muted small">
              {l.when} · {l.balanceText}
            </Text>
          </View>
        ))}
      </View>

      {cert ? (
        <View className="card">
          <Text className="h2">{tr('me.checks')}</Text>
          {checks.length === 0 ? <Text className="muted">{tr('me.checksEmpty')}</Text> : null}
          {checks.map((c) => (
            <View className="line" key={c.id}>
              <View className="row">
                <Text className="strong">{c.merchant.name}</Text>
                <Text className={c.valid ? 'ok strong' : 'bad strong'}>
                  {c.valid ? tr('me.checkOk') : tr('me.checkBad')}
                </Text>
              </View>
              <Text className="block muted small">{formatDateTime(c.at)}</Text>
              {c.reason ? (
                <Text className="block small">{messageForCode(c.reason, undefined, lang)}</Text>
              ) : null}
              {c.valid ? (
                <Btn
                  kind="plain"
                  small
                  onClick={() =>
                    Taro.navigateTo({
                      url: withQuery(REPORT_PAGE, { verificationId: c.id, name: c.merchant.name }),
                    })
                  }
                >
                  {tr('me.reportRefused')}
                </Btn>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}

      <Btn
        kind="secondary"
        onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/points/index' })}
      >
        {tr('mv.me.entry')}
      </Btn>
      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: PROFILE_PAGE })}>
        {tr('profile.entry')}
      </Btn>
      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: MESSAGES_PAGE })}>
        {tr('messages.entry')}
        {unread > 0 ? ` · ${tr('messages.unread', { n: unreadBadge(unread) })}` : ''}
      </Btn>
      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: REPORTS_PAGE })}>
        {tr('me.reports')}
      </Btn>
      <Btn
        kind="secondary"
        onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/challenges/index' })}
      >
        {tr('challenges.entry')}
      </Btn>
      <Btn kind="secondary" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/proxy/index' })}>
        {tr('hh.me.entry')}
      </Btn>
      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
      <Btn kind="plain" onClick={signOut}>
        {tr('common.signOut')}
      </Btn>
    </View>
  );
}
