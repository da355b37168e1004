/**
 * Reports (refused discount, lent certificate) and the certificate appeal, for volunteers and shops:
 * bodies validated with the server's zod schemas, and the labels of a report's progress.
 */

import type { CaseMineDto, CertificateHistoryDto } from '@timebank/shared';
import { appealBody, reportBody } from '@timebank/shared';
import type { z } from 'zod';
import { type I18nKey, type Lang, t } from './i18n';

export type { CertificateHistoryDto };

export type ReportInput = z.input<typeof reportBody>;
export type ReportKind = ReportInput['kind'];
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A report about a shop (from the directory) or about one check (from a check history). */
export function buildReport(
  kind: ReportKind,
  target: { merchantId?: number; verificationId?: number },
  description: string,
  lang: Lang = 'zh',
): Checked<ReportInput> {
  const body: ReportInput = { kind, description };
  if (target.verificationId) body.verificationId = target.verificationId;
  else if (target.merchantId) body.merchantId = target.merchantId;
  const parsed = reportBody.safeParse(body);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    return {
      ok: false,
      error: tooLong
        ? lang === 'en'
          ? 'At most 1000 characters'
          : '最多 1000 字'
        : t('report.needText', lang),
    };
  }
  return { ok: true, value: parsed.data };
}

export function buildAppeal(text: string, lang: Lang = 'zh'): Checked<{ text: string }> {
  const parsed = appealBody.safeParse({ text });
  if (!parsed.success) return { ok: false, error: t('report.needText', lang) };
  return { ok: true, value: parsed.data };
}

/** As the API answers it (inferred from the shared response schema). */
export type MyReportDto = CaseMineDto;

/** 处理中 / 属实 / 不属实, and the tag colour that goes with it. */
export function reportState(r: Pick<MyReportDto, 'status' | 'resolution'>): {
  key: I18nKey;
  tone: 'amber' | 'green' | 'grey';
} {
  if (r.status === 'open' || !r.resolution) return { key: 'report.open', tone: 'amber' };
  return r.resolution === 'upheld'
    ? { key: 'report.upheld', tone: 'green' }
    : { key: 'report.dismissed', tone: 'grey' };
}

export function appealStatusKey(status: 'pending' | 'upheld' | 'overturned'): I18nKey {
  return `appeal.status.${status}` as const;
}
