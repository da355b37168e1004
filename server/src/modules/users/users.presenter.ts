import { maskPhone } from '@timebank/shared';
import type { UserRow } from './users.repository';

/** The user as they see themselves: the phone stays masked even to its owner on the wire. */
export function presentMe(u: UserRow) {
  return {
    id: u.id,
    role: u.role,
    communityId: u.communityId,
    displayName: u.displayName,
    realName: u.realName,
    phoneMasked: maskPhone(u.phone),
    photoRef: u.photoRef,
    consent: u.consentAt ? { version: u.consentVersion, at: u.consentAt.toISOString() } : null,
  };
}

/** A volunteer as an officer of the community sees them. */
export function presentVolunteerForOfficer(u: UserRow, photoUrl: string | null = null) {
  return {
    id: u.id,
    displayName: u.displayName,
    realName: u.realName,
    phoneMasked: maskPhone(u.phone),
    photoUrl,
    hasWechat: u.wechatOpenid !== null,
  };
}
