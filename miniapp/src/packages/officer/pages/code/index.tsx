import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useLoad, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Qr } from '../../../../components/Qr';
import {
  checkinRefreshDelayMs,
  qrTextOf,
  retryDelayMs,
  secondsUntil,
  spacedDigits,
} from '../../../../logic/rotation';
import { getActivity, getCheckinCode } from '../../../../services/api';
import { isWeapp } from '../../../../services/device';
import { messageFor } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';
import type { CheckinCodeDto } from '../../../../services/types';

/**
 * Full-screen rotating check-in code for the event: fetched again every refreshInSeconds (the server
 * issues a new one every 30 s, accepted for 45 s), shown as a QR code and as text.
 */
export default function CheckinCodeScreen() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const router = useRouter();
  const id = Number(router.params.id);
  const [title, setTitle] = useState('');
  const [code, setCode] = useState<CheckinCodeDto | null>(null);
  const [nextAt, setNextAt] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState('');
  const [active, setActive] = useState(true);
  const failures = useRef(0);
  const sizePx = Math.min(320, Math.floor(Taro.getSystemInfoSync().windowWidth * 0.82));

  useLoad(() => {
    if (!requireSession(['officer', 'district_admin'])) return;
    getActivity(id)
      .then((a) => setTitle(a.title))
      .catch(() => setTitle(''));
  });
  useDidShow(() => {
    setActive(true);
    if (isWeapp) Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
  });
  useDidHide(() => setActive(false));

  useEffect(() => {
    if (!active || !Number.isInteger(id) || id <= 0) return;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const fetchCode = async () => {
      let delay: number;
      try {
        const c = await getCheckinCode(id);
        if (stopped) return;
        setCode(c);
        setError('');
        failures.current = 0;
        delay = checkinRefreshDelayMs(c);
      } catch (e) {
        if (stopped) return;
        failures.current += 1;
        setError(messageFor(e));
        delay = retryDelayMs(failures.current);
      }
      setNextAt(Date.now() + delay);
      timer = setTimeout(fetchCode, delay);
    };
    fetchCode();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [active, id]);

  return (
    <View className={pageClass(large, 'page--dark')}>
      <View className="screen-code">
        <Text className="screen-code__title">{title || tr('officer.code.title')}</Text>
        <Text className="block">{tr('officer.code.scanHint')}</Text>
        {code ? <Qr text={qrTextOf(code)} sizePx={sizePx} /> : null}
        {code?.digits ? (
          <View>
            <Text className="block small">{tr('officer.code.typeHint')}</Text>
            <Text className="screen-code__digits mono" userSelect>
              {spacedDigits(code.digits)}
            </Text>
          </View>
        ) : null}
        {code ? (
          <View>
            <Text className="screen-code__count">{secondsUntil(nextAt, now)}</Text>
            <Text className="block">{tr('officer.code.refreshIn')}</Text>
          </View>
        ) : null}
        {error ? <Text className="block bad strong">{error}</Text> : null}
        {!code && !error ? <Text className="block">{tr('officer.code.loading')}</Text> : null}
      </View>
    </View>
  );
}
