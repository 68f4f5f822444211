/**
 * Collection names of the read-model store and how their keys are built. The first group holds what
 * the folds need to compute the others; the second is what the queries read.
 */
export const COLLECTIONS = {
  // fold state
  partners: 'partner',
  relationships: 'relationship',
  providerResellers: 'provider-resellers',
  latestOemRevocations: 'latest-oem-revocation',
  // read models
  customerLists: 'customer-list',
  registrationAuthorisations: 'registration-authorisation',
  customerPartners: 'customer-partner',
  oemRevocations: 'oem-revocation',
  oemConsentLinkRequests: 'oem-consent-link-request',
  consentRequests: 'consent-request',
  unfinishedCspAcceptances: 'unfinished-csp-acceptance',
} as const;

/** Partner ids never contain `_` (consent-domain's rule), so it separates the two keys unambiguously. */
export const pairKey = (partnerId: string, customerTenantId: string): string => `${partnerId}_${customerTenantId}`;

/** Fixed width, so that text order is numeric order of `$all` positions. */
export const sortablePosition = (position: bigint): string => position.toString().padStart(20, '0');

/** The partition of consent requests: a partner's requests to one tenant (`*`: not bound to a tenant). */
export const consentRequestPartition = (partnerId: string, customerTenantId: string | undefined): string =>
  `${partnerId}_${customerTenantId ?? '*'}`;
