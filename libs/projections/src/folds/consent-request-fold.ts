import {
  evolveConsentRequest,
  initialConsentRequest,
  type ConsentRequest,
  type ConsentRequestEvent,
} from '@ledger/consent-domain';
import { COLLECTIONS, consentRequestPartition } from '../collections.js';
import type { FoldStore } from '../store/read-model-store.js';

/** Consent requests as recorded, with consent-domain's own `evolveConsentRequest`; expiry is read at query time. */
export const foldConsentRequestEvent = (store: FoldStore, event: ConsentRequestEvent): void => {
  const { requestId } = event.data;
  const before = store.get<ConsentRequest>(COLLECTIONS.consentRequests, requestId) ?? initialConsentRequest();
  const after = evolveConsentRequest(before, event);
  if (after.status === 'none') return;
  store.put(COLLECTIONS.consentRequests, requestId, after, {
    partition: consentRequestPartition(after.partnerId, after.customerTenantId),
    sort: after.requestedAt,
  });
};
