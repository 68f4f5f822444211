import { ConsentAcceptedSchema } from './consent-accepted.js';
import { ConsentRequestAcceptedSchema } from './consent-request-accepted.js';
import { ConsentRequestCancelledSchema } from './consent-request-cancelled.js';
import { ConsentRequestedSchema } from './consent-requested.js';
import { DapRemovedSchema } from './dap-removed.js';
import type { EventSchema } from './domain-event.js';
import type { LedgerEventType } from './ledger-event.js';
import { OemConsentLinkIssuedSchema } from './oem-consent-link-issued.js';
import { OemConsentLinkRequestedSchema } from './oem-consent-link-requested.js';
import { OemDirectApiEligibilityChangedSchema } from './oem-direct-api-eligibility-changed.js';
import { OemRevocationCompletedSchema } from './oem-revocation-completed.js';
import { OemRevocationRejectedSchema } from './oem-revocation-rejected.js';
import { OemRevocationRequestedSchema } from './oem-revocation-requested.js';
import { PartnerEnrolledSchema } from './partner-enrolled.js';

/** Every ledger event type with its current schema version and upcasters. */
export const LEDGER_EVENT_SCHEMAS: { readonly [Type in LedgerEventType]: EventSchema<Type> } = Object.freeze({
  PartnerEnrolled: PartnerEnrolledSchema,
  OemDirectApiEligibilityChanged: OemDirectApiEligibilityChangedSchema,
  OemConsentLinkRequested: OemConsentLinkRequestedSchema,
  OemConsentLinkIssued: OemConsentLinkIssuedSchema,
  ConsentRequested: ConsentRequestedSchema,
  ConsentRequestCancelled: ConsentRequestCancelledSchema,
  ConsentRequestAccepted: ConsentRequestAcceptedSchema,
  ConsentAccepted: ConsentAcceptedSchema,
  DapRemoved: DapRemovedSchema,
  OemRevocationRequested: OemRevocationRequestedSchema,
  OemRevocationCompleted: OemRevocationCompletedSchema,
  OemRevocationRejected: OemRevocationRejectedSchema,
});

/**
 * The names of every ledger event type: the read side subscribes to `$all` with a server-side
 * filter on exactly these, so nothing else written to the store (system events, other apps) reaches it.
 */
export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = Object.freeze(
  Object.keys(LEDGER_EVENT_SCHEMAS) as LedgerEventType[],
);

export const isLedgerEventType = (type: string): type is LedgerEventType =>
  Object.prototype.hasOwnProperty.call(LEDGER_EVENT_SCHEMAS, type);
