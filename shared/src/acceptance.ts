/**
 * 通存通兑 as a decided policy: how far a community's certificates are honoured, and from how far its
 * shops honour certificates. Each district decides for its communities; a community may decide for
 * itself (null: as its district decides). A check at a till passes only when both sides agree: the
 * holder's community honours its certificate at that shop, and the shop's community takes
 * certificates from the holder's community. Gifts and exchanges across communities follow the same rule.
 */
export const acceptanceScopes = ['own_community', 'district', 'installation'] as const;
export type AcceptanceScope = (typeof acceptanceScopes)[number];

export const acceptanceScopeLabels: Record<AcceptanceScope, { zh: string; en: string }> = {
  own_community: { zh: '仅本社区', en: 'Own community only' },
  district: { zh: '本街道（区）联盟', en: "The district's alliance" },
  installation: { zh: '全部社区通存通兑', en: 'Every community of the alliance' },
};

/** What an installation had before the policy was decided (every certificate everywhere). */
export const DEFAULT_ACCEPTANCE_SCOPE: AcceptanceScope = 'installation';

export interface AcceptanceSide {
  communityId: number;
  districtId: number;
  /** The community's own decision; null follows the district's. */
  communityScope: AcceptanceScope | null;
  districtScope: AcceptanceScope;
}

/** The scope in force for a community: its own decision, else its district's. */
export const effectiveScope = (side: AcceptanceSide): AcceptanceScope =>
  side.communityScope ?? side.districtScope;

/** Whether `scope`, decided by `from`, reaches `to`. */
export function reaches(scope: AcceptanceScope, from: AcceptanceSide, to: AcceptanceSide): boolean {
  if (from.communityId === to.communityId) return true;
  if (scope === 'own_community') return false;
  if (scope === 'district') return from.districtId === to.districtId;
  return true;
}

/**
 * A certificate of `holder`'s community at a shop of `shop`'s community: honoured when the holder's
 * community lets it go that far and the shop's community takes it from there.
 */
export function honours(holder: AcceptanceSide, shop: AcceptanceSide): boolean {
  return reaches(effectiveScope(holder), holder, shop) && reaches(effectiveScope(shop), shop, holder);
}
