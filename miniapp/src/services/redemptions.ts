/** Typed calls for items for points (积分兑换): the owner's list, the shop page, the till. */
import type {
  RedeemedDto,
  RedemptionItemOwnDto,
  RedemptionItemsListedDto,
  RedemptionItemsOwnDto,
  RedemptionItemUpdateInput,
  RedemptionListDto,
} from '@timebank/shared';
import { http } from './http';

export const listMyRedemptionItems = () => http.get<RedemptionItemsOwnDto>('/merchants/me/redemption-items');
export const createRedemptionItem = (body: Record<string, unknown>) =>
  http.post<RedemptionItemOwnDto>('/merchants/me/redemption-items', body);
export const updateRedemptionItem = (id: number, body: RedemptionItemUpdateInput) =>
  http.patch<RedemptionItemOwnDto>(`/merchants/me/redemption-items/${id}`, body);
export const listShopRedemptions = () => http.get<RedemptionListDto>('/merchants/me/redemptions');
export const listMerchantRedemptionItems = (merchantId: number) =>
  http.get<RedemptionItemsListedDto>(`/alliance/merchants/${merchantId}/redemption-items`);
export const redeemAtTill = (verificationId: number, body: { idempotencyKey: string; itemId: number }) =>
  http.post<RedeemedDto>(`/verifications/${verificationId}/redemption`, body);
export const takeDownRedemptionItem = (id: number, reason: string) =>
  http.post<RedemptionItemOwnDto>(`/redemption-items/${id}/take-down`, { reason });
