import type { LedgerEvent } from './events/ledger-event.js';

/**
 * Stream names. A relationship's whole history (acceptances, DAP, OEM revocations, consent again)
 * is one stream, keyed by partner and customer tenant, so one expected revision guards every rule
 * about it. `_` separates the two keys, which is why partner ids may not contain it.
 */
export const partnerStream = (partnerId: string): string => `partner-${partnerId}`;

export const consentRequestStream = (requestId: string): string => `consent-request-${requestId}`;

export const relationshipStream = (partnerId: string, customerTenantId: string): string =>
  `relationship-${partnerId}_${customerTenantId}`;

/** Letters, digits, `.` and `-`, at most 64: safe in a stream name and in a URL path. */
const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

export const isValidPartnerId = (partnerId: string): boolean => PARTNER_ID.test(partnerId);

/** The stream an event belongs to, from its own data: how a handler or a test routes a mixed history. */
export const streamOf = (event: LedgerEvent): string => {
  switch (event.type) {
    case 'PartnerEnrolled':
    case 'OemDirectApiEligibilityChanged':
    case 'OemConsentLinkRequested':
    case 'OemConsentLinkIssued':
      return partnerStream(event.data.partnerId);
    case 'ConsentRequested':
    case 'ConsentRequestCancelled':
    case 'ConsentRequestAccepted':
      return consentRequestStream(event.data.requestId);
    case 'ConsentAccepted':
    case 'DapRemoved':
    case 'OemRevocationRequested':
    case 'OemRevocationCompleted':
    case 'OemRevocationRejected':
      return relationshipStream(event.data.partnerId, event.data.customerTenantId);
  }
};
