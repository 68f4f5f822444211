import { acceptorFor, CONTOSO, consentRequested, enrolled, FABRIKAM, globalAdmin, ordinaryUser, partnerApp, refOf, requestAccepted } from '../testing/fixtures.js';
import { NOW, specification } from '../testing/given-when-then.js';
import { consentRequestDecider } from './consent-request-decider.js';
import { consentRequestStatus, evolveConsentRequest, initialConsentRequest, type RecordedConsentRequest } from './consent-request.js';

const given = specification(consentRequestDecider);
const at = NOW.toISOString();
const in30Days = '2026-04-01T09:00:00.000Z';
const p1 = partnerApp('P1');
const direct = enrolled('P1', 'CSP_DIRECT');

describe('consent request: a CSP asks a customer', () => {
  it('is DAP-less by default and expires after 30 days', () => {
    given([direct])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'P1', requestedBy: p1 })
      .then([
        {
          type: 'ConsentRequested',
          data: {
            schemaVersion: 1,
            requestId: 'R1',
            partnerId: 'P1',
            partnerKind: 'CSP_DIRECT',
            delegatedAdminRequested: false,
            adminRoles: [],
            requestedBy: refOf(p1),
            requestedAt: at,
            expiresAt: in30Days,
          },
        },
      ]);
  });

  it('asks for DAP only when the partner says so, with the roles, bound to the named tenant, for the TTL given', () => {
    given([direct])
      .when({
        type: 'RequestConsent',
        requestId: 'R1',
        partnerId: 'P1',
        customerTenantId: CONTOSO,
        delegatedAdminRequested: true,
        adminRoles: ['Helpdesk Administrator'],
        linkTtlSeconds: 3600,
        requestedBy: p1,
      })
      .then([
        {
          type: 'ConsentRequested',
          data: {
            schemaVersion: 1,
            requestId: 'R1',
            partnerId: 'P1',
            partnerKind: 'CSP_DIRECT',
            customerTenantId: CONTOSO,
            delegatedAdminRequested: true,
            adminRoles: ['Helpdesk Administrator'],
            requestedBy: refOf(p1),
            requestedAt: at,
            expiresAt: '2026-03-02T10:00:00.000Z',
          },
        },
      ]);
  });

  it("records a reseller's indirect provider on its request", () => {
    given([enrolled('PROV', 'CSP_INDIRECT_PROVIDER'), enrolled('RES', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' })])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'RES', requestedBy: partnerApp('RES') })
      .then([
        {
          type: 'ConsentRequested',
          data: {
            schemaVersion: 1,
            requestId: 'R1',
            partnerId: 'RES',
            partnerKind: 'CSP_INDIRECT_RESELLER',
            indirectProviderId: 'PROV',
            delegatedAdminRequested: false,
            adminRoles: [],
            requestedBy: refOf(partnerApp('RES')),
            requestedAt: at,
            expiresAt: in30Days,
          },
        },
      ]);
  });

  it('refuses admin roles without DAP', () => {
    given([direct])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'P1', adminRoles: ['Global Administrator'], requestedBy: p1 })
      .thenRefuses('ADMIN_ROLES_WITHOUT_DAP');
  });

  it('refuses a link that would never live', () => {
    given([direct])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'P1', linkTtlSeconds: 0, requestedBy: p1 })
      .thenRefuses('INVALID_LINK_TTL');
  });

  it('an OEM cannot create CSP consent requests: it uses its OEM link (422)', () => {
    const refusal = given([enrolled('OEM1', 'OEM', { oemDirectApiEligible: true })])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'OEM1', requestedBy: partnerApp('OEM1') })
      .thenRefuses('OEM_USES_ITS_CONSENT_LINK');
    expect(refusal.kind).toBe('rule');
  });

  it('an OEM never gets DAP through a consent request either', () => {
    given([enrolled('OEM1', 'OEM', { oemDirectApiEligible: true })])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'OEM1', delegatedAdminRequested: true, requestedBy: partnerApp('OEM1') })
      .thenRefuses('OEM_USES_ITS_CONSENT_LINK');
  });

  it('an indirect provider never asks a customer itself', () => {
    given([enrolled('PROV', 'CSP_INDIRECT_PROVIDER')])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'PROV', requestedBy: partnerApp('PROV') })
      .thenRefuses('INDIRECT_PROVIDER_CANNOT_REQUEST_CONSENT');
  });

  it('refuses a partner that is not enrolled (404) and a request id already used', () => {
    expect(
      given([]).when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'P1', requestedBy: p1 }).thenRefuses('PARTNER_NOT_ENROLLED').kind,
    ).toBe('not_found');
    given([direct, consentRequested('R1', 'P1')])
      .when({ type: 'RequestConsent', requestId: 'R1', partnerId: 'P1', requestedBy: p1 })
      .thenRefuses('CONSENT_REQUEST_ALREADY_EXISTS');
  });
});

