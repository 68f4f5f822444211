import {
  authorisationFor,
  delegatedAdminResellers,
  initialRelationship,
  type EstablishedRelationship,
  type Relationship,
} from '@ledger/consent-domain';
import { COLLECTIONS, pairKey } from '../collections.js';
import type {
  CustomerListEntry,
  CustomerPartnerEntry,
  OemRevocationSummary,
  PartnerEntry,
  RegistrationAuthorisationEntry,
} from '../read-models.js';
import type { FoldStore } from '../store/read-model-store.js';

/** The resellers of one indirect provider that have a relationship with one customer. */
export interface ProviderResellers {
  readonly resellerIds: readonly string[];
}

const removeRows = (store: FoldStore, partnerId: string, customerTenantId: string): void => {
  store.delete(COLLECTIONS.customerLists, pairKey(partnerId, customerTenantId));
  store.delete(COLLECTIONS.registrationAuthorisations, pairKey(partnerId, customerTenantId));
  store.delete(COLLECTIONS.customerPartners, pairKey(customerTenantId, partnerId));
};

/** The consent a partner's listing rests on: its own active relationship, or (a provider) its reseller's. */
const listingConsent = (
  store: FoldStore,
  partner: PartnerEntry,
  customerTenantId: string,
  own: Relationship | undefined,
  viaResellerId: string | undefined,
): { consent: EstablishedRelationship; viaResellerId?: string } | undefined => {
  if (partner.kind !== 'CSP_INDIRECT_PROVIDER') {
    return own?.status === 'active' ? { consent: own } : undefined;
  }
  if (viaResellerId === undefined) return undefined;
  const consent = store.get<Relationship>(COLLECTIONS.relationships, pairKey(viaResellerId, customerTenantId));
  return consent?.status === 'active' ? { consent, viaResellerId } : undefined;
};

/**
 * Recomputes the three rows about one partner and one customer (customer list, registration
 * authorisation, partners of the customer) from the fold state, with consent-domain's
 * `authorisationFor` as the only judge of who may register devices.
 */
export const refreshPartnerCustomer = (store: FoldStore, partnerId: string, customerTenantId: string): void => {
  const partner = store.get<PartnerEntry>(COLLECTIONS.partners, partnerId);
  const own = store.get<Relationship>(COLLECTIONS.relationships, pairKey(partnerId, customerTenantId));
  const resellerIds =
    partner?.kind === 'CSP_INDIRECT_PROVIDER'
      ? (store.get<ProviderResellers>(COLLECTIONS.providerResellers, pairKey(partnerId, customerTenantId))?.resellerIds ?? [])
      : [];
  if (partner === undefined || (own === undefined && resellerIds.length === 0)) {
    return removeRows(store, partnerId, customerTenantId);
  }
  const viaResellers = resellerIds.map((resellerId) => ({
    resellerId,
    relationship:
      store.get<Relationship>(COLLECTIONS.relationships, pairKey(resellerId, customerTenantId)) ?? initialRelationship(),
  }));
  const query = {
    partnerId,
    customerTenantId,
    partner,
    ...(own === undefined ? {} : { relationship: own }),
    viaResellers,
  };
  const authorisation = authorisationFor(query);
  const listing = listingConsent(store, partner, customerTenantId, own, authorisation.viaResellerId);
  const established = own?.status === 'none' ? undefined : own;
  // An indirect provider holds the DAP of any of its resellers' relationships, not only of the one it is listed through.
  const dapResellers = partner.kind === 'CSP_INDIRECT_PROVIDER' ? delegatedAdminResellers(query) : [];

  const { reasonCode, reason, authorised, channels, delegatedAdmin, revocationPending } = authorisation;
  const heldDap = (consent: EstablishedRelationship): boolean =>
    partner.kind === 'CSP_INDIRECT_PROVIDER' ? dapResellers.length > 0 : consent.delegatedAdmin;
  const row: RegistrationAuthorisationEntry = {
    customerTenantId,
    authorised,
    reasonCode,
    reason,
    ...(authorisation.basis === undefined ? {} : { basis: authorisation.basis }),
    ...(authorisation.viaResellerId === undefined ? {} : { viaResellerId: authorisation.viaResellerId }),
    channels,
    ...(authorisation.since === undefined ? {} : { since: authorisation.since }),
    delegatedAdmin: listing === undefined ? delegatedAdmin : heldDap(listing.consent),
    revocationPending,
  };
  store.put(COLLECTIONS.registrationAuthorisations, pairKey(partnerId, customerTenantId), row, {
    partition: partnerId,
    sort: customerTenantId,
  });

  if (listing === undefined) {
    store.delete(COLLECTIONS.customerLists, pairKey(partnerId, customerTenantId));
  } else {
    const entry: CustomerListEntry = {
      customerTenantId,
      acceptedAt: listing.consent.acceptedAt,
      delegatedAdmin: heldDap(listing.consent),
      ...(listing.viaResellerId === undefined ? {} : { viaResellerId: listing.viaResellerId }),
    };
    store.put(COLLECTIONS.customerLists, pairKey(partnerId, customerTenantId), entry, {
      partition: partnerId,
      sort: customerTenantId,
    });
  }

  const shown = listing?.consent ?? established;
  if (shown === undefined) {
    store.delete(COLLECTIONS.customerPartners, pairKey(customerTenantId, partnerId));
    return;
  }
  const oemRevocation = store.get<OemRevocationSummary>(COLLECTIONS.latestOemRevocations, pairKey(partnerId, customerTenantId));
  const customerPartner: CustomerPartnerEntry = {
    partnerId,
    name: partner.name,
    kind: partner.kind,
    acceptedAt: shown.acceptedAt,
    delegatedAdmin: heldDap(shown),
    authorised,
    ...(listing?.viaResellerId === undefined ? {} : { viaResellerId: listing.viaResellerId }),
    ...(dapResellers.length === 0 ? {} : { delegatedAdminViaResellerIds: dapResellers }),
    ...(oemRevocation === undefined ? {} : { oemRevocation }),
  };
  store.put(COLLECTIONS.customerPartners, pairKey(customerTenantId, partnerId), customerPartner, {
    partition: customerTenantId,
    sort: partnerId,
  });
};

/** Every customer a partner has rows for: its own relationships, and for a provider its resellers' customers. */
export const customersOf = (store: FoldStore, partnerId: string): string[] => {
  const tenantOf = (key: string): string => key.slice(key.indexOf('_') + 1);
  const own = store.keysIn(COLLECTIONS.relationships, partnerId).map(tenantOf);
  const viaResellers = store.keysIn(COLLECTIONS.providerResellers, partnerId).map(tenantOf);
  return [...new Set([...own, ...viaResellers])];
};

export const refreshAllCustomersOf = (store: FoldStore, partnerId: string): void => {
  for (const customerTenantId of customersOf(store, partnerId)) refreshPartnerCustomer(store, partnerId, customerTenantId);
};
