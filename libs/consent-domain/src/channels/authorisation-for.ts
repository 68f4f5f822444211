import type { EnrolledPartner } from '../partner/partner.js';
import type { EstablishedRelationship, Relationship } from '../relationship/relationship.js';
import { type AuthorisationBasis, type Channel, channelRuleFor } from './channel-rules.js';

/** Why a partner is or is not authorised, as a code a client can branch on. */
export type AuthorisationReason =
  | 'AUTHORISED'
  | 'NOT_ENROLLED'
  | 'NO_CONSENT'
  | 'CONSENT_REQUEST_PENDING'
  | 'OEM_REVOCATION_COMPLETED'
  | 'OEM_NOT_ELIGIBLE'
  | 'CHANNEL_NOT_ALLOWED';

/** What the answer needs to know about the partner: its enrolment (undefined when not enrolled). */
export type PartnerStanding = Pick<EnrolledPartner, 'kind' | 'oemDirectApiEligible'>;

export interface AuthorisationQuery {
  readonly partnerId: string;
  readonly customerTenantId: string;
  /** The partner's enrolment; undefined when it is not enrolled. */
  readonly partner: PartnerStanding | undefined;
  /** The partner's own relationship with the customer (CSP_DIRECT, CSP_INDIRECT_RESELLER, OEM). */
  readonly relationship?: Relationship;
  /** For a CSP_INDIRECT_PROVIDER: the relationships its resellers have with the customer. */
  readonly viaResellers?: readonly { readonly resellerId: string; readonly relationship: Relationship }[];
  /** Whether a consent request of this partner to this customer is still pending (a clearer refusal). */
  readonly consentRequestPending?: boolean;
  /** The channel the partner means to register devices through, when it says. */
  readonly channel?: Channel;
}

export interface Authorisation {
  readonly authorised: boolean;
  readonly reasonCode: AuthorisationReason;
  /** A sentence a partner's engineer can act on. */
  readonly reason: string;
  readonly basis?: AuthorisationBasis;
  /** The channels the partner may use for this customer; empty when it has no consent to rest on. */
  readonly channels: readonly Channel[];
  /** For VIA_RESELLER: the reseller whose consent authorises the provider. */
  readonly viaResellerId?: string;
  /** When the consent the authorisation rests on was given. */
  readonly since?: string;
  readonly delegatedAdmin: boolean;
  /** An OEM revocation is pending: still authorised until support completes it. */
  readonly revocationPending: boolean;
}

const refused = (reasonCode: AuthorisationReason, reason: string, basis?: AuthorisationBasis): Authorisation => ({
  authorised: false,
  reasonCode,
  reason,
  ...(basis === undefined ? {} : { basis }),
  channels: [],
  delegatedAdmin: false,
  revocationPending: false,
});

/** The active consents of an indirect provider's resellers, earliest first: its authorisation rests on the first. */
const resellerConsents = (
  query: AuthorisationQuery,
): { resellerId: string; relationship: EstablishedRelationship }[] =>
  (query.viaResellers ?? [])
    .flatMap(({ resellerId, relationship }) =>
      relationship.status === 'active' && relationship.indirectProviderId === query.partnerId
        ? [{ resellerId, relationship }]
        : [],
    )
    .sort((a, b) => a.relationship.acceptedAt.localeCompare(b.relationship.acceptedAt));

/**
 * The resellers through which an indirect provider holds delegated admin rights for the customer: those whose
 * active relationship holds DAP (the provider gets the DAP its reseller is granted).
 */
export const delegatedAdminResellers = (query: AuthorisationQuery): string[] =>
  resellerConsents(query)
    .filter(({ relationship }) => relationship.delegatedAdmin)
    .map(({ resellerId }) => resellerId);

/**
 * domain.md, "Who may register devices, through which channel", as one pure function: the answer of
 * "Validate device submission data" and of the registration-authorisations read model. Removing DAP
 * never changes it; a pending OEM revocation leaves the OEM authorised, flagged.
 */
export const authorisationFor = (query: AuthorisationQuery): Authorisation => {
  const { partner, partnerId, customerTenantId, channel } = query;
  if (partner === undefined) {
    return refused('NOT_ENROLLED', `partner ${partnerId} is not enrolled; ask support to enrol it`);
  }
  const rule = channelRuleFor(partner.kind);
  if (partner.kind === 'OEM' && !partner.oemDirectApiEligible) {
    const { relationship } = query;
    return {
      ...refused(
        'OEM_NOT_ELIGIBLE',
        `OEM ${partnerId} is not eligible for the OEM Direct API, the only channel through which an OEM registers devices`,
        rule.basis,
      ),
      // The customer's revocation request still waits in support's queue: the row says so, as the queue does.
      revocationPending: relationship?.status === 'active' && relationship.pendingOemRevocation !== undefined,
    };
  }

  let consent: EstablishedRelationship | undefined;
  let viaResellerId: string | undefined;
  if (partner.kind === 'CSP_INDIRECT_PROVIDER') {
    const found = resellerConsents(query)[0];
    consent = found?.relationship;
    viaResellerId = found?.resellerId;
    if (consent === undefined) {
      return refused(
        'NO_CONSENT',
        `no reseller of indirect provider ${partnerId} has a consent from tenant ${customerTenantId}; an indirect provider is authorised only through one of its resellers' accepted requests`,
        rule.basis,
      );
    }
  } else {
    const { relationship } = query;
    if (relationship?.status === 'revoked') {
      return refused(
        'OEM_REVOCATION_COMPLETED',
        `support completed tenant ${customerTenantId}'s revocation of OEM ${partnerId} on ${relationship.revokedAt}; the customer must accept the OEM's link again`,
        rule.basis,
      );
    }
    if (relationship?.status !== 'active') {
      return query.consentRequestPending === true
        ? refused(
            'CONSENT_REQUEST_PENDING',
            `tenant ${customerTenantId} has not accepted partner ${partnerId}'s consent request yet`,
            rule.basis,
          )
        : refused('NO_CONSENT', `tenant ${customerTenantId} has not consented to partner ${partnerId}`, rule.basis);
    }
    consent = relationship;
  }

  const standing = {
    basis: rule.basis,
    channels: rule.channels,
    ...(viaResellerId === undefined ? {} : { viaResellerId }),
    since: consent.acceptedAt,
    // For VIA_RESELLER, the DAP its resellers' relationships hold: any of them grants it to the provider.
    delegatedAdmin: partner.kind === 'CSP_INDIRECT_PROVIDER' ? delegatedAdminResellers(query).length > 0 : consent.delegatedAdmin,
    revocationPending: consent.pendingOemRevocation !== undefined,
  };
  if (channel !== undefined && !rule.channels.includes(channel)) {
    return {
      ...standing,
      authorised: false,
      reasonCode: 'CHANNEL_NOT_ALLOWED',
      reason: `a ${partner.kind} may register devices only through ${rule.channels.join(' or ')}, not ${channel}`,
    };
  }
  return {
    ...standing,
    authorised: true,
    reasonCode: 'AUTHORISED',
    reason: standing.revocationPending
      ? `authorised by tenant ${customerTenantId}; a revocation is pending with support`
      : `authorised by tenant ${customerTenantId}`,
  };
};
