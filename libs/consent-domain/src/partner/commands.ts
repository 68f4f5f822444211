import type { Actor } from '../identity/actor.js';
import type { PartnerKind } from '../partner-kind.js';
import type { Partner } from './partner.js';

/** Support enrols a partner. */
export interface EnrolPartner {
  readonly type: 'EnrolPartner';
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  /** Only for an OEM; defaults to false. */
  readonly oemDirectApiEligible?: boolean;
  /** Required for a `CSP_INDIRECT_RESELLER`, refused for any other kind. */
  readonly indirectProviderId?: string;
}

/** Support grants or withdraws an OEM's OEM Direct API eligibility. */
export interface ChangeOemDirectApiEligibility {
  readonly type: 'ChangeOemDirectApiEligibility';
  readonly partnerId: string;
  readonly oemDirectApiEligible: boolean;
}

/** An OEM asks support for its unique consent link. */
export interface RequestOemConsentLink {
  readonly type: 'RequestOemConsentLink';
  readonly partnerId: string;
  readonly requestedBy: Actor;
}

/** Support issues an OEM its unique consent link, or replaces the current one. */
export interface IssueOemConsentLink {
  readonly type: 'IssueOemConsentLink';
  readonly partnerId: string;
  /** The new link's id: random, chosen by the service (deciders draw no random numbers). */
  readonly linkId: string;
  readonly issuedBy: Actor;
}

export type PartnerCommand = EnrolPartner | ChangeOemDirectApiEligibility | RequestOemConsentLink | IssueOemConsentLink;

/**
 * What the partner decider decides on: the partner's own stream and, to enrol a reseller, its
 * indirect provider's stream.
 */
export interface PartnerInputs {
  readonly partner: Partner;
  readonly indirectProvider?: Partner;
}
