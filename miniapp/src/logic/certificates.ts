/**
 * 证书管理 for officers (suspend is reversible, revoke is final, both need a reason the holder sees),
 * and what the holder is told on 我的 when the certificate is not usable.
 */
import {
  type CertificateAction,
  type CertificateStatus,
  certificateActionBody,
  certificateTransitions,
} from '@timebank/shared';
import type { ReasonResult } from './merchantAdmin';
import { reasonMessage } from './merchantAdmin';

export type { CertificateAction, CertificateStatus };

/** The same moves the server allows, from @timebank/shared. */
const TRANSITIONS = certificateTransitions;
const ORDER: CertificateAction[] = ['suspend', 'reinstate', 'revoke'];

export const certificateActionLabels: Record<CertificateAction, string> = {
  suspend: '暂停使用',
  reinstate: '恢复使用',
  revoke: '收回证书',
};

export const certificateReasonHints: Record<CertificateAction, string> = {
  suspend: '如：有商家反映证书疑似出借，核实期间暂停',
  reinstate: '如：经核实无出借情况',
  revoke: '如：经核实多次出借证书',
};

export const certificateStatusFilters: { status: CertificateStatus | undefined; label: string }[] = [
  { status: undefined, label: '全部' },
  { status: 'active', label: '有效' },
  { status: 'suspended', label: '已暂停' },
  { status: 'revoked', label: '已收回' },
];

export function nextCertificateStatus(
  from: CertificateStatus,
  action: CertificateAction,
): CertificateStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

export function certificateActionsFor(status: CertificateStatus) {
  return ORDER.filter((a) => nextCertificateStatus(status, a) !== null).map((action) => ({
    action,
    label: certificateActionLabels[action],
    severe: action !== 'reinstate',
    final: action === 'revoke',
    hint: certificateReasonHints[action],
  }));
}

export function buildCertificateAction(
  status: CertificateStatus,
  action: CertificateAction,
  reason: string,
): ReasonResult<{ action: CertificateAction; reason: string }> {
  if (!nextCertificateStatus(status, action)) {
    return { ok: false, message: status === 'revoked' ? '证书已收回，不能再更改' : '当前状态不能这样操作' };
  }
  const parsed = certificateActionBody.safeParse({ action, reason });
  if (!parsed.success) return { ok: false, message: reasonMessage(reason) };
  return { ok: true, value: parsed.data };
}

/** The notice on 我的 when the certificate cannot be used at shops, or null while it is active. */
export function certificateNotice(c: {
  status: CertificateStatus;
  statusReason: string | null;
}): { title: string; reason: string; hint: string } | null {
  if (c.status === 'active') return null;
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
