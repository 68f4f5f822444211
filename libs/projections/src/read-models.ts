import type {
  ActorRef,
  AuthorisationBasis,
  AuthorisationReason,
  Channel,
  PartnerKind,
  RecordedConsentRequest,
} from '@ledger/consent-domain';

/** One customer in a partner's customer list (domain.md, seed step 5: the CSP finds its customer there). */
export interface CustomerListEntry {
  readonly customerTenantId: string;
  readonly acceptedAt: string;
  readonly delegatedAdmin: boolean;
  /** For an indirect provider: the reseller through whose consent this customer is listed. */
  readonly viaResellerId?: string;
}

/** Whether a partner may register devices for one customer, per domain.md's table (from `authorisationFor`). */
export interface RegistrationAuthorisationEntry {
  readonly customerTenantId: string;
  readonly authorised: boolean;
  readonly reasonCode: AuthorisationReason;
  readonly reason: string;
  readonly basis?: AuthorisationBasis;
  readonly viaResellerId?: string;
  readonly channels: readonly Channel[];
  readonly since?: string;
  readonly delegatedAdmin: boolean;
  readonly revocationPending: boolean;
}

export type OemRevocationStatus = 'pending' | 'completed' | 'rejected';

/** One OEM revocation request, as support's queue shows it. */
export interface OemRevocationEntry {
  readonly revocationRequestId: string;
  readonly status: OemRevocationStatus;
  readonly partnerId: string;
  readonly partnerName?: string;
  readonly customerTenantId: string;
  /** The customer's words. */
  readonly reason: string;
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
  /** `$all` position of the request: the queue's tie-breaker, and where a handler waits for it. */
  readonly requestedAtPosition: string;
  readonly handledAt?: string;
  readonly handledBy?: ActorRef;
  /** Support's reason when it rejected the request. */
  readonly rejectionReason?: string;
}

/** The state of the latest OEM revocation between a customer and an OEM, as the customer sees it. */
export interface OemRevocationSummary {
  readonly revocationRequestId: string;
  readonly status: OemRevocationStatus;
  readonly requestedAt: string;
  readonly handledAt?: string;
  readonly rejectionReason?: string;
}

/** An OEM waiting for support to issue its unique consent link (or whose request was answered). */
export interface OemConsentLinkRequestEntry {
  readonly partnerId: string;
  readonly partnerName: string;
  readonly status: 'pending' | 'issued';
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
  readonly issuedAt?: string;
}

/** One partner of a customer, for the customer's administrator. */
export interface CustomerPartnerEntry {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly acceptedAt: string;
  readonly delegatedAdmin: boolean;
  /** Whether the partner may register devices for this customer now. */
  readonly authorised: boolean;
  /** For an indirect provider: the customer's reseller through which it is authorised. */
  readonly viaResellerId?: string;
  /** For an indirect provider holding DAP: the resellers whose delegated admin rights it holds (removed there). */
  readonly delegatedAdminViaResellerIds?: readonly string[];
  readonly oemRevocation?: OemRevocationSummary;
}

/** A CSP consent request as recorded; its status at a given moment comes from `consentRequestStatus`. */
export type ConsentRequestEntry = RecordedConsentRequest;

/** A partner's enrolment, as the folds need it. */
export interface PartnerEntry {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly oemDirectApiEligible: boolean;
  readonly indirectProviderId?: string;
  readonly enrolledAt: string;
}
