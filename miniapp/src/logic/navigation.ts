/**
 * Where the H5 back button goes. WeChat draws its own back arrow on every sub-page; the browser build
 * has none, so the app draws one on every page that is not a tab or a role's home.
 */
import type { Role } from '@timebank/shared';
import { DISTRICT_HOME, homeFor, MERCHANT_HOME, OFFICER_HOME, SIGN_IN, VOLUNTEER_HOME } from './session';

/** Pages with no back button: the tab pages, sign-in, and each role's home. */
export const ROOT_PAGES: readonly string[] = [
  VOLUNTEER_HOME,
  '/pages/checkin/index',
  '/pages/me/index',
  '/pages/merchants/index',
  SIGN_IN,
  OFFICER_HOME,
  DISTRICT_HOME,
  MERCHANT_HOME,
];

/** The page part of an H5 hash route ("#/packages/x/index?id=1" → "/packages/x/index"). */
export function pageOfRoute(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  if (path === '' || path === '/') return VOLUNTEER_HOME;
  return path.startsWith('/') ? path : `/${path}`;
}

export function needsBackButton(page: string): boolean {
  return !ROOT_PAGES.includes(page);
}

/**
 * What the back button does: go back when there is a page to go back to, otherwise (a link opened
 * straight on a sub-page) open the signed-in role's home, or sign-in.
 */
export function backAction(
  stackDepth: number,
  role: Role | null,
): { kind: 'back' } | { kind: 'home'; url: string; tab: boolean } {
  if (stackDepth > 1) return { kind: 'back' };
  if (!role) return { kind: 'home', url: SIGN_IN, tab: false };
  return { kind: 'home', ...homeFor(role) };
}
