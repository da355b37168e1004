import type { ErrorCode, Role } from '@timebank/shared';
import type { Executor } from '../db/client';
import { fail } from '../http/errors';
import type { AuthUser } from '../http/route';
import { findCommunity } from '../modules/users/users.repository';

/**
 * The one authorization policy (modelled on Outline's `authorize`): who may take each action, and
 * over which resources. Routes name their action and the router asks `authorize` for the role part;
 * services ask `authorizeResource` (or `authorizeCommunity`) for the resource part, so a service is
 * safe whoever calls it.
 *
 * - Roles: volunteers and merchant staff act on what is theirs; an officer within their own
 *   community; a district administrator within every community of their district.
 * - A resource of a community the caller does not manage answers exactly like a missing one (its
 *   module's `not_found` code): an outsider cannot tell which ids exist. `auth.wrong_community` is
 *   kept for a community the caller names itself (`?communityId=`), where there is nothing to hide.
 */

/** Who may take an action: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'signed_in' | readonly Role[];

const STAFF = ['officer', 'district_admin'] as const;

/** The action table: every action of the API and the roles that may take it. */
export const POLICY = {
  'activities.create': ['officer'],
  'activities.enrol': ['volunteer'],
  'activities.manage': STAFF,
  'activities.read': 'signed_in',
  'alliance.directory': 'signed_in',
  'attendance.manual': STAFF,
  'attendance.review': STAFF,
  'audit.read': STAFF,
  'auth.password_reset': 'public',
  'auth.signin': 'public',
  'auth.signout': 'signed_in',
  'board.post': ['merchant_staff'],
  'board.read': 'signed_in',
  'board.take_down': STAFF,
  'cases.manage': STAFF,
  'cases.report': ['volunteer', 'merchant_staff'],
  /** Beside the route's action, each kind of report has its reporter. */
  'cases.report_lent_certificate': ['merchant_staff'],
  'cases.report_refused_discount': ['volunteer'],
  'certificates.manage': STAFF,
  'certificates.own': ['volunteer'],
  'challenges.create': ['merchant_staff'],
  'challenges.manage': STAFF,
  'challenges.propose': ['volunteer'],
  'challenges.read': 'signed_in',
  'challenges.vote': ['volunteer', 'merchant_staff', 'officer'],
  'checkins.checkin': ['volunteer'],
  'checkins.code': STAFF,
  'communities.acceptance': STAFF,
  'communities.list': 'public',
  'communities.read': 'signed_in',
  'dashboard.district': ['district_admin'],
  'dashboard.read': STAFF,
  'districts.acceptance': ['district_admin'],
  'exports.read': STAFF,
  /** Funds back redemptions: officers and district administrators run them; shops file claims. */
  'funds.claim': ['merchant_staff'],
  'funds.manage': STAFF,
  'households.manage': ['officer'],
  'households.proxy': ['volunteer'],
  'ledger.own': ['volunteer'],
  'ledger.read': STAFF,
  'me.password': 'signed_in',
  'me.profile': 'signed_in',
  'me.read': 'signed_in',
  'me.sessions': 'signed_in',
  'merchants.apply': 'public',
  'merchants.changes': STAFF,
  'merchants.list': STAFF,
  'merchants.own': ['merchant_staff'],
  'merchants.read': ['officer', 'district_admin', 'merchant_staff'],
  'merchants.staff': ['merchant_staff'],
  'merchants.suspend': STAFF,
  /** Points that move: a volunteer's own gifts and donations; the community pool is its officers'. */
  'movements.limits': ['volunteer', 'officer'],
  'movements.manage': ['officer'],
  'movements.own': ['volunteer'],
  'notifications.own': 'signed_in',
  'notifications.subscribe': ['volunteer'],
  'photos.read': 'public',
  'photos.upload': 'signed_in',
  'products.own': ['merchant_staff'],
  'products.read': 'signed_in',
  'products.take_down': STAFF,
  'profiles.review': STAFF,
  /** Items for points: a shop manages its own and redeems them at its till; residents see them. */
  'redemptions.own': ['merchant_staff'],
  'redemptions.read': 'signed_in',
  'redemptions.redeem': ['merchant_staff'],
  'redemptions.take_down': STAFF,
  'records.issue': ['volunteer', 'officer', 'district_admin'],
  'records.verify': 'public',
  'till.alerts': STAFF,
  'till.device': ['volunteer', 'merchant_staff'],
  'till.discount_read': ['merchant_staff', 'officer', 'district_admin'],
  'till.discount_void': STAFF,
  'till.verify': ['merchant_staff'],
  'users.disable': STAFF,
  'users.password_reset': STAFF,
  'volunteers.list': STAFF,
} as const satisfies Record<string, Access>;

export type Action = keyof typeof POLICY;

/** What an action is taken on: its community, and where relevant the user who owns it. */
export interface Resource {
  communityId: number;
  /** The owner (a volunteer's own record, a staff member's own discount…): only they, or staff. */
  userId?: number;
}

export function accessOf(action: Action): Access {
  return POLICY[action];
}

export const isStaff = (u: Pick<AuthUser, 'role'>) => u.role === 'officer' || u.role === 'district_admin';

/** The role part: whether this caller (undefined: anonymous) may take the action at all. */
export function can(user: Pick<AuthUser, 'role'> | undefined, action: Action): boolean {
  const access: Access = POLICY[action];
  if (access === 'public') return true;
  if (!user) return false;
  return access === 'signed_in' || access.includes(user.role);
}

/** `can`, refusing: 401 auth.required for an anonymous caller, 403 auth.forbidden for a wrong role. */
export function authorize(user: Pick<AuthUser, 'role'> | undefined, action: Action): void {
  if (can(user, action)) return;
  if (!user) fail('auth.required');
  fail('auth.forbidden');
}

/** Whether the caller acts within a community: their own, or (district admin) one of their district. */
export async function manages(db: Executor, user: AuthUser, communityId: number): Promise<boolean> {
  if (user.communityId === communityId) return true;
  if (user.role !== 'district_admin') return false;
  const [mine, target] = await Promise.all([
    findCommunity(db, user.communityId),
    findCommunity(db, communityId),
  ]);
  return Boolean(mine && target && mine.districtId === target.districtId);
}

/** The whole question: the role, the community, and the owner (for callers who are not staff). */
export async function canOn(
  db: Executor,
  user: AuthUser,
  action: Action,
  resource: Resource,
): Promise<boolean> {
  if (!can(user, action)) return false;
  if (resource.userId !== undefined && !isStaff(user) && resource.userId !== user.id) return false;
  return manages(db, user, resource.communityId);
}

/**
 * The resource part, refusing: a wrong role is 403 auth.forbidden; a resource outside the caller's
 * reach answers `missing`, the same code (and so the same 404 and message) as an id that does not exist.
 */
export async function authorizeResource(
  db: Executor,
  user: AuthUser,
  action: Action,
  resource: Resource,
  missing: ErrorCode,
): Promise<void> {
  authorize(user, action);
  if (!(await canOn(db, user, action, resource))) fail(missing);
}

/** A community the caller names (`?communityId=`, a body field): 403 auth.wrong_community if not theirs. */
export async function authorizeCommunity(
  db: Executor,
  user: AuthUser,
  action: Action,
  communityId: number,
): Promise<void> {
  authorize(user, action);
  if (!(await manages(db, user, communityId))) fail('auth.wrong_community');
}