describe('consent request: cancel', () => {
  it('lets its partner cancel it while pending', () => {
    given([consentRequested('R1', 'P1')])
      .when({ type: 'CancelConsentRequest', requestId: 'R1', partnerId: 'P1', cancelledBy: p1 })
      .then([
        {
          type: 'ConsentRequestCancelled',
          data: { schemaVersion: 1, requestId: 'R1', partnerId: 'P1', cancelledBy: refOf(p1), cancelledAt: at },
        },
      ]);
  });

  it('refuses another partner (403), an unknown request (404), and a request no longer pending (409)', () => {
    expect(
      given([consentRequested('R1', 'P1')])
        .when({ type: 'CancelConsentRequest', requestId: 'R1', partnerId: 'P2', cancelledBy: partnerApp('P2') })
        .thenRefuses('NOT_YOUR_CONSENT_REQUEST').kind,
    ).toBe('forbidden');
    given([]).when({ type: 'CancelConsentRequest', requestId: 'R1', partnerId: 'P1', cancelledBy: p1 }).thenRefuses('CONSENT_REQUEST_NOT_FOUND');
    given([consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', globalAdmin(CONTOSO))])
      .when({ type: 'CancelConsentRequest', requestId: 'R1', partnerId: 'P1', cancelledBy: p1 })
      .thenRefuses('CONSENT_REQUEST_ALREADY_ACCEPTED');
    given([consentRequested('R1', 'P1', { expiresAt: '2026-03-02T08:59:59.999Z' })])
      .when({ type: 'CancelConsentRequest', requestId: 'R1', partnerId: 'P1', cancelledBy: p1 })
      .thenRefuses('CONSENT_REQUEST_EXPIRED');
  });
});

describe('consent request: a customer uses the link', () => {
  const contosoAdmin = globalAdmin(CONTOSO);
  const accepted = (by = contosoAdmin) => ({
    type: 'ConsentRequestAccepted' as const,
    data: { schemaVersion: 1 as const, requestId: 'R1', partnerId: 'P1', customerTenantId: by.tid, acceptedBy: acceptorFor(by), acceptedAt: at },
  });

  it('an unbound link binds the accepting Global Administrator\'s tenant', () => {
    given([consentRequested('R1', 'P1')]).when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin }).then([accepted()]);
    const fabrikamAdmin = globalAdmin(FABRIKAM, 'root@fabrikam.com');
    given([consentRequested('R1', 'P1')])
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: fabrikamAdmin })
      .then([accepted(fabrikamAdmin)]);
  });

  it('a bound link is accepted by a Global Administrator of the named tenant', () => {
    given([consentRequested('R1', 'P1', { customerTenantId: CONTOSO })])
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin })
      .then([accepted()]);
  });

  it('refuses anyone but a Global Administrator (403), saying of which tenant', () => {
    const refusal = given([consentRequested('R1', 'P1')])
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: ordinaryUser(CONTOSO) })
      .thenRefuses('NOT_GLOBAL_ADMIN');
    expect(refusal.kind).toBe('forbidden');
    expect(refusal.message).toBe(`only a Global Administrator of tenant ${CONTOSO} may accept`);
  });

  it('refuses a Global Administrator of another tenant than the named one (403)', () => {
    expect(
      given([consentRequested('R1', 'P1', { customerTenantId: CONTOSO })])
        .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: globalAdmin(FABRIKAM) })
        .thenRefuses('WRONG_TENANT').kind,
    ).toBe('forbidden');
  });

  it('refuses a used link, even for another tenant (409: single use)', () => {
    const refusal = given([consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', contosoAdmin)])
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: globalAdmin(FABRIKAM) })
      .thenRefuses('CONSENT_REQUEST_ALREADY_ACCEPTED');
    expect(refusal.kind).toBe('conflict');
  });

  it('refuses a cancelled link (409)', () => {
    given([
      consentRequested('R1', 'P1'),
      { type: 'ConsentRequestCancelled', data: { schemaVersion: 1, requestId: 'R1', partnerId: 'P1', cancelledBy: refOf(p1), cancelledAt: '2026-03-01T12:00:00.000Z' } },
    ])
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin })
      .thenRefuses('CONSENT_REQUEST_CANCELLED');
  });

  it('refuses an expired link (409) from the instant it expires, and accepts it just before', () => {
    const history = [consentRequested('R1', 'P1', { expiresAt: at })];
    given(history).when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin }).thenRefuses('CONSENT_REQUEST_EXPIRED');
    const justBefore = new Date(NOW.getTime() - 1);
    given(history)
      .when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin }, justBefore)
      .then([{ ...accepted(), data: { ...accepted().data, acceptedAt: justBefore.toISOString() } }]);
  });

  it('refuses an unknown link (404)', () => {
    given([]).when({ type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: contosoAdmin }).thenRefuses('CONSENT_REQUEST_NOT_FOUND');
  });
});

describe('consent request: status', () => {
  const fold = (...events: Parameters<typeof evolveConsentRequest>[1][]) =>
    events.reduce(evolveConsentRequest, initialConsentRequest()) as RecordedConsentRequest;

  it('is pending, then expired once time passes expiresAt: expiry is derived, never recorded', () => {
    const request = fold(consentRequested('R1', 'P1'));
    expect(consentRequestStatus(request, NOW)).toBe('pending');
    expect(consentRequestStatus(request, new Date('2026-03-31T09:00:00.000Z'))).toBe('expired');
  });

  it('stays accepted or cancelled after expiry', () => {
    const later = new Date('2027-01-01T00:00:00.000Z');
    expect(consentRequestStatus(fold(consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', globalAdmin(CONTOSO))), later)).toBe('accepted');
    const cancelled = fold(consentRequested('R1', 'P1'), {
      type: 'ConsentRequestCancelled',
      data: { schemaVersion: 1, requestId: 'R1', partnerId: 'P1', cancelledBy: refOf(p1), cancelledAt: at },
    });
    expect(consentRequestStatus(cancelled, later)).toBe('cancelled');
  });
});
