import { evolveRelationship, initialRelationship, type Relationship, type RelationshipEvent } from '@ledger/consent-domain';
import { COLLECTIONS, pairKey } from '../collections.js';
import type { PartnerEntry } from '../read-models.js';
import type { FoldStore } from '../store/read-model-store.js';
import { foldOemRevocation } from './oem-revocation-fold.js';
import { refreshPartnerCustomer, type ProviderResellers } from './partner-customer-rows.js';

/** Remembers that a reseller has a relationship with a customer, under its indirect provider. */
const linkProvider = (store: FoldStore, providerId: string, resellerId: string, customerTenantId: string): void => {
  const key = pairKey(providerId, customerTenantId);
  const known = store.get<ProviderResellers>(COLLECTIONS.providerResellers, key)?.resellerIds ?? [];
  if (known.includes(resellerId)) return;
  store.put<ProviderResellers>(
    COLLECTIONS.providerResellers,
    key,
    { resellerIds: [...known, resellerId] },
    { partition: providerId, sort: customerTenantId },
  );
};

const providerOf = (store: FoldStore, relationship: Relationship, partnerId: string): string | undefined =>
  (relationship.status === 'none' ? undefined : relationship.indirectProviderId) ??
  store.get<PartnerEntry>(COLLECTIONS.partners, partnerId)?.indirectProviderId;

/**
 * A partner–customer relationship event: the relationship's state (consent-domain's own
 * `evolveRelationship`), the revocation queue, then every row it changes, the reseller's provider's included.
 */
export const foldRelationshipEvent = (store: FoldStore, event: RelationshipEvent, position: bigint): void => {
  const { partnerId, customerTenantId } = event.data;
  const key = pairKey(partnerId, customerTenantId);
  const before = store.get<Relationship>(COLLECTIONS.relationships, key) ?? initialRelationship();
  const after = evolveRelationship(before, event);
  store.put(COLLECTIONS.relationships, key, after, { partition: partnerId, sort: customerTenantId });

  if (event.type === 'ConsentAccepted' && before.status === 'revoked') {
    // Consent again after a completed revocation: the customer sees the new consent, not the old revocation.
    store.delete(COLLECTIONS.latestOemRevocations, key);
  }
  foldOemRevocation(store, event, position);

  const providerId = providerOf(store, after, partnerId);
  if (event.type === 'ConsentAccepted' && providerId !== undefined && after.status !== 'none' && after.partnerKind === 'CSP_INDIRECT_RESELLER') {
    linkProvider(store, providerId, partnerId, customerTenantId);
  }
  refreshPartnerCustomer(store, partnerId, customerTenantId);
  if (providerId !== undefined) refreshPartnerCustomer(store, providerId, customerTenantId);
};
