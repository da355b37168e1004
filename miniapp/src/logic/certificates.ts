/**
 * 证书管理 for officers (suspend is reversible, revoke is final, both need a reason the holder sees),
 * and what the holder is told on 我的 when the certificate is not usable.
 */
import {
  type CertificateAction,
  type CertificateStatus,
  certificateActionBody,
  certificateLifecycle,
  moveTo,
} from '@timebank/shared';
import type { Lang } from './i18n';
import { ALL, CERTIFICATE_ACTION, CERTIFICATE_REASON_HINT, CERTIFICATE_STATUS, inLang } from './labels';
import type { ReasonResult } from './merchantAdmin';
import { reasonMessage } from './merchantAdmin';

export type { CertificateAction, CertificateStatus };

/** The officer's own moves, in this order; the table (the server's, from @timebank/shared) decides which apply. */
const ORDER: CertificateAction[] = ['suspend', 'reinstate', 'revoke'];

export const certificateActionLabels: Record<CertificateAction, string> = inLang(CERTIFICATE_ACTION, 'zh');
export const certificateReasonHints: Record<CertificateAction, string> = inLang(
  CERTIFICATE_REASON_HINT,
  'zh',
);

export function certificateStatusFiltersIn(
  lang: Lang,
): { status: CertificateStatus | undefined; label: string }[] {
  return [
    { status: undefined, label: ALL[lang] },
    ...(['active', 'suspended', 'revoked'] as const).map((s) => ({
      status: s as CertificateStatus | undefined,
      label: CERTIFICATE_STATUS[s][lang],
    })),
  ];
}
export const certificateStatusFilters = certificateStatusFiltersIn('zh');

export function nextCertificateStatus(
  from: CertificateStatus,
  action: CertificateAction,
): CertificateStatus | null {
  return moveTo(certificateLifecycle, from, action);
}

export function certificateActionsFor(status: CertificateStatus, lang: Lang = 'zh') {
  return ORDER.filter((a) => nextCertificateStatus(status, a) !== null).map((action) => ({
    action,
    label: CERTIFICATE_ACTION[action][lang],
    severe: action !== 'reinstate',
    final: action === 'revoke',
    hint: CERTIFICATE_REASON_HINT[action][lang],
  }));
}

export function buildCertificateAction(
  status: CertificateStatus,
  action: CertificateAction,
  reason: string,
  lang: Lang = 'zh',
): ReasonResult<{ action: CertificateAction; reason: string }> {
  if (!nextCertificateStatus(status, action)) {
    const revoked = lang === 'en' ? 'A revoked certificate cannot be changed' : '证书已收回，不能再更改';
    const other = lang === 'en' ? 'Not possible in its present status' : '当前状态不能这样操作';
    return { ok: false, message: status === 'revoked' ? revoked : other };
  }
  const parsed = certificateActionBody.safeParse({ action, reason });
  if (!parsed.success) return { ok: false, message: reasonMessage(reason, 500, lang) };
  return { ok: true, value: parsed.data };
}

/** The notice on 我的 when the certificate cannot be used at shops, or null while it is active. */
export function certificateNotice(
  c: {
    status: CertificateStatus;
    statusReason: string | null;
  },
  lang: Lang = 'zh',
): { title: string; reason: string; hint: string } | null {
  if (c.status === 'active') return null;
  if (lang === 'en') {
    const reason = c.statusReason?.trim() || 'No reason was given';
    return c.status === 'suspended'
      ? {
          title: 'Your certificate is suspended',
          reason,
          hint: 'Checks at shops fail while it is suspended. Ask a community officer if in doubt.',
        }
      : {
          title: 'Your certificate has been revoked',
          reason,
          hint: 'It can no longer be used at alliance shops. To appeal, contact a community officer.',
        };
  }
  const reason = c.statusReason?.trim() || '社区未填写原因';
  if (c.status === 'suspended') {
    return {
      title: '您的证书已暂停使用',
      reason,
      hint: '暂停期间商家核验不会通过。如有疑问，请联系社区干部。',
    };
  }
  return {
    title: '您的证书已被收回',
    reason,
    hint: '证书已不能在联盟商家使用。如有异议，请联系社区干部申诉。',
  };
}
