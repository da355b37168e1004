import { Input, Picker, Switch, Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../components/Btn';
import { normaliseDevCode } from '../../logic/session';
import { listCommunities, signInWithPassword, signInWithWechat } from '../../services/api';
import { isH5, isWeapp } from '../../services/device';
import { errorCodeOf, showError } from '../../services/errors';
import { pageClass, useLargeType } from '../../services/prefs';
import { currentSession, goHome, saveSession } from '../../services/session';
import type { CommunityDto, SignInDto } from '../../services/types';

export default function Login() {
  const [large, setLarge] = useLargeType();
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
        Taro.showToast({ title: '首次登录请选择所在社区，再点登录', icon: 'none', duration: 3000 });
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
      Taro.showToast({ title: '请输入用户名和密码', icon: 'none' });
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
        <Text className="h1">社区时间银行</Text>
        <Text className="block">爱心商家联盟 · 志愿服务</Text>
        <Text className="block muted small">存下服务时间，凭志愿者证书在联盟商家享受优惠</Text>
      </View>

      <View className="card">
        <Text className="h2">志愿者登录</Text>
        {isWeapp ? (
          <Btn onClick={wechat} disabled={busy}>
            微信一键登录
          </Btn>
        ) : null}
        {isH5 ? (
          <View>
            <Text className="block muted small">开发环境：输入 dev:姓名 代替微信登录（如 dev:wang）</Text>
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
              开发登录
            </Btn>
          </View>
        ) : null}
        {needCommunity && communities.length > 0 ? (
          <View className="field">
            <Text className="field__label">所在社区</Text>
            <Picker
              mode="selector"
              range={communities.map((c) => c.name)}
              value={communityIndex}
              onChange={(e) => setCommunityIndex(Number(e.detail.value))}
            >
              <View className="picker">{communities[communityIndex]?.name ?? '请选择'}</View>
            </Picker>
          </View>
        ) : null}
      </View>

      <View className="card">
        <Text className="h2">社区干部 · 商家店员登录</Text>
        <View className="field">
          <Text className="field__label">用户名</Text>
          <Input
            className="input"
            value={username}
            placeholder="如 zirui-officer"
            onInput={(e) => setUsername(e.detail.value)}
          />
        </View>
        <View className="field">
          <Text className="field__label">密码</Text>
          <Input
            className="input"
            password
            value={password}
            placeholder="请输入密码"
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={withPassword}
          />
        </View>
        <Btn kind="secondary" onClick={withPassword} disabled={busy}>
          账号密码登录
        </Btn>
      </View>

      <View className="card row">
        <Text>大字模式</Text>
        <Switch checked={large} color="#c8102e" onChange={(e) => setLarge(e.detail.value)} />
      </View>
    </View>
  );
}
