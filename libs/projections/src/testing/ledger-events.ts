import {
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  type ActorRef,
  type ConsentAccepted,
  type ConsentRequestAccepted,
  type ConsentRequestCancelled,
  type ConsentRequested,
  type DapRemoved,
  type OemConsentLinkIssued,
  type OemConsentLinkRequested,
  type OemDirectApiEligibilityChanged,
  type OemRevocationCompleted,
  type OemRevocationRejected,
  type OemRevocationRequested,
  type PartnerEnrolled,
  type PartnerKind,
} from '@ledger/consent-domain';

// Ledger events as the write side records them, for specs, end-to-end tests and the benchmark's generator.

export const AT = '2026-03-01T10:00:00.000Z';
export const SUPPORT: ActorRef = { sub: 'support-alice', tenantId: '99999999-9999-4999-8999-999999999999', signInName: 'alice@operator.example' };
export const GLOBAL_ADMIN_WIDS = [GLOBAL_ADMINISTRATOR_ROLE_ID];

export const adminOf = (tenantId: string): ActorRef => ({ sub: `ga-${tenantId.slice(0, 8)}`, tenantId, signInName: `admin@${tenantId.slice(0, 8)}.onmicrosoft.com` });

export const partnerEnrolled = (
  partnerId: string,
  kind: PartnerKind,
  extra: { oemDirectApiEligible?: boolean; indirectProviderId?: string; name?: string } = {},
): PartnerEnrolled => ({
  type: 'PartnerEnrolled',
  data: {
    schemaVersion: 1,
    partnerId,
    name: extra.name ?? `${partnerId} Ltd`,
    kind,
    oemDirectApiEligible: extra.oemDirectApiEligible ?? kind === 'OEM',
    ...(extra.indirectProviderId === undefined ? {} : { indirectProviderId: extra.indirectProviderId }),
    enrolledAt: '2026-01-05T08:00:00.000Z',
  },
});

export const eligibilityChanged = (partnerId: string, oemDirectApiEligible: boolean): OemDirectApiEligibilityChanged => ({
  type: 'OemDirectApiEligibilityChanged',
  data: { schemaVersion: 1, partnerId, oemDirectApiEligible, changedAt: AT },
});

export const consentRequested = (
  requestId: string,
  partnerId: string,
  extra: Partial<Pick<ConsentRequested['data'], 'customerTenantId' | 'delegatedAdminRequested' | 'partnerKind' | 'indirectProviderId' | 'expiresAt' | 'requestedAt'>> = {},
): ConsentRequested => ({
  type: 'ConsentRequested',
  data: {
    schemaVersion: 1,
    requestId,
    partnerId,
    partnerKind: 'CSP_DIRECT',
    delegatedAdminRequested: false,
    adminRoles: [],
    requestedBy: { sub: `app-${partnerId}`, tenantId: SUPPORT.tenantId },
    requestedAt: '2026-03-01T09:00:00.000Z',
    expiresAt: '2099-03-31T09:00:00.000Z',
    ...extra,
  },
});

export const requestCancelled = (requestId: string, partnerId: string): ConsentRequestCancelled => ({
  type: 'ConsentRequestCancelled',
  data: { schemaVersion: 1, requestId, partnerId, cancelledBy: { sub: `app-${partnerId}`, tenantId: SUPPORT.tenantId }, cancelledAt: AT },
});

const acceptor = (tenantId: string) => ({ ...adminOf(tenantId), globalAdministrator: true as const, cloudNative: true });

export const requestAccepted = (requestId: string, partnerId: string, tenantId: string): ConsentRequestAccepted => ({
  type: 'ConsentRequestAccepted',
  data: { schemaVersion: 1, requestId, partnerId, customerTenantId: tenantId, acceptedBy: acceptor(tenantId), acceptedAt: AT },
});

export const cspConsentAccepted = (
  requestId: string,
  partnerId: string,
  tenantId: string,
  extra: { partnerKind?: PartnerKind; indirectProviderId?: string; delegatedAdminGranted?: boolean; acceptedAt?: string } = {},
): ConsentAccepted => ({
  type: 'ConsentAccepted',
  data: {
    schemaVersion: 1,
    partnerId,
    partnerKind: extra.partnerKind ?? 'CSP_DIRECT',
    ...(extra.indirectProviderId === undefined ? {} : { indirectProviderId: extra.indirectProviderId }),
    customerTenantId: tenantId,
    link: { kind: 'CSP_CONSENT_REQUEST', requestId },
    acceptedBy: acceptor(tenantId),
    delegatedAdminGranted: extra.delegatedAdminGranted ?? false,
    adminRoles: extra.delegatedAdminGranted === true ? ['Helpdesk Administrator'] : [],
    acceptedAt: extra.acceptedAt ?? AT,
  },
});

export const oemConsentAccepted = (partnerId: string, linkId: string, tenantId: string, acceptedAt = AT): ConsentAccepted => ({
  type: 'ConsentAccepted',
  data: {
    schemaVersion: 1,
    partnerId,
    partnerKind: 'OEM',
    customerTenantId: tenantId,
    link: { kind: 'OEM_CONSENT_LINK', linkId },
    acceptedBy: acceptor(tenantId),
    delegatedAdminGranted: false,
    adminRoles: [],
    acceptedAt,
  },
});

export const dapRemoved = (partnerId: string, tenantId: string): DapRemoved => ({
  type: 'DapRemoved',
  data: { schemaVersion: 1, partnerId, customerTenantId: tenantId, removedBy: adminOf(tenantId), removedAt: AT },
});

export const revocationRequested = (id: string, partnerId: string, tenantId: string, requestedAt = AT): OemRevocationRequested => ({
  type: 'OemRevocationRequested',
  data: { schemaVersion: 1, revocationRequestId: id, partnerId, customerTenantId: tenantId, reason: 'we no longer buy from them', requestedBy: adminOf(tenantId), requestedAt },
});

export const revocationCompleted = (id: string, partnerId: string, tenantId: string): OemRevocationCompleted => ({
  type: 'OemRevocationCompleted',
  data: { schemaVersion: 1, revocationRequestId: id, partnerId, customerTenantId: tenantId, completedBy: SUPPORT, completedAt: '2026-03-02T10:00:00.000Z' },
});

export const revocationRejected = (id: string, partnerId: string, tenantId: string): OemRevocationRejected => ({
  type: 'OemRevocationRejected',
  data: { schemaVersion: 1, revocationRequestId: id, partnerId, customerTenantId: tenantId, reason: 'devices still under contract', rejectedBy: SUPPORT, rejectedAt: '2026-03-02T10:00:00.000Z' },
});

export const oemLinkRequested = (partnerId: string, requestedAt = AT): OemConsentLinkRequested => ({
  type: 'OemConsentLinkRequested',
  data: { schemaVersion: 1, partnerId, requestedBy: { sub: `app-${partnerId}`, tenantId: SUPPORT.tenantId }, requestedAt },
});

export const oemLinkIssued = (partnerId: string, linkId: string): OemConsentLinkIssued => ({
  type: 'OemConsentLinkIssued',
  data: { schemaVersion: 1, partnerId, linkId, answersRequest: true, issuedBy: SUPPORT, issuedAt: AT },
});
