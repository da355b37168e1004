import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { AcceptanceScope, CommunityAcceptanceDto } from '@timebank/shared';
import { useState } from 'react';
import { Btn } from '../../../../components/Btn';
import { Empty } from '../../../../components/Empty';
import { acceptanceLines, scopeChoices, scopeLabel } from '../../../../logic/acceptance';
import { messageFor, showOk } from '../../../../services/errors';
import { http } from '../../../../services/http';
import { pageClass, useLang, useLargeType } from '../../../../services/prefs';
import { requireSession } from '../../../../services/session';

/** 通存通兑: the officer decides how far the community's certificates count (or follows the district). */
export default function OfficerAcceptance() {
  const [large] = useLargeType();
  const { tr, lang } = useLang();
  const [area, setArea] = useState<CommunityAcceptanceDto | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [communityId, setCommunityId] = useState(0);

  useDidShow(() => {
    const s = requireSession(['officer', 'district_admin']);
    if (!s?.user.communityId) return;
    setCommunityId(s.user.communityId);
    http
      .get<CommunityAcceptanceDto>(`/communities/${s.user.communityId}/acceptance`)
      .then((a) => {
        setArea(a);
        setError('');
      })
      .catch((e) => setError(messageFor(e)));
  });

  const choose = async (scope: AcceptanceScope | null) => {
    setBusy(true);
    try {
      const a = await http.put<CommunityAcceptanceDto>(`/communities/${communityId}/acceptance`, { scope });
      setArea(a);
      setError('');
      showOk(tr('acceptance.saved'));
    } catch (e) {
      setError(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass(large)}>
      <Text className="h1">{tr('acceptance.title')}</Text>
      <Text className="block muted">{tr('acceptance.intro')}</Text>
      {error ? <Empty title={tr('acceptance.loadFailed')} hint={error} /> : null}
      {area === null && !error ? <Text className="muted">{tr('common.loading')}</Text> : null}
      {area ? (
        <View className="card">
          <Text className="h2">{tr('acceptance.current', { v: scopeLabel(area.scope, lang) })}</Text>
          <Text className="block">{tr('acceptance.where', { v: acceptanceLines(area, lang).where })}</Text>
          <View className="gap" />
          {scopeChoices(area, lang).map((c) => {
            const on = c.value === area.communityScope;
            return (
              <Btn
                key={String(c.value)}
                kind={on ? 'primary' : 'secondary'}
                disabled={busy || on}
                onClick={() => choose(c.value)}
              >
                {c.label}
              </Btn>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}
