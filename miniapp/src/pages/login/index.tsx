import { Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/Btn';
import { PrefsCard } from '../../components/PrefsCard';
import { TextField } from '../../components/TextField';
import { MERCHANT_APPLY, normaliseDevCode } from '../../logic/session';
import { listCommunities, signInWithPassword, signInWithWechat } from '../../services/api';
import { isH5, isWeapp } from '../../services/device';
import { errorCodeOf, showError } from '../../services/errors';
import { pageClass, useLang, useLargeType } from '../../services/prefs';
import { currentSession, goHome, saveSession } from '../../services/session';
import type { CommunityDto, SignInDto } from '../../services/types';

export default function Login() {
  const [large, setLarge] = useLargeType();
  const { lang, setLang, tr } = useLang();
  const [devCode, setDevCode] = useState('dev:wang');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [communities, setCommunities] = useState<CommunityDto[]>([]);
  const [communityIndex, setCommunityIndex] = useState(0);
  const [needCommunity, setNeedCommunity] = useState(false);

  useLoad(() => {
    const s = currentSession();
    if (s) goHome(s);
  });

  const done = (r: SignInDto) => {
    saveSession({ token: r.token, expiresAt: r.expiresAt, user: r.user });
    goHome({ token: r.token, expiresAt: r.expiresAt, user: r.user });
  };

  /** A first WeChat sign-in needs the community; ask for it and try again. */
  const withCommunity = async (code: string) => {
    const chosen = needCommunity ? communities[communityIndex]?.id : undefined;
    try {
      done(await signInWithWechat(code, chosen));
    } catch (e) {
      if (errorCodeOf(e) === 'auth.community_required') {
        const list = await listCommunities().catch(() => ({ communities: [] }));
        setCommunities(list.communities);
        setNeedCommunity(true);
        Taro.showToast({ title: tr('login.chooseCommunity'), icon: 'none', duration: 3000 });
        return;
      }
      throw e;
    }
  };

  const wechat = async () => {
    setBusy(true);
    try {
      const { code } = await Taro.login();
      await withCommunity(code);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const dev = async () => {
    const code = normaliseDevCode(devCode);
    if (!code) return;
    setBusy(true);
    try {
      await withCommunity(code);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const withPassword = async () => {
    if (!username.trim() || !password) {
      Taro.showToast({ title: tr('login.needBoth'), icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      done(await signInWithPassword(username.trim(), password));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <View className="card card--cert">
        <Text className="h1">{tr('app.name')}</Text>
        <Text className="block">{tr('login.tagline')}</Text>
        <Text className="block muted small">{tr('login.intro')}</Text>
      </View>

      <View className="card">
        <Text className="h2">{tr('login.volunteer')}</Text>
        {isWeapp ? (
          <Btn onClick={wechat} disabled={busy}>
            {tr('login.wechat')}
          </Btn>
        ) : null}
        {isH5 ? (
          <View>
            <Text className="block muted small">{tr('login.devHint')}</Text>
            <View className="field">
              <Input
                className="input"
                value={devCode}
                placeholder="dev:wang"
                onInput={(e) => setDevCode(e.detail.value)}
                onConfirm={dev}
              />
            </View>
            <Btn onClick={dev} disabled={busy}>
              {tr('login.dev')}
            </Btn>
          </View>
        ) : null}
        {needCommunity && communities.length > 0 ? (
          <View className="field">
            <Text className="field__label">{tr('login.community')}</Text>
            <Picker
              mode="selector"
              range={communities.map((c) => c.name)}
              value={communityIndex}
              onChange={(e) => setCommunityIndex(Number(e.detail.value))}
            >
              <View className="picker">{communities[communityIndex]?.name ?? tr('login.choose')}</View>
            </Picker>
          </View>
        ) : null}
      </View>

      <View className="card">
        <Text className="h2">{tr('login.staff')}</Text>
        <TextField
          label={tr('login.username')}
          value={username}
          placeholder={tr('login.usernameHint')}
          onInput={setUsername}
        />
        <View className="field">
          <Text className="field__label">{tr('login.password')}</Text>
          <Input
            nativeProps={{ 'aria-label': tr('login.password') }}
            className="input"
            password
            value={password}
            placeholder={tr('login.passwordHint')}
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={withPassword}
          />
        </View>
        <Btn kind="secondary" onClick={withPassword} disabled={busy}>
          {tr('login.withPassword')}
        </Btn>
      </View>

      <Btn kind="plain" onClick={() => Taro.navigateTo({ url: MERCHANT_APPLY })}>
        {tr('login.apply')}
      </Btn>
      <Btn
        kind="plain"
        onClick={() => Taro.navigateTo({ url: '/packages/officer/pages/records/verify/index' })}
      >
        {tr('ops.records.verifyLink')}
      </Btn>

      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
    </View>
  );
}
