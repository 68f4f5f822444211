import type { ConsentAccepted } from '../events/consent-accepted.js';
import type { ConsentRequestAccepted } from '../events/consent-request-accepted.js';
import type { ConsentRequested } from '../events/consent-requested.js';
import type { OemConsentLinkIssued } from '../events/oem-consent-link-issued.js';
import type { OemRevocationRequested } from '../events/oem-revocation-requested.js';
import type { PartnerEnrolled } from '../events/partner-enrolled.js';
import { type Actor, type ActorRef, GLOBAL_ADMINISTRATOR_ROLE_ID } from '../identity/actor.js';
import type { PartnerKind } from '../partner-kind.js';

// Spec fixtures: the people and the facts the specifications talk about.

export const CONTOSO = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM = '22222222-2222-4222-8222-222222222222';
export const SUPPORT_TENANT = '99999999-9999-4999-8999-999999999999';

export const support: Actor = { sub: 'support-alice', tid: SUPPORT_TENANT, roles: ['support'], upn: 'alice@operator.example' };

export const partnerApp = (partnerId: string): Actor => ({
  sub: `app-${partnerId}`,
  tid: SUPPORT_TENANT,
  roles: ['partner'],
  partner_id: partnerId,
});

/** A Global Administrator of `tid`, signed in with `upn` (cloud-native by default). */
export const globalAdmin = (tid: string, upn = `admin@${tid.slice(0, 8)}.onmicrosoft.com`): Actor => ({
  sub: `ga-${tid.slice(0, 8)}`,
  tid,
  wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
  upn,
});

/** A user of `tid` without the Global Administrator role. */
export const ordinaryUser = (tid: string): Actor => ({
  sub: `user-${tid.slice(0, 8)}`,
  tid,
  wids: ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c'], // SharePoint Administrator
  upn: `user@${tid.slice(0, 8)}.onmicrosoft.com`,
});

export const refOf = (actor: Actor): ActorRef => ({
  sub: actor.sub,
  tenantId: actor.tid,
  ...(actor.upn === undefined ? {} : { signInName: actor.upn }),
});

export const enrolled = (
  partnerId: string,
  kind: PartnerKind,
  extra: { oemDirectApiEligible?: boolean; indirectProviderId?: string } = {},
): PartnerEnrolled => ({
  type: 'PartnerEnrolled',
  data: {
    schemaVersion: 1,
    partnerId,
    name: `${partnerId} Ltd`,
    kind,
    oemDirectApiEligible: extra.oemDirectApiEligible ?? false,
    ...(extra.indirectProviderId === undefined ? {} : { indirectProviderId: extra.indirectProviderId }),
    enrolledAt: '2026-01-05T08:00:00.000Z',
  },
});

export const linkIssued = (partnerId: string, linkId: string, replacesLinkId?: string): OemConsentLinkIssued => ({
  type: 'OemConsentLinkIssued',
  data: {
    schemaVersion: 1,
    partnerId,
    linkId,
    ...(replacesLinkId === undefined ? {} : { replacesLinkId }),
    answersRequest: false,
    issuedBy: refOf(support),
    issuedAt: '2026-01-06T08:00:00.000Z',
  },
});

export const consentRequested = (
  requestId: string,
  partnerId: string,
  extra: Partial<Pick<ConsentRequested['data'], 'customerTenantId' | 'delegatedAdminRequested' | 'adminRoles' | 'partnerKind' | 'indirectProviderId' | 'expiresAt'>> = {},
): ConsentRequested => ({
  type: 'ConsentRequested',
  data: {
    schemaVersion: 1,
    requestId,
    partnerId,
    partnerKind: 'CSP_DIRECT',
    delegatedAdminRequested: false,
    adminRoles: [],
    requestedBy: refOf(partnerApp(partnerId)),
    requestedAt: '2026-03-01T09:00:00.000Z',
    expiresAt: '2026-03-31T09:00:00.000Z',
    ...extra,
  },
});

export const requestAccepted = (requestId: string, partnerId: string, by: Actor): ConsentRequestAccepted => ({
  type: 'ConsentRequestAccepted',
  data: {
    schemaVersion: 1,
    requestId,
    partnerId,
    customerTenantId: by.tid,
    acceptedBy: acceptorFor(by),
    acceptedAt: '2026-03-01T10:00:00.000Z',
  },
});

export const acceptorFor = (by: Actor): ConsentAccepted['data']['acceptedBy'] => ({
  sub: by.sub,
  ...(by.upn === undefined ? {} : { signInName: by.upn }),
  tenantId: by.tid,
  globalAdministrator: true,
  cloudNative: by.upn?.endsWith('.onmicrosoft.com') ?? false,
});

export const oemConsentAccepted = (partnerId: string, linkId: string, by: Actor, acceptedAt = '2026-02-01T10:00:00.000Z'): ConsentAccepted => ({
  type: 'ConsentAccepted',
  data: {
    schemaVersion: 1,
    partnerId,
    partnerKind: 'OEM',
    customerTenantId: by.tid,
    link: { kind: 'OEM_CONSENT_LINK', linkId },
    acceptedBy: acceptorFor(by),
    delegatedAdminGranted: false,
    adminRoles: [],
    acceptedAt,
  },
});

export const cspConsentAccepted = (
  requestId: string,
  partnerId: string,
  by: Actor,
  extra: Partial<Pick<ConsentAccepted['data'], 'partnerKind' | 'indirectProviderId' | 'delegatedAdminGranted' | 'adminRoles'>> = {},
): ConsentAccepted => ({
  type: 'ConsentAccepted',
  data: {
    schemaVersion: 1,
    partnerId,
    partnerKind: 'CSP_DIRECT',
    customerTenantId: by.tid,
    link: { kind: 'CSP_CONSENT_REQUEST', requestId },
    acceptedBy: acceptorFor(by),
    delegatedAdminGranted: false,
    adminRoles: [],
    acceptedAt: '2026-03-01T10:00:00.000Z',
    ...extra,
  },
});

export const revocationRequested = (revocationRequestId: string, partnerId: string, by: Actor): OemRevocationRequested => ({
  type: 'OemRevocationRequested',
  data: {
    schemaVersion: 1,
    revocationRequestId,
    partnerId,
    customerTenantId: by.tid,
    reason: 'we no longer buy devices from this OEM',
    requestedBy: refOf(by),
    requestedAt: '2026-02-10T10:00:00.000Z',
  },
});
