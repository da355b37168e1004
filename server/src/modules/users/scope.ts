import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { findCommunity } from './users.repository';

/**
 * Officers act only within their own community; a district administrator within the communities of
 * their district. Everyone else only within their own community.
 */
export async function assertManages(db: Executor, user: AuthUser, communityId: number): Promise<void> {
  if (!(await canManage(db, user, communityId))) fail('auth.wrong_community');
}

/** `assertManages` as a question: for answers that treat another community's entity as missing. */
export async function canManage(db: Executor, user: AuthUser, communityId: number): Promise<boolean> {
  if (user.communityId === communityId) return true;
  if (user.role === 'district_admin') {
    const [mine, target] = await Promise.all([
      findCommunity(db, user.communityId),
      findCommunity(db, communityId),
    ]);
    if (mine && target && mine.districtId === target.districtId) return true;
  }
  return false;
}

export const isStaff = (u: AuthUser) => u.role === 'officer' || u.role === 'district_admin';
