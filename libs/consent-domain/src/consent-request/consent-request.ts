import type { ConsentRequestEvent } from '../events/ledger-event.js';
import type { Acceptor } from '../events/consent-accepted.js';
import type { PartnerKind } from '../partner-kind.js';

export interface NoConsentRequest {
  readonly status: 'none';
}

export interface RecordedConsentRequest {
  /** As recorded; `expired` is never recorded: see `consentRequestStatus`. */
  readonly status: 'pending' | 'accepted' | 'cancelled';
  readonly requestId: string;
  readonly partnerId: string;
  readonly partnerKind: PartnerKind;
  readonly indirectProviderId?: string;
  /** The named tenant, or, once accepted, the tenant that became the customer. */
  readonly customerTenantId?: string;
  /** Whether the partner named the tenant (only it may accept) or left the link open to any tenant. */
  readonly boundToTenant: boolean;
  readonly delegatedAdminRequested: boolean;
  readonly adminRoles: readonly string[];
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly acceptedBy?: Acceptor;
  readonly acceptedAt?: string;
  readonly cancelledAt?: string;
}

/** The consent request aggregate (stream `consent-request-<requestId>`): a CSP's single-use link. */
export type ConsentRequest = NoConsentRequest | RecordedConsentRequest;

export const initialConsentRequest = (): ConsentRequest => ({ status: 'none' });

export const evolveConsentRequest = (state: ConsentRequest, event: ConsentRequestEvent): ConsentRequest => {
  if (event.type === 'ConsentRequested') {
    const { requestId, partnerId, partnerKind, indirectProviderId, customerTenantId } = event.data;
    return {
      status: 'pending',
      requestId,
      partnerId,
      partnerKind,
      ...(indirectProviderId === undefined ? {} : { indirectProviderId }),
      ...(customerTenantId === undefined ? {} : { customerTenantId }),
      boundToTenant: customerTenantId !== undefined,
      delegatedAdminRequested: event.data.delegatedAdminRequested,
      adminRoles: event.data.adminRoles,
      requestedAt: event.data.requestedAt,
      expiresAt: event.data.expiresAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ConsentRequestCancelled':
      return { ...state, status: 'cancelled', cancelledAt: event.data.cancelledAt };
    case 'ConsentRequestAccepted':
      return {
        ...state,
        status: 'accepted',
        customerTenantId: event.data.customerTenantId,
        acceptedBy: event.data.acceptedBy,
        acceptedAt: event.data.acceptedAt,
      };
  }
};

/** The status the API shows (`GET /v1/consent-requests/{id}`). */
export type ConsentRequestStatus = 'pending' | 'accepted' | 'expired' | 'cancelled';

/**
 * A request's status at `now`. Expiry is derived from time: a pending request whose `expiresAt` has
 * passed is expired, whether or not anyone looked. Read models call this at query time.
 */
export const consentRequestStatus = (request: RecordedConsentRequest, now: Date): ConsentRequestStatus =>
  request.status === 'pending' && now.getTime() >= Date.parse(request.expiresAt) ? 'expired' : request.status;
