import { upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { FoldStore } from '../store/read-model-store.js';
import { foldConsentRequestEvent } from './consent-request-fold.js';
import { foldPartnerEvent } from './partner-fold.js';
import { foldRelationshipEvent } from './relationship-fold.js';
import { foldUnfinishedAcceptance } from './unfinished-acceptance-fold.js';

/**
 * The one definition of every read model: folds one ledger event, at its `$all` position, into the
 * store. The service's runner, the rebuild and the audit's as-of views all call this.
 */
export const applyLedgerEvent = (store: FoldStore, event: LedgerEvent, position: bigint): void => {
  switch (event.type) {
    case 'PartnerEnrolled':
    case 'OemDirectApiEligibilityChanged':
    case 'OemConsentLinkRequested':
    case 'OemConsentLinkIssued':
      return foldPartnerEvent(store, event, position);
    case 'ConsentRequested':
    case 'ConsentRequestCancelled':
      return foldConsentRequestEvent(store, event);
    case 'ConsentRequestAccepted':
      foldUnfinishedAcceptance(store, event);
      return foldConsentRequestEvent(store, event);
    case 'ConsentAccepted':
      foldUnfinishedAcceptance(store, event);
      return foldRelationshipEvent(store, event, position);
    case 'DapRemoved':
    case 'OemRevocationRequested':
    case 'OemRevocationCompleted':
    case 'OemRevocationRejected':
      return foldRelationshipEvent(store, event, position);
  }
};

/** `applyLedgerEvent` for an event as the store recorded it: upcast to the current schema first. */
export const applyRecordedEvent = (store: FoldStore, recorded: RecordedEvent): void =>
  applyLedgerEvent(store, upcastStored(recorded.type, recorded.data), recorded.position);
