/** The profile page's pure logic: what to ask for and what to show. Plain TypeScript, tested with ava. */
import type { ProfileChangeStatus, ProfileDto } from '@timebank/shared';
import { type I18nKey, type Lang, t } from './i18n';

export const PROFILE_PAGE = '/packages/volunteer/pages/profile/index';
export const PROFILE_CHANGES_PAGE = '/packages/officer/pages/profile-changes/index';

export const PROFILE_CHANGE_STATUS_KEY: Record<ProfileChangeStatus, I18nKey> = {
  pending: 'profile.status.pending',
  approved: 'profile.status.approved',
  rejected: 'profile.status.rejected',
  withdrawn: 'profile.status.withdrawn',
};

/** The fields a save sends: only what changed (an empty real name or phone is left out). */
export function profileEdits(
  profile: Pick<ProfileDto, 'displayName' | 'realName'>,
  form: { displayName: string; realName: string; phone: string },
):
  | { ok: true; value: { displayName?: string; realName?: string; phone?: string } }
  | { ok: false; field: 'phone' | 'displayName' } {
  const value: { displayName?: string; realName?: string; phone?: string } = {};
  const displayName = form.displayName.trim();
  if (!displayName) return { ok: false, field: 'displayName' };
  if (displayName !== profile.displayName) value.displayName = displayName;
  const realName = form.realName.trim();
  if (realName && realName !== (profile.realName ?? '')) value.realName = realName;
  const phone = form.phone.trim();
  if (phone) {
    if (!/^1\d{10}$/.test(phone)) return { ok: false, field: 'phone' };
    value.phone = phone;
  }
  return { ok: true, value };
}

/** The line under the photo: when an officer approved it, or nothing. */
export function photoApprovalLine(
  profile: Pick<ProfileDto, 'photoApprovedAt'>,
  lang: Lang,
  format: (iso: string) => string,
): string | null {
  return profile.photoApprovedAt
    ? t('profile.photoApproved', lang, { v: format(profile.photoApprovedAt) })
    : null;
}

/** The latest decided change when it was rejected (its reason is shown), else null. */
export function lastRejection(profile: Pick<ProfileDto, 'history' | 'pendingChange'>): string | null {
  if (profile.pendingChange) return null;
  const last = profile.history[0];
  return last?.status === 'rejected' ? (last.reason ?? '') : null;
}
