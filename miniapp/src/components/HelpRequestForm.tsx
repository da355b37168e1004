import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type HelpKind, type HelpRequestInput, helpKinds } from '@timebank/shared';
import { useState } from 'react';
import { buildHelpRequest, kindLabel } from '../logic/households';
import type { Lang } from '../logic/i18n';
import type { Translate } from '../services/prefs';
import { Btn } from './Btn';
import { TextField } from './TextField';

/**
 * 新的求助: the kind of help, when, and details — the same form for an officer and for a proxy.
 * `onSubmit` answers true when the request was taken; the form then clears.
 */
export function HelpRequestForm({
  lang,
  tr,
  busy,
  onSubmit,
}: {
  lang: Lang;
  tr: Translate;
  busy: boolean;
  onSubmit: (value: HelpRequestInput) => Promise<boolean>;
}) {
  const [kind, setKind] = useState<HelpKind>('meal');
  const [preferredTime, setPreferredTime] = useState('');
  const [details, setDetails] = useState('');

  const submit = async () => {
    const built = buildHelpRequest({ kind, preferredTime, details }, lang);
    if (!built.ok) {
      Taro.showToast({ title: built.message, icon: 'none' });
      return;
    }
    if (await onSubmit(built.value)) {
      setPreferredTime('');
      setDetails('');
    }
  };

  return (
    <View className="card">
      <Text className="h2">{tr('hh.detail.newRequest')}</Text>
      <View className="chips">
        {helpKinds.map((k) => (
          <View key={k} className={`chip ${kind === k ? 'chip--on' : ''}`} onClick={() => setKind(k)}>
            {kindLabel(k, lang)}
          </View>
        ))}
      </View>
      <TextField
        label={tr('hh.req.preferredTime')}
        value={preferredTime}
        maxlength={80}
        placeholder={tr('hh.req.preferredHint')}
        onInput={setPreferredTime}
      />
      <View className="field">
        <Text className="field__label">{tr('hh.req.details')}</Text>
        <Textarea
          nativeProps={{ 'aria-label': tr('hh.req.details') }}
          className="textarea"
          value={details}
          maxlength={1000}
          onInput={(e) => setDetails(e.detail.value)}
        />
      </View>
      <Btn onClick={submit} disabled={busy}>
        {tr('hh.req.submit')}
      </Btn>
    </View>
  );
}
