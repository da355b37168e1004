/**
 * Typed calls for the desks (the till's corrections and voids, manual attendance, the district home,
 * owners): kept beside api.ts so the two grow without treading on each other.
 */
import type { discountRecordBody, TillDiscountDto, TillDiscountTrailDto } from '@timebank/shared';
import type { z } from 'zod';
import { http } from './http';

// ---- the till: correct, read the trail, void ----
export const correctDiscount = (verificationId: number, input: z.input<typeof discountRecordBody>) =>
  http.put<TillDiscountDto>(`/verifications/${verificationId}/discount`, input);
export const getDiscountTrail = (verificationId: number) =>
  http.get<TillDiscountTrailDto>(`/verifications/${verificationId}/discount`);
export const voidDiscount = (verificationId: number, reason: string) =>
  http.post<TillDiscountDto>(`/verifications/${verificationId}/discount/void`, { reason });
