import type { ConsentAccepted, ConsentRequestAccepted } from '@ledger/consent-domain';
import { COLLECTIONS } from '../collections.js';
import type { FoldStore, QueryStore } from '../store/read-model-store.js';

/**
 * A CSP consent request whose link was claimed (`ConsentRequestAccepted`, first append of an acceptance) and whose
 * consent is not recorded on the relationship yet (`ConsentAccepted`, second append). Normally it lives for a
 * few milliseconds; one that stays was cut short between the two appends and is finished by the service.
 */
export interface UnfinishedCspAcceptance {
  readonly requestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly acceptedAt: string;
}

const PARTITION = 'all';

export const foldUnfinishedAcceptance = (store: FoldStore, event: ConsentRequestAccepted | ConsentAccepted): void => {
  if (event.type === 'ConsentRequestAccepted') {
    const { requestId, partnerId, customerTenantId, acceptedAt } = event.data;
    store.put<UnfinishedCspAcceptance>(
      COLLECTIONS.unfinishedCspAcceptances,
      requestId,
      { requestId, partnerId, customerTenantId, acceptedAt },
      { partition: PARTITION, sort: acceptedAt },
    );
  } else if (event.data.link.kind === 'CSP_CONSENT_REQUEST') {
    store.delete(COLLECTIONS.unfinishedCspAcceptances, event.data.link.requestId);
  }
};

/** The oldest unfinished acceptances whose link was claimed before `claimedBefore` (at most `limit`). */
export const unfinishedCspAcceptances = (store: QueryStore, claimedBefore: Date, limit: number): UnfinishedCspAcceptance[] => {
  const { docs } = store.page<UnfinishedCspAcceptance>(COLLECTIONS.unfinishedCspAcceptances, PARTITION, { limit });
  const cutOff = claimedBefore.toISOString();
  return docs.filter((doc) => doc.acceptedAt < cutOff);
};
