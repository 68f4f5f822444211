import type { Actor } from '../identity/actor.js';
import type { Partner } from '../partner/partner.js';
import type { ConsentRequest } from './consent-request.js';

/** 30 days: the default life of a CSP consent link (`CONSENT_LINK_TTL` overrides it at the edge). */
export const DEFAULT_CONSENT_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;

/** A CSP asks a customer for consent: `POST /v1/consent-requests`. */
export interface RequestConsent {
  readonly type: 'RequestConsent';
  /** The new request's id: random, chosen by the service. */
  readonly requestId: string;
  readonly partnerId: string;
  /** Only this tenant may accept; absent: the accepting Global Administrator's tenant becomes the customer. */
  readonly customerTenantId?: string;
  /** Defaults to false: DAP is asked for only when the partner says so. */
  readonly delegatedAdminRequested?: boolean;
  readonly adminRoles?: readonly string[];
  /** How long the link lives; defaults to `DEFAULT_CONSENT_LINK_TTL_SECONDS`. */
  readonly linkTtlSeconds?: number;
  readonly requestedBy: Actor;
}

/** The partner cancels its pending request: `POST /v1/consent-requests/{id}/cancel`. */
export interface CancelConsentRequest {
  readonly type: 'CancelConsentRequest';
  readonly requestId: string;
  /** The partner the caller acts for (`partner_id`): only the request's own partner may cancel it. */
  readonly partnerId: string;
  readonly cancelledBy: Actor;
}

/**
 * A customer administrator uses a CSP link: the first half of `AcceptConsent` for a CSP link.
 * It claims the single-use link on the request's stream; `RecordCspConsent` then records the consent
 * on the relationship's stream.
 */
export interface AcceptConsentRequest {
  readonly type: 'AcceptConsentRequest';
  readonly requestId: string;
  readonly acceptedBy: Actor;
}

export type ConsentRequestCommand = RequestConsent | CancelConsentRequest | AcceptConsentRequest;

/** What the consent request decider decides on: the request's stream and, to create one, the partner's. */
export interface ConsentRequestInputs {
  readonly request: ConsentRequest;
  readonly partner?: Partner;
}
