/**
 * Typed calls for the desks (the till's corrections and voids, manual attendance, the district home,
 * owners): kept beside api.ts so the two grow without treading on each other.
 */
import type {
  discountRecordBody,
  MerchantChangeRequestDto,
  MerchantChangeRequestsDto,
  MerchantChangeStatus,
  MerchantEditDto,
  merchantEditBody,
  StaffListDto,
  StaffMemberDto,
  TillDiscountDto,
  TillDiscountTrailDto,
} from '@timebank/shared';
import type { z } from 'zod';
import { http } from './http';

// ---- the till: correct, read the trail, void ----
export const correctDiscount = (verificationId: number, input: z.input<typeof discountRecordBody>) =>
  http.put<TillDiscountDto>(`/verifications/${verificationId}/discount`, input);
export const getDiscountTrail = (verificationId: number) =>
  http.get<TillDiscountTrailDto>(`/verifications/${verificationId}/discount`);
export const voidDiscount = (verificationId: number, reason: string) =>
  http.post<TillDiscountDto>(`/verifications/${verificationId}/discount/void`, { reason });

// ---- owners: the staff and the shop ----
export const listMyStaff = () => http.get<StaffListDto>('/merchants/me/staff');
export const setStaffDisabled = (id: number, disabled: boolean, reason: string) =>
  http.post<StaffMemberDto>(`/merchants/me/staff/${id}/${disabled ? 'disable' : 'enable'}`, { reason });
export const removeStaff = (id: number) => http.del<undefined>(`/merchants/me/staff/${id}`);
export const editMyShop = (input: z.input<typeof merchantEditBody>) =>
  http.patch<MerchantEditDto>('/merchants/me', input);
export const getMyChangeRequests = () => http.get<MerchantChangeRequestsDto>('/merchants/me/change-requests');

// ---- officers: shop change requests ----
export const listChangeRequests = (query: { status?: MerchantChangeStatus; communityId?: number } = {}) =>
  http.get<MerchantChangeRequestsDto>('/merchants/change-requests', query);
export const decideChangeRequest = (id: number, action: 'approve' | 'reject', reason: string) =>
  http.post<MerchantChangeRequestDto>(`/merchants/change-requests/${id}/${action}`, reason ? { reason } : {});
