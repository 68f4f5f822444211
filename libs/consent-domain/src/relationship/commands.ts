import type { ConsentRequest } from '../consent-request/consent-request.js';
import type { Actor } from '../identity/actor.js';
import type { Partner } from '../partner/partner.js';
import type { Relationship } from './relationship.js';

/**
 * The second half of `AcceptConsent` for a CSP link: records on the relationship the consent that
 * `AcceptConsentRequest` claimed on the request. Safe to send again: a request already recorded
 * records nothing, so a handler can finish an acceptance interrupted between the two appends.
 */
export interface RecordCspConsent {
  readonly type: 'RecordCspConsent';
  readonly requestId: string;
  readonly partnerId: string;
  /** The tenant the accepted request names (`ConsentRequestAccepted.customerTenantId`). */
  readonly customerTenantId: string;
}

/** `AcceptConsent` for an OEM's unique link: the caller's tenant consents. */
export interface AcceptOemConsent {
  readonly type: 'AcceptOemConsent';
  readonly partnerId: string;
  /** The link id the signed token carried. */
  readonly linkId: string;
  readonly acceptedBy: Actor;
}

/** The customer removes a CSP's delegated admin rights. */
export interface RemoveDap {
  readonly type: 'RemoveDap';
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly removedBy: Actor;
}

/** The customer asks support to revoke an OEM. */
export interface RequestOemRevocation {
  readonly type: 'RequestOemRevocation';
  /** The new revocation request's id: random, chosen by the service. */
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly reason: string;
  readonly requestedBy: Actor;
}

/** Support completes a pending OEM revocation: the OEM loses authorisation. */
export interface CompleteOemRevocation {
  readonly type: 'CompleteOemRevocation';
  readonly revocationRequestId: string;
  /** The relationship the revocation is about (the handler finds it from the revocation queue). */
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly completedBy: Actor;
}

/** Support rejects a pending OEM revocation, saying why. */
export interface RejectOemRevocation {
  readonly type: 'RejectOemRevocation';
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly reason: string;
  readonly rejectedBy: Actor;
}

export type RelationshipCommand =
  | RecordCspConsent
  | AcceptOemConsent
  | RemoveDap
  | RequestOemRevocation
  | CompleteOemRevocation
  | RejectOemRevocation;

/**
 * What the relationship decider decides on: the relationship's stream, plus the partner's (OEM link,
 * partner kind) or the consent request's (a claimed CSP link) when the command needs them.
 */
export interface RelationshipInputs {
  readonly relationship: Relationship;
  readonly partner?: Partner;
  readonly request?: ConsentRequest;
}
