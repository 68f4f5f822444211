import type { AcceptedLink, Acceptor } from '../events/consent-accepted.js';
import type { RelationshipEvent } from '../events/ledger-event.js';
import type { ActorRef } from '../identity/actor.js';
import type { PartnerKind } from '../partner-kind.js';

export interface NoRelationship {
  readonly status: 'none';
}

export interface PendingOemRevocation {
  readonly revocationRequestId: string;
  readonly reason: string;
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
}

export interface EstablishedRelationship {
  /** `active`: the partner is authorised; `revoked`: support completed an OEM revocation. */
  readonly status: 'active' | 'revoked';
  readonly partnerId: string;
  readonly partnerKind: PartnerKind;
  readonly indirectProviderId?: string;
  readonly customerTenantId: string;
  /**
   * When the current, unbroken authorisation began: the `since` of the authorisation. A CSP consenting
   * again while active (say, to add DAP) does not move it; consent again after a revocation does.
   */
  readonly acceptedAt: string;
  /** Who gave the latest consent, and through which link. */
  readonly acceptedBy: Acceptor;
  readonly acceptedThrough: AcceptedLink;
  /** Delegated admin rights currently held: granted by any consent, until the customer removes them. */
  readonly delegatedAdmin: boolean;
  readonly adminRoles: readonly string[];
  /** Every CSP request accepted into this relationship, so recording one twice records nothing. */
  readonly acceptedCspRequestIds: readonly string[];
  /** An OEM revocation waiting for support; the OEM stays authorised meanwhile. */
  readonly pendingOemRevocation?: PendingOemRevocation;
  /** Revocation requests support has handled, so handling one again is a clear 409. */
  readonly handledOemRevocations: Readonly<Record<string, 'completed' | 'rejected'>>;
  readonly revokedAt?: string;
}

/** The partner–customer relationship (stream `relationship-<partnerId>_<customerTenantId>`). */
export type Relationship = NoRelationship | EstablishedRelationship;

export const initialRelationship = (): Relationship => ({ status: 'none' });

const withoutPendingRevocation = (state: EstablishedRelationship): EstablishedRelationship => {
  const { pendingOemRevocation: _handled, ...rest } = state;
  return rest;
};

export const evolveRelationship = (state: Relationship, event: RelationshipEvent): Relationship => {
  if (event.type === 'ConsentAccepted') {
    const { data } = event;
    // Consent again after a completed revocation starts afresh, keeping only the history later rules
    // need. A further consent while active adds to it: a DAP-less request accepted later does not take
    // away DAP granted before (only the customer removes it).
    const previous = state.status === 'none' ? undefined : state;
    const stillActive = previous?.status === 'active' ? previous : undefined;
    const acceptedCspRequestIds = previous?.acceptedCspRequestIds ?? [];
    const keptDap = stillActive?.delegatedAdmin === true;
    return {
      status: 'active',
      partnerId: data.partnerId,
      partnerKind: data.partnerKind,
      ...(data.indirectProviderId === undefined ? {} : { indirectProviderId: data.indirectProviderId }),
      customerTenantId: data.customerTenantId,
      acceptedAt: stillActive?.acceptedAt ?? data.acceptedAt,
      acceptedBy: data.acceptedBy,
      acceptedThrough: data.link,
      delegatedAdmin: keptDap || data.delegatedAdminGranted,
      adminRoles: keptDap ? [...new Set([...(stillActive?.adminRoles ?? []), ...data.adminRoles])] : data.adminRoles,
      acceptedCspRequestIds:
        data.link.kind === 'CSP_CONSENT_REQUEST' ? [...acceptedCspRequestIds, data.link.requestId] : acceptedCspRequestIds,
      handledOemRevocations: previous?.handledOemRevocations ?? {},
    };
  }
  // Every other relationship event follows an acceptance.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DapRemoved':
      return { ...state, delegatedAdmin: false, adminRoles: [] };
    case 'OemRevocationRequested': {
      const { revocationRequestId, reason, requestedBy, requestedAt } = event.data;
      return { ...state, pendingOemRevocation: { revocationRequestId, reason, requestedBy, requestedAt } };
    }
    case 'OemRevocationCompleted':
      return {
        ...withoutPendingRevocation(state),
        status: 'revoked',
        revokedAt: event.data.completedAt,
        handledOemRevocations: { ...state.handledOemRevocations, [event.data.revocationRequestId]: 'completed' },
      };
    case 'OemRevocationRejected':
      return {
        ...withoutPendingRevocation(state),
        handledOemRevocations: { ...state.handledOemRevocations, [event.data.revocationRequestId]: 'rejected' },
      };
  }
};
