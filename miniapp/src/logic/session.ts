/** Who is signed in decides where the app opens. */
import type { Role } from '@timebank/shared';

export interface SessionUser {
  id: number;
  role: Role;
  communityId: number | null;
  displayName: string;
  realName?: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export const VOLUNTEER_HOME = '/pages/activities/index';
export const OFFICER_HOME = '/packages/officer/pages/home/index';
export const DISTRICT_HOME = '/packages/officer/pages/district/index';
export const MERCHANT_HOME = '/packages/merchant/pages/verify/index';
export const SIGN_IN = '/pages/login/index';
export const MERCHANT_APPLY = '/packages/merchant/pages/apply/index';
export const SHOP_PAGE = '/packages/merchant/pages/shop/index';
export const POST_PAGE = '/packages/merchant/pages/post/index';
export const DASHBOARD_PAGE = '/packages/officer/pages/dashboard/index';
export const REPORT_PAGE = '/packages/volunteer/pages/report/index';
export const REPORTS_PAGE = '/packages/volunteer/pages/reports/index';
export const APPEAL_PAGE = '/packages/volunteer/pages/appeal/index';

export function homeFor(role: Role): { url: string; tab: boolean } {
  switch (role) {
    case 'volunteer':
      return { url: VOLUNTEER_HOME, tab: true };
    case 'officer':
      return { url: OFFICER_HOME, tab: false };
    case 'district_admin':
      return { url: DISTRICT_HOME, tab: false };
    case 'merchant_staff':
      return { url: MERCHANT_HOME, tab: false };
  }
}

export function isSessionValid(s: Session | null | undefined, nowMs: number): s is Session {
  return !!s && typeof s.token === 'string' && s.token.length > 0 && new Date(s.expiresAt).getTime() > nowMs;
}

/** In h5 the development sign-in takes "dev:wang" or just "wang". */
export function normaliseDevCode(input: string): string {
  const t = input.trim();
  if (t === '') return '';
  return t.startsWith('dev:') ? t : `dev:${t}`;
}
