/**
 * 街道管理员的首页: the district's communities side by side, and for each the pages a district
 * administrator may open for that community (the routes take `communityId`).
 */
import type { I18nKey } from './i18n';
import { withQuery } from './query';

const OFFICER = '/packages/officer/pages';
export const DISTRICT_COMMUNITY_PAGES: { key: I18nKey; page: string }[] = [
  { key: 'district.open.dashboard', page: `${OFFICER}/dashboard/index` },
  { key: 'district.open.merchants', page: `${OFFICER}/merchants/index` },
  { key: 'district.open.cases', page: `${OFFICER}/cases/index` },
  { key: 'district.open.exports', page: `${OFFICER}/exports/index` },
  { key: 'district.open.changes', page: `${OFFICER}/merchant-changes/index` },
];

/** The links of one community's card: every page opened for that community. */
export function communityLinks(community: { id: number; name: string }): { key: I18nKey; url: string }[] {
  return DISTRICT_COMMUNITY_PAGES.map((p) => ({
    key: p.key,
    url: withQuery(p.page, { communityId: community.id, communityName: community.name }),
  }));
}

/** The community a page was opened for (`?communityId=`), or undefined for the user's own. */
export function communityParam(params: Record<string, string | undefined>): number | undefined {
  const raw = params.communityId;
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/** The community's name passed along (URL-encoded in weapp and h5), or ''. */
export function communityNameParam(params: Record<string, string | undefined>): string {
  const raw = params.communityName ?? '';
  try {
    return decodeURIComponent(raw).slice(0, 60);
  } catch {
    return raw.slice(0, 60);
  }
}

/** The district's totals over its communities. */
export function districtTotals(
  rows: readonly {
    registered: number;
    active30d: number;
    hours: number;
    merchants: number;
    openCases: number;
  }[],
) {
  const zero = { communities: 0, registered: 0, active30d: 0, hours: 0, merchants: 0, openCases: 0 };
  return rows.reduce<typeof zero>(
    (s, r) => ({
      communities: s.communities + 1,
      registered: s.registered + r.registered,
      active30d: s.active30d + r.active30d,
      hours: Math.round((s.hours + r.hours) * 10) / 10,
      merchants: s.merchants + r.merchants,
      openCases: s.openCases + r.openCases,
    }),
    zero,
  );
}
