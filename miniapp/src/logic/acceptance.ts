/**
 * 通存通兑 in the app: where a certificate counts (the holder's card) and the officers' choice.
 * Plain TypeScript: tested with ava.
 */
import {
  type AcceptanceScope,
  acceptanceScopeLabels,
  acceptanceScopes,
  type CommunityAcceptanceDto,
} from '@timebank/shared';
import type { Lang } from './i18n';

export const scopeLabel = (scope: AcceptanceScope, lang: Lang) => acceptanceScopeLabels[scope][lang];

/** The holder's lines: the scope in force and the communities whose shops honour the certificate. */
export function acceptanceLines(a: CommunityAcceptanceDto, lang: Lang) {
  const names = a.honouredIn.map((c) => c.name);
  const shown =
    names.length > 6
      ? [...names.slice(0, 6), lang === 'zh' ? `等 ${names.length} 个社区` : `${names.length} in all`]
      : names;
  return {
    scope: scopeLabel(a.scope, lang),
    where: shown.join(lang === 'zh' ? '、' : ', '),
  };
}

/** The officer's choices: the community's own scopes, and following the district's (null). */
export function scopeChoices(a: CommunityAcceptanceDto, lang: Lang) {
  return [
    {
      value: null,
      label: `${lang === 'zh' ? '跟随街道（区）' : 'As the district decides'}: ${scopeLabel(a.districtScope, lang)}`,
    },
    ...acceptanceScopes.map((s) => ({ value: s as AcceptanceScope | null, label: scopeLabel(s, lang) })),
  ];
}
