/** Typed calls for local products, offers and the digital-skills statistics. */
import type {
  OfferCreateInput,
  OfferUpdateInput,
  ProductCreateInput,
  ProductUpdateInput,
} from '@timebank/shared';
import type { DigitalStatsDto, OfferDto, ProductDto } from '../logic/products';
import { http } from './http';

// ---- the shop (owner edits, staff read) ----
export const listMyProducts = () => http.get<{ products: ProductDto[] }>('/merchants/me/products');
export const createProduct = (input: ProductCreateInput) =>
  http.post<ProductDto>('/merchants/me/products', input);
export const updateProduct = (id: number, input: ProductUpdateInput) =>
  http.patch<ProductDto>(`/merchants/me/products/${id}`, input);
export const listMyOffers = () => http.get<{ offers: OfferDto[] }>('/merchants/me/offers');
export const createOffer = (input: OfferCreateInput) => http.post<OfferDto>('/merchants/me/offers', input);
export const updateOffer = (id: number, input: OfferUpdateInput) =>
  http.patch<OfferDto>(`/merchants/me/offers/${id}`, input);

// ---- a merchant's directory page ----
export const listMerchantProducts = (merchantId: number) =>
  http.get<{ merchant: { id: number; name: string }; products: ProductDto[] }>(
    `/alliance/merchants/${merchantId}/products`,
  );
export const listMerchantOffers = (merchantId: number) =>
  http.get<{ merchant: { id: number; name: string }; today: string; offers: OfferDto[] }>(
    `/alliance/merchants/${merchantId}/offers`,
  );

// ---- officers ----
export const takeDownProduct = (id: number, reason: string) =>
  http.post<ProductDto>(`/products/${id}/take-down`, { reason });
export const takeDownOffer = (id: number, reason: string) =>
  http.post<OfferDto>(`/offers/${id}/take-down`, { reason });
export const getDigitalSkillsStats = (query: { communityId?: number; from?: string; to?: string } = {}) =>
  http.get<DigitalStatsDto>('/dashboard/digital-skills', query);
