import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { PROFILE_CONSENT_VERSION, type ProfileDto } from '@timebank/shared';
import { useCallback, useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { PrefsCard } from '../../../../components/PrefsCard';
import { TextField } from '../../../../components/TextField';
import { formatDateTime } from '../../../../logic/format';
import {
  lastRejection,
  PROFILE_CHANGE_STATUS_KEY,
  photoApprovalLine,
  profileEdits,
} from '../../../../logic/profile';
import {
  getMyProfile,
  updateMyProfile,
  withdrawMyConsent,
  withdrawMyProfileChange,
} from '../../../../services/api';
import { messageFor, showError, showOk } from '../../../../services/errors';
import { takeAndUploadPhoto } from '../../../../services/photos';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** 我的 → 个人资料: real name, phone (masked), photo after an explicit consent, consents, language, type size. */
export default function Profile() {
  const [large, setLarge] = useLargeType();
  const { lang, setLang, tr } = useLang(true);
  const [profile, setProfile] = useState<ProfileDto | null>(null);
  const [error, setError] = useState('');
  const [form, setForm] = useState({ displayName: '', realName: '', phone: '' });
  const [fieldError, setFieldError] = useState<{ displayName?: string; phone?: string }>({});
  const [busy, setBusy] = useState(false);

  const show = useCallback((p: ProfileDto) => {
    setProfile(p);
    setForm({ displayName: p.displayName, realName: p.realName ?? '', phone: '' });
  }, []);

  const load = useCallback(async () => {
    try {
      show(await getMyProfile());
      setError('');
    } catch (e) {
      setError(messageFor(e));
    }
  }, [show]);

  useDidShow(() => {
    if (!requireSession()) return;
    load();
  });

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const agree = () =>
    run(async () => {
      show(await updateMyProfile({ consentVersion: PROFILE_CONSENT_VERSION }));
    });

  const save = () => {
    if (!profile) return;
    const edits = profileEdits(profile, form);
    if (!edits.ok) {
      setFieldError(
        edits.field === 'phone'
          ? { phone: tr('profile.phoneNew') }
          : { displayName: tr('profile.displayName') },
      );
      return;
    }
    setFieldError({});
    return run(async () => {
      const p = await updateMyProfile(edits.value);
      show(p);
      showOk(p.pendingChange && edits.value.realName ? tr('profile.savedPending') : tr('profile.saved'));
    });
  };

  const photo = (source: 'camera' | 'album') =>
    run(async () => {
      const up = await takeAndUploadPhoto('profile', source);
      if (!up) return;
      const p = await updateMyProfile({ photoRef: up.photoRef });
      show(p);
      showOk(p.pendingChange ? tr('profile.savedPending') : tr('profile.saved'));
    });

  const withdrawChange = () =>
    run(async () => {
      show(await withdrawMyProfileChange());
      showOk(tr('profile.pendingWithdrawn'));
    });

  const withdrawConsent = async () => {
    const { confirm } = await Taro.showModal({
      title: tr('consent.withdrawTitle'),
      content: tr('consent.withdrawBody'),
      confirmText: tr('consent.withdrawOk'),
      cancelText: tr('common.cancel'),
    });
    if (!confirm) return;
    await run(async () => {
      const r = await withdrawMyConsent();
      showOk(tr('consent.withdrawn', { n: r.photosDeleted }));
      await load();
    });
  };

  if (!profile) {
    return (
      <View className={pageClass(large)}>
        <Text className="h1">{tr('profile.title')}</Text>
        {error ? (
          <Empty title={error} onRetry={load} retryLabel={tr('common.retry')} />
        ) : (
          <Text className="muted">{tr('common.loading')}</Text>
        )}
      </View>
    );
  }

  const pending = profile.pendingChange;
  const rejected = lastRejection(profile);
  const approvedLine = photoApprovalLine(profile, lang, formatDateTime);

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('profile.title')}</Text>

      {!profile.consent ? (
        <View className="card card--warn" aria-label={tr('consent.title')}>
          <Text className="h2">{tr('consent.title')}</Text>
          <Text className="block">{tr('consent.body1')}</Text>
          <Text className="block">{tr('consent.body2')}</Text>
          <Text className="block">{tr('consent.body3')}</Text>
          <Text className="block muted small">{tr('consent.version', { v: PROFILE_CONSENT_VERSION })}</Text>
          <Btn onClick={agree} disabled={busy}>
            {tr('consent.agree')}
          </Btn>
        </View>
      ) : null}

      {profile.approvalRequired ? (
        <Text className="block muted small">{tr('profile.approvalNote')}</Text>
      ) : null}

      {pending ? (
        <View className="card card--warn">
          <Text className="h2">{tr('profile.pendingTitle')}</Text>
          {pending.realName ? (
            <Text className="block">{tr('profile.pendingName', { v: pending.realName })}</Text>
          ) : null}
          {pending.photoUrl ? (
            <Image
              className="photo photo--medium"
              src={pending.photoUrl}
              mode="aspectFill"
              ariaLabel={tr('profile.pendingPhoto')}
            />
          ) : null}
          <Text className="block muted small">
            {tr('profile.pendingSince', { v: formatDateTime(pending.createdAt) })}
          </Text>
          <Btn kind="secondary" small onClick={withdrawChange} disabled={busy}>
            {tr('profile.pendingWithdraw')}
          </Btn>
        </View>
      ) : null}
      {rejected !== null ? (
        <View className="result result--bad">
          <Text className="block">{tr('profile.lastRejected', { v: rejected })}</Text>
        </View>
      ) : null}

      <View className="card">
        <Text className="h2">{tr('profile.photo')}</Text>
        {profile.photoUrl ? (
          <Image
            className="photo photo--large"
            src={profile.photoUrl}
            mode="aspectFill"
            ariaLabel={tr('profile.photoAlt')}
          />
        ) : (
          <Text className="block muted">{tr('profile.photoNone')}</Text>
        )}
        {approvedLine ? <Text className="block muted small">{approvedLine}</Text> : null}
        <Text className="block small">{tr('profile.photoWhy')}</Text>
        {profile.consent ? (
          <View className="row">
            <Btn kind="secondary" onClick={() => photo('camera')} disabled={busy}>
              {busy ? tr('profile.uploading') : tr('profile.takePhoto')}
            </Btn>
            <Btn kind="secondary" onClick={() => photo('album')} disabled={busy}>
              {tr('profile.choosePhoto')}
            </Btn>
          </View>
        ) : null}
      </View>

      <View className="card">
        <TextField
          label={tr('profile.displayName')}
          value={form.displayName}
          maxlength={40}
          error={fieldError.displayName}
          onInput={(v) => setForm({ ...form, displayName: v })}
        />
        {profile.consent ? (
          <View>
            <TextField
              label={tr('profile.realName')}
              value={form.realName}
              maxlength={40}
              onInput={(v) => setForm({ ...form, realName: v })}
            />
            <Text className="block muted small">{tr('profile.realNameHint')}</Text>
            <Text className="block">
              {tr('profile.phone')} ·{' '}
              {tr('profile.phoneNow', { v: profile.phoneMasked ?? tr('profile.phoneNone') })}
            </Text>
            <TextField
              label={tr('profile.phoneNew')}
              type="number"
              value={form.phone}
              maxlength={11}
              error={fieldError.phone}
              onInput={(v) => setForm({ ...form, phone: v })}
            />
          </View>
        ) : null}
        <Btn onClick={save} disabled={busy}>
          {tr('profile.save')}
        </Btn>
      </View>

      {profile.history.length > 0 ? (
        <View className="card">
          <Text className="h2">{tr('profile.history')}</Text>
          {profile.history.map((c) => (
            <View className="line" key={c.id}>
              <View className="row">
                <Text>{c.realName ?? (c.photoUrl ? tr('profile.pendingPhoto') : '—')}</Text>
                <Text className="strong">{tr(PROFILE_CHANGE_STATUS_KEY[c.status])}</Text>
              </View>
              <Text className="block muted small">{formatDateTime(c.decidedAt ?? c.createdAt)}</Text>
              {c.reason && c.status === 'rejected' ? (
                <Text className="block small">{tr('common.reason', { v: c.reason })}</Text>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}

      {profile.consent ? (
        <View className="card">
          <Text className="block">
            {tr('consent.given', {
              v: formatDateTime(profile.consent.at),
              ver: profile.consent.version ?? '—',
            })}
          </Text>
          <Btn kind="danger" onClick={withdrawConsent} disabled={busy}>
            {tr('consent.withdraw')}
          </Btn>
        </View>
      ) : null}

      <PrefsCard large={large} setLarge={setLarge} lang={lang} setLang={setLang} />
    </View>
  );
}
