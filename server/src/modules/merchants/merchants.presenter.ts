import { discountLabel } from '@timebank/shared';
import type { MerchantRow } from './merchants.repository';

export function presentDiscount(m: MerchantRow) {
  return {
    percentOff: m.discountPercentOff,
    text: m.discountText,
    conditions: m.discountConditions,
    label: discountLabel({ percentOff: m.discountPercentOff, text: m.discountText }),
  };
}

/** What volunteers see in the directory: no licence number, no contact beyond the shop's phone. */
/** A shop as residents see it in the directory (the distance from them is added per request). */
export function presentDirectoryEntry(m: MerchantRow) {
  return {
    id: m.id,
    name: m.name,
    category: m.category,
    tags: m.tags,
    address: m.address,
    location: { lat: m.lat, lng: m.lng },
    openingHours: m.openingHours,
    contactPhone: m.contactPhone,
    photos: m.photos,
    discount: presentDiscount(m),
    warned: m.status === 'warned',
  };
}

/** What officers and the merchant's own staff see. */
export function presentMerchant(m: MerchantRow) {
  return {
    ...presentDirectoryEntry(m),
    distanceM: null,
    communityId: m.communityId,
    licenceNo: m.licenceNo,
    status: m.status,
    statusReason: m.statusReason,
    pledge: { version: m.pledgeVersion, acceptedAt: m.pledgeAcceptedAt.toISOString() },
    credentialSerial: m.credentialSerial,
    createdAt: m.createdAt.toISOString(),
  };
}
