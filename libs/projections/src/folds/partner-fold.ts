import type { PartnerEvent } from '@ledger/consent-domain';
import { COLLECTIONS, sortablePosition } from '../collections.js';
import type { OemConsentLinkRequestEntry, PartnerEntry } from '../read-models.js';
import type { FoldStore } from '../store/read-model-store.js';
import { refreshAllCustomersOf } from './partner-customer-rows.js';

const savePartner = (store: FoldStore, partner: PartnerEntry): void =>
  store.put(COLLECTIONS.partners, partner.partnerId, partner, { partition: '', sort: partner.partnerId });

/** Enrolments (what the other folds need to know of a partner) and OEM consent link requests. */
export const foldPartnerEvent = (store: FoldStore, event: PartnerEvent, position: bigint): void => {
  const { partnerId } = event.data;
  const partner = store.get<PartnerEntry>(COLLECTIONS.partners, partnerId);
  switch (event.type) {
    case 'PartnerEnrolled': {
      const { name, kind, oemDirectApiEligible, indirectProviderId, enrolledAt } = event.data;
      savePartner(store, {
        partnerId,
        name,
        kind,
        oemDirectApiEligible,
        ...(indirectProviderId === undefined ? {} : { indirectProviderId }),
        enrolledAt,
      });
      return refreshAllCustomersOf(store, partnerId);
    }
    case 'OemDirectApiEligibilityChanged': {
      if (partner === undefined) return;
      savePartner(store, { ...partner, oemDirectApiEligible: event.data.oemDirectApiEligible });
      // Only an eligible OEM takes part: its request for a link leaves support's queue (it asks again once eligible).
      const waiting = store.get<OemConsentLinkRequestEntry>(COLLECTIONS.oemConsentLinkRequests, partnerId);
      if (!event.data.oemDirectApiEligible && waiting?.status === 'pending') store.delete(COLLECTIONS.oemConsentLinkRequests, partnerId);
      // Eligibility decides an OEM's authorisation for every one of its customers.
      return refreshAllCustomersOf(store, partnerId);
    }
    case 'OemConsentLinkRequested': {
      const entry: OemConsentLinkRequestEntry = {
        partnerId,
        partnerName: partner?.name ?? partnerId,
        status: 'pending',
        requestedBy: event.data.requestedBy,
        requestedAt: event.data.requestedAt,
      };
      // One entry per OEM; asking again while pending keeps its place in the queue.
      const waiting = store.get<OemConsentLinkRequestEntry>(COLLECTIONS.oemConsentLinkRequests, partnerId);
      if (waiting?.status === 'pending') return;
      return store.put(COLLECTIONS.oemConsentLinkRequests, partnerId, entry, {
        partition: 'pending',
        sort: sortablePosition(position),
      });
    }
    case 'OemConsentLinkIssued': {
      const waiting = store.get<OemConsentLinkRequestEntry>(COLLECTIONS.oemConsentLinkRequests, partnerId);
      if (waiting?.status !== 'pending') return;
      return store.put(
        COLLECTIONS.oemConsentLinkRequests,
        partnerId,
        { ...waiting, status: 'issued', issuedAt: event.data.issuedAt },
        { partition: 'issued', sort: sortablePosition(position) },
      );
    }
  }
};
