import {
  idParam,
  offerCreateBody,
  offerUpdateBody,
  productCreateBody,
  productOfferOwnOut,
  productOffersListedOut,
  productOffersOwnListOut,
  productOwnOut,
  productsListedOut,
  productsOwnListOut,
  productUpdateBody,
  takeDownBody,
} from '@timebank/shared';
import type { Api } from '../../http/route';
import type { ProductsService } from './products.service';

export function productsRoutes(api: Api, svc: ProductsService) {
  api.route(
    {
      method: 'post',
      path: '/merchants/me/products',
      tag: 'products',
      summary: 'The owner publishes a product (price in fen or as text, up to 6 https photos, local flag)',
      action: 'products.own',
      body: productCreateBody,
      status: 201,
      errors: ['merchants.not_member', 'merchants.owner_only', 'merchants.not_active'],
      response: productOwnOut,
    },
    ({ user, body }) => svc.createProduct(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/products',
      tag: 'products',
      summary: "The shop's products, hidden and taken-down ones included (owner and staff)",
      action: 'products.own',
      errors: ['merchants.not_member'],
      response: productsOwnListOut,
    },
    ({ user }) => svc.myProducts(user),
  );
  api.route(
    {
      method: 'patch',
      path: '/merchants/me/products/:id',
      tag: 'products',
      summary: 'The owner edits, hides or publishes again one of its products',
      action: 'products.own',
      params: idParam,
      body: productUpdateBody,
      errors: [
        'merchants.not_member',
        'merchants.owner_only',
        'merchants.not_active',
        'products.not_found',
        'products.taken_down',
        'products.price_required',
      ],
      response: productOwnOut,
    },
    ({ user, params, body }) => svc.updateProduct(user, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/merchants/me/offers',
      tag: 'products',
      summary: 'The owner publishes a time-limited offer (local dates in Asia/Shanghai, both included)',
      action: 'products.own',
      body: offerCreateBody,
      status: 201,
      errors: [
        'merchants.not_member',
        'merchants.owner_only',
        'merchants.not_active',
        'offers.invalid_dates',
      ],
      response: productOfferOwnOut,
    },
    ({ user, body }) => svc.createOffer(user, body),
  );
  api.route(
    {
      method: 'get',
      path: '/merchants/me/offers',
      tag: 'products',
      summary: "The shop's offers, past, hidden and taken-down ones included (owner and staff)",
      action: 'products.own',
      errors: ['merchants.not_member'],
      response: productOffersOwnListOut,
    },
    ({ user }) => svc.myOffers(user),
  );
  api.route(
    {
      method: 'patch',
      path: '/merchants/me/offers/:id',
      tag: 'products',
      summary: 'The owner edits, hides or publishes again one of its offers',
      action: 'products.own',
      params: idParam,
      body: offerUpdateBody,
      errors: [
        'merchants.not_member',
        'merchants.owner_only',
        'merchants.not_active',
        'offers.not_found',
        'products.taken_down',
        'offers.invalid_dates',
      ],
      response: productOfferOwnOut,
    },
    ({ user, params, body }) => svc.updateOffer(user, params.id, body),
  );
  api.route(
    {
      method: 'get',
      path: '/alliance/merchants/:id/products',
      tag: 'products',
      summary: "A merchant's published products on its directory page (merchants in good standing only)",
      action: 'products.read',
      params: idParam,
      errors: ['merchants.not_found'],
      response: productsListedOut,
    },
    ({ user, params }) => svc.listedProducts(user, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/alliance/merchants/:id/offers',
      tag: 'products',
      summary: "A merchant's current offers: today (Asia/Shanghai) between validFrom and validTo",
      action: 'products.read',
      params: idParam,
      errors: ['merchants.not_found'],
      response: productOffersListedOut,
    },
    ({ user, params }) => svc.listedOffers(user, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/products/:id/take-down',
      tag: 'products',
      summary: 'An officer takes a product down, with a reason the shop sees',
      action: 'products.take_down',
      params: idParam,
      body: takeDownBody,
      errors: ['products.not_found', 'products.taken_down'],
      response: productOwnOut,
    },
    ({ user, params, body }) => svc.takeDownProduct(user, params.id, body.reason),
  );
  api.route(
    {
      method: 'post',
      path: '/offers/:id/take-down',
      tag: 'products',
      summary: 'An officer takes an offer down, with a reason the shop sees',
      action: 'products.take_down',
      params: idParam,
      body: takeDownBody,
      errors: ['offers.not_found', 'products.taken_down'],
      response: productOfferOwnOut,
    },
    ({ user, params, body }) => svc.takeDownOffer(user, params.id, body.reason),
  );
}
