/**
 * The bodies of the API answers the pages show, as the HTTP contract (../shared/api.md) defines them. The pages
 * read the contract, not the features' classes, so a page breaks only when the contract does.
 */

export interface ConsentLinkShown {
  readonly linkKind: 'CSP_CONSENT_REQUEST' | 'OEM_CONSENT_LINK';
  readonly partner: { readonly partnerId: string; readonly name: string; readonly kind: string };
  /** An indirect reseller's link: its indirect provider, authorised at the same moment. */
  readonly indirectProvider?: { readonly partnerId: string; readonly name: string; readonly kind: string };
  readonly status: string;
  readonly delegatedAdminRequested: boolean;
  readonly adminRoles: readonly string[];
  readonly expiresAt?: string;
  readonly customerTenantId?: string;
  readonly requiresCloudNativeAccount: boolean;
}

export interface ConsentAcceptedAnswer {
  readonly partnerId: string;
  readonly partnerKind: string;
  readonly indirectProviderId?: string;
  readonly customerTenantId: string;
  readonly delegatedAdminGranted: boolean;
  readonly adminRoles: readonly string[];
  readonly acceptedAt: string;
}

export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor?: string | null;
}

export interface CustomerPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: string;
  readonly acceptedAt: string;
  readonly delegatedAdmin: boolean;
  readonly authorised?: boolean;
  /** For an indirect provider: the reseller through which it is authorised (its DAP is that reseller's). */
  readonly viaResellerId?: string;
  /** For an indirect provider holding DAP: the resellers whose delegated admin rights it holds. */
  readonly delegatedAdminViaResellerIds?: readonly string[];
  readonly oemRevocation?: { readonly status: string; readonly requestedAt: string; readonly handledAt?: string; readonly rejectionReason?: string };
}

export interface ActorRef {
  readonly sub: string;
  readonly tenantId: string;
  readonly signInName?: string;
}

export interface OemRevocationRequest {
  readonly revocationRequestId: string;
  readonly partnerId: string;
  readonly partnerName?: string;
  readonly customerTenantId: string;
  readonly reason: string;
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
  readonly ageSeconds: number;
}

export interface OemConsentLinkRequest {
  readonly partnerId: string;
  readonly partnerName: string;
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
  readonly ageSeconds: number;
}

export interface RegistrationAuthorisation {
  readonly customerTenantId: string;
  readonly authorised: boolean;
  readonly basis: string;
  readonly viaResellerId?: string;
  readonly channels: readonly string[];
  readonly since: string;
  readonly delegatedAdmin: boolean;
  readonly revocationPending: boolean;
}

/** One event of a customer's timeline (`GET /v1/audit/customers/{tenantId}/timeline`), the fields the page shows. */
export interface TimelineEvent {
  readonly type: string;
  readonly recordedAt: string;
  readonly position: string;
  /** A sentence a person can read: who did what. */
  readonly summary?: string;
  readonly actor?: { readonly sub: string; readonly tid: string };
  /** The event's data, from which the page says the sentence in its own language. */
  readonly data?: Readonly<Record<string, unknown>>;
}
