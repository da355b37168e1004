/** Typed calls for local products, offers and the digital-skills statistics. */
import type {
  DashboardDigitalSkillsDto,
  OfferCreateInput,
  OfferUpdateInput,
  ProductCreateInput,
  ProductOfferOwnDto,
  ProductOffersListedDto,
  ProductOffersOwnListDto,
  ProductOwnDto,
  ProductsListedDto,
  ProductsOwnListDto,
  ProductUpdateInput,
} from '@timebank/shared';
import { http } from './http';

// ---- the shop (owner edits, staff read) ----
export const listMyProducts = () => http.get<ProductsOwnListDto>('/merchants/me/products');
export const createProduct = (input: ProductCreateInput) =>
  http.post<ProductOwnDto>('/merchants/me/products', input);
export const updateProduct = (id: number, input: ProductUpdateInput) =>
  http.patch<ProductOwnDto>(`/merchants/me/products/${id}`, input);
export const listMyOffers = () => http.get<ProductOffersOwnListDto>('/merchants/me/offers');
export const createOffer = (input: OfferCreateInput) =>
  http.post<ProductOfferOwnDto>('/merchants/me/offers', input);
export const updateOffer = (id: number, input: OfferUpdateInput) =>
  http.patch<ProductOfferOwnDto>(`/merchants/me/offers/${id}`, input);

// ---- a merchant's directory page ----
export const listMerchantProducts = (merchantId: number) =>
  http.get<ProductsListedDto>(`/alliance/merchants/${merchantId}/products`);
export const listMerchantOffers = (merchantId: number) =>
  http.get<ProductOffersListedDto>(`/alliance/merchants/${merchantId}/offers`);

// ---- officers ----
export const takeDownProduct = (id: number, reason: string) =>
  http.post<ProductOwnDto>(`/products/${id}/take-down`, { reason });
export const takeDownOffer = (id: number, reason: string) =>
  http.post<ProductOfferOwnDto>(`/offers/${id}/take-down`, { reason });
export const getDigitalSkillsStats = (query: { communityId?: number; from?: string; to?: string } = {}) =>
  http.get<DashboardDigitalSkillsDto>('/dashboard/digital-skills', query);
