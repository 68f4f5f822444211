import type { ConsentAccepted } from './consent-accepted.js';
import type { ConsentRequestAccepted } from './consent-request-accepted.js';
import type { ConsentRequestCancelled } from './consent-request-cancelled.js';
import type { ConsentRequested } from './consent-requested.js';
import type { DapRemoved } from './dap-removed.js';
import type { OemConsentLinkIssued } from './oem-consent-link-issued.js';
import type { OemConsentLinkRequested } from './oem-consent-link-requested.js';
import type { OemDirectApiEligibilityChanged } from './oem-direct-api-eligibility-changed.js';
import type { OemRevocationCompleted } from './oem-revocation-completed.js';
import type { OemRevocationRejected } from './oem-revocation-rejected.js';
import type { OemRevocationRequested } from './oem-revocation-requested.js';
import type { PartnerEnrolled } from './partner-enrolled.js';

/** Events of the partner aggregate (stream `partner-<partnerId>`). */
export type PartnerEvent =
  | PartnerEnrolled
  | OemDirectApiEligibilityChanged
  | OemConsentLinkRequested
  | OemConsentLinkIssued;

/** Events of the consent request aggregate (stream `consent-request-<requestId>`). */
export type ConsentRequestEvent = ConsentRequested | ConsentRequestCancelled | ConsentRequestAccepted;

/** Events of the partner–customer relationship (stream `relationship-<partnerId>_<customerTenantId>`). */
export type RelationshipEvent =
  | ConsentAccepted
  | DapRemoved
  | OemRevocationRequested
  | OemRevocationCompleted
  | OemRevocationRejected;

/** Every event the ledger records. */
export type LedgerEvent = PartnerEvent | ConsentRequestEvent | RelationshipEvent;

export type LedgerEventType = LedgerEvent['type'];
