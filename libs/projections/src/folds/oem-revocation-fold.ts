import type { RelationshipEvent } from '@ledger/consent-domain';
import { COLLECTIONS, pairKey, sortablePosition } from '../collections.js';
import type { OemRevocationEntry, OemRevocationSummary, PartnerEntry } from '../read-models.js';
import type { FoldStore } from '../store/read-model-store.js';

const summaryOf = (entry: OemRevocationEntry): OemRevocationSummary => ({
  revocationRequestId: entry.revocationRequestId,
  status: entry.status,
  requestedAt: entry.requestedAt,
  ...(entry.handledAt === undefined ? {} : { handledAt: entry.handledAt }),
  ...(entry.rejectionReason === undefined ? {} : { rejectionReason: entry.rejectionReason }),
});

const save = (store: FoldStore, entry: OemRevocationEntry): void => {
  // Partitioned by status, in ledger order: the pending queue is one range, oldest first.
  store.put(COLLECTIONS.oemRevocations, entry.revocationRequestId, entry, {
    partition: entry.status,
    sort: entry.requestedAtPosition,
  });
  store.put(COLLECTIONS.latestOemRevocations, pairKey(entry.partnerId, entry.customerTenantId), summaryOf(entry), {
    partition: entry.partnerId,
    sort: entry.customerTenantId,
  });
};

/** The OEM revocation queue: requested (pending), then completed or rejected by support. */
export const foldOemRevocation = (store: FoldStore, event: RelationshipEvent, position: bigint): void => {
  switch (event.type) {
    case 'OemRevocationRequested': {
      const { revocationRequestId, partnerId, customerTenantId, reason, requestedBy, requestedAt } = event.data;
      const partnerName = store.get<PartnerEntry>(COLLECTIONS.partners, partnerId)?.name;
      return save(store, {
        revocationRequestId,
        status: 'pending',
        partnerId,
        ...(partnerName === undefined ? {} : { partnerName }),
        customerTenantId,
        reason,
        requestedBy,
        requestedAt,
        requestedAtPosition: sortablePosition(position),
      });
    }
    case 'OemRevocationCompleted': {
      const entry = store.get<OemRevocationEntry>(COLLECTIONS.oemRevocations, event.data.revocationRequestId);
      if (entry === undefined) return;
      return save(store, { ...entry, status: 'completed', handledAt: event.data.completedAt, handledBy: event.data.completedBy });
    }
    case 'OemRevocationRejected': {
      const entry = store.get<OemRevocationEntry>(COLLECTIONS.oemRevocations, event.data.revocationRequestId);
      if (entry === undefined) return;
      return save(store, {
        ...entry,
        status: 'rejected',
        handledAt: event.data.rejectedAt,
        handledBy: event.data.rejectedBy,
        rejectionReason: event.data.reason,
      });
    }
    default:
      return;
  }
};
