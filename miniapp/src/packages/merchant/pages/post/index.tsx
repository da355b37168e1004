import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { TextField } from '../../../../components/TextField';
import { buildNotice, type NoticeKind } from '../../../../logic/shop';
import { postNotice } from '../../../../services/api';
import { showError, showOk } from '../../../../services/errors';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

const KINDS: NoticeKind[] = ['recruitment', 'activity_push'];

/** A shop posts to the community board: a job (招聘) or an activity push (活动推送). */
export default function Post() {
  const [large] = useLargeType();
  const { tr } = useLang();
  const [kind, setKind] = useState<NoticeKind>('activity_push');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useLoad(() => {
    requireSession(['merchant_staff']);
  });

  const submit = async () => {
    const built = buildNotice({ kind, title, body });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await postNotice(built.value);
      showOk(tr('post.posted'));
      setTimeout(() => Taro.navigateBack(), 1200);
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('post.title')}</Text>
      <Text className="block muted">{tr('post.intro')}</Text>
      <View className="gap" />
      <View className="card">
        <View className="chips">
          {KINDS.map((k) => (
            <View key={k} className={`chip ${kind === k ? 'chip--on' : ''}`} onClick={() => setKind(k)}>
              {tr(`post.kind.${k}`)}
            </View>
          ))}
        </View>
        <TextField
          label={tr('post.heading')}
          error={errors.title}
          value={title}
          maxlength={80}
          onInput={setTitle}
        />
        <View className="field">
          <Text className="field__label">{tr('post.body')}</Text>
          <Textarea
            nativeProps={{ 'aria-label': tr('post.body') }}
            className="textarea"
            value={body}
            maxlength={2000}
            placeholder={kind === 'recruitment' ? tr('post.recruitmentHint') : tr('post.eventHint')}
            onInput={(e) => setBody(e.detail.value)}
          />
          {errors.body ? <Text className="field__error">{errors.body}</Text> : null}
        </View>
        <Btn onClick={submit} disabled={busy}>
          {tr('post.submit')}
        </Btn>
      </View>
    </View>
  );
}
