import type { OemRevocationCompleted } from '../events/oem-revocation-completed.js';
import type { OemRevocationRejected } from '../events/oem-revocation-rejected.js';
import {
  CONTOSO,
  consentRequested,
  cspConsentAccepted,
  enrolled,
  FABRIKAM,
  globalAdmin,
  linkIssued,
  oemConsentAccepted,
  ordinaryUser,
  refOf,
  requestAccepted,
  revocationRequested,
  support,
} from '../testing/fixtures.js';
import { NOW, specification } from '../testing/given-when-then.js';
import { relationshipDecider } from './relationship-decider.js';
import { evolveRelationship, initialRelationship } from './relationship.js';

const given = specification(relationshipDecider);
const at = NOW.toISOString();
const contosoAdmin = globalAdmin(CONTOSO);
const fabrikamAdmin = globalAdmin(FABRIKAM);

describe('relationship: a CSP consent recorded', () => {
  it('records a DAP-less consent when the request asked for none', () => {
    given([consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', contosoAdmin)])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'P1', customerTenantId: CONTOSO })
      .then([cspConsentAccepted('R1', 'P1', contosoAdmin)]);
  });

  it('grants DAP, with its roles, only when the request asked for it', () => {
    given([
      consentRequested('R1', 'P1', { delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] }),
      requestAccepted('R1', 'P1', contosoAdmin),
    ])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'P1', customerTenantId: CONTOSO })
      .then([cspConsentAccepted('R1', 'P1', contosoAdmin, { delegatedAdminGranted: true, adminRoles: ['Helpdesk Administrator'] })]);
  });

  it("carries a reseller's indirect provider, authorised at the same moment", () => {
    given([
      consentRequested('R1', 'RES', { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
      requestAccepted('R1', 'RES', contosoAdmin),
    ])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'RES', customerTenantId: CONTOSO })
      .then([cspConsentAccepted('R1', 'RES', contosoAdmin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' })]);
  });

  it('records nothing the second time (finishing an interrupted acceptance is safe)', () => {
    given([consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', contosoAdmin), cspConsentAccepted('R1', 'P1', contosoAdmin)])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'P1', customerTenantId: CONTOSO })
      .then([]);
  });

  it('refuses a request not accepted, or accepted by another tenant', () => {
    given([consentRequested('R1', 'P1')])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'P1', customerTenantId: CONTOSO })
      .thenRefuses('CONSENT_REQUEST_NOT_ACCEPTED');
    given([consentRequested('R1', 'P1'), requestAccepted('R1', 'P1', fabrikamAdmin)])
      .when({ type: 'RecordCspConsent', requestId: 'R1', partnerId: 'P1', customerTenantId: CONTOSO })
      .thenRefuses('CONSENT_REQUEST_NOT_ACCEPTED');
  });
});

describe('relationship: a CSP consenting again while active', () => {
  const first = cspConsentAccepted('R1', 'P1', contosoAdmin, { delegatedAdminGranted: true, adminRoles: ['Helpdesk Administrator'] });

  it('records a second accepted request', () => {
    given([first, consentRequested('R2', 'P1'), { ...requestAccepted('R2', 'P1', contosoAdmin), data: { ...requestAccepted('R2', 'P1', contosoAdmin).data, acceptedAt: at } }])
      .when({ type: 'RecordCspConsent', requestId: 'R2', partnerId: 'P1', customerTenantId: CONTOSO })
      .then([{ ...cspConsentAccepted('R2', 'P1', contosoAdmin), data: { ...cspConsentAccepted('R2', 'P1', contosoAdmin).data, acceptedAt: at } }]);
  });

  it('keeps the date authorisation began and the DAP granted before', () => {
    const second = { ...cspConsentAccepted('R2', 'P1', contosoAdmin), data: { ...cspConsentAccepted('R2', 'P1', contosoAdmin).data, acceptedAt: at } };
    expect([first, second].reduce(evolveRelationship, initialRelationship())).toMatchObject({
      status: 'active',
      acceptedAt: first.data.acceptedAt,
      acceptedThrough: { kind: 'CSP_CONSENT_REQUEST', requestId: 'R2' },
      delegatedAdmin: true,
      adminRoles: ['Helpdesk Administrator'],
      acceptedCspRequestIds: ['R1', 'R2'],
    });
  });
});

describe('relationship: the OEM link accepted', () => {
  const oem = enrolled('OEM1', 'OEM', { oemDirectApiEligible: true });
  const issued = linkIssued('OEM1', 'L1');
  const accept = (by = contosoAdmin, linkId = 'L1') => ({ type: 'AcceptOemConsent' as const, partnerId: 'OEM1', linkId, acceptedBy: by });

  it('a cloud-native Global Administrator consents for their own tenant, never granting DAP', () => {
    given([oem, issued]).when(accept()).then([oemConsentAccepted('OEM1', 'L1', contosoAdmin, at)]);
  });

  it('is accepted by several tenants, each for itself', () => {
    given([oem, issued, oemConsentAccepted('OEM1', 'L1', contosoAdmin)])
      .when(accept(fabrikamAdmin))
      .then([oemConsentAccepted('OEM1', 'L1', fabrikamAdmin, at)]);
  });

  it('is refused twice for the same tenant while its consent is active (409)', () => {
    expect(
      given([oem, issued, oemConsentAccepted('OEM1', 'L1', contosoAdmin)]).when(accept()).thenRefuses('OEM_CONSENT_ALREADY_ACTIVE').kind,
    ).toBe('conflict');
    given([oem, issued, oemConsentAccepted('OEM1', 'L1', contosoAdmin), revocationRequested('V1', 'OEM1', contosoAdmin)])
      .when(accept())
      .thenRefuses('OEM_CONSENT_ALREADY_ACTIVE');
  });

  it('is dead once replaced (409), while consents given through it stay', () => {
    const replaced = linkIssued('OEM1', 'L2', 'L1');
    given([oem, issued, replaced]).when(accept()).thenRefuses('OEM_CONSENT_LINK_REPLACED');
    given([oem, issued, oemConsentAccepted('OEM1', 'L1', contosoAdmin), replaced])
      .when(accept(fabrikamAdmin, 'L2'))
      .then([oemConsentAccepted('OEM1', 'L2', fabrikamAdmin, at)]);
    given([oem, issued, oemConsentAccepted('OEM1', 'L1', contosoAdmin), replaced])
      .when(accept(contosoAdmin, 'L2'))
      .thenRefuses('OEM_CONSENT_ALREADY_ACTIVE');
  });

  it('stops working when the OEM loses its eligibility', () => {
    given([
      oem,
      issued,
      { type: 'OemDirectApiEligibilityChanged', data: { schemaVersion: 1, partnerId: 'OEM1', oemDirectApiEligible: false, changedAt: '2026-03-01T00:00:00.000Z' } },
    ])
      .when(accept())
      .thenRefuses('OEM_CONSENT_LINK_INACTIVE');
  });

  it('needs a Global Administrator (403)', () => {
    const refusal = given([oem, issued]).when(accept(ordinaryUser(CONTOSO))).thenRefuses('NOT_GLOBAL_ADMIN');
    expect(refusal.kind).toBe('forbidden');
    expect(refusal.message).toBe(`only a Global Administrator of tenant ${CONTOSO} may accept`);
  });

  it('needs a cloud-native account (403)', () => {
    expect(
      given([oem, issued]).when(accept(globalAdmin(CONTOSO, 'admin@contoso.com'))).thenRefuses('NOT_CLOUD_NATIVE').kind,
    ).toBe('forbidden');
    given([oem, issued]).when(accept({ ...contosoAdmin, upn: undefined })).thenRefuses('NOT_CLOUD_NATIVE');
  });

  it('refuses a link never issued, or a partner that is no OEM (404)', () => {
    given([oem, issued]).when(accept(contosoAdmin, 'L9')).thenRefuses('OEM_CONSENT_LINK_NOT_FOUND');
    given([oem]).when(accept()).thenRefuses('OEM_CONSENT_LINK_NOT_FOUND');
    given([enrolled('OEM1', 'CSP_DIRECT')]).when(accept()).thenRefuses('OEM_CONSENT_LINK_NOT_FOUND');
  });
});

describe('relationship: DAP removal', () => {
  const withDap = [
    enrolled('P1', 'CSP_DIRECT'),
    cspConsentAccepted('R1', 'P1', contosoAdmin, { delegatedAdminGranted: true, adminRoles: ['Helpdesk Administrator'] }),
  ];
  const removeDap = (by = contosoAdmin, partnerId = 'P1') => ({ type: 'RemoveDap' as const, partnerId, customerTenantId: CONTOSO, removedBy: by });
  const dapRemoved = {
    type: 'DapRemoved' as const,
    data: { schemaVersion: 1 as const, partnerId: 'P1', customerTenantId: CONTOSO, removedBy: refOf(contosoAdmin), removedAt: at },
  };

  it('removes DAP and keeps the relationship', () => {
    given(withDap).when(removeDap()).then([dapRemoved]);
    // Still a relationship afterwards: an OEM-style "no relationship" would be a 404, this is "no DAP".
    given([...withDap, dapRemoved]).when(removeDap()).thenRefuses('NO_DAP');
  });

  it('is refused without DAP (409)', () => {
    expect(
      given([enrolled('P1', 'CSP_DIRECT'), cspConsentAccepted('R1', 'P1', contosoAdmin)]).when(removeDap()).thenRefuses('NO_DAP').kind,
    ).toBe('conflict');
  });

  it('is refused for an OEM (422)', () => {
    expect(
      given([enrolled('OEM1', 'OEM', { oemDirectApiEligible: true }), oemConsentAccepted('OEM1', 'L1', contosoAdmin)])
        .when(removeDap(contosoAdmin, 'OEM1'))
        .thenRefuses('DAP_NEVER_GRANTED_TO_OEM').kind,
    ).toBe('rule');
  });

  it('is refused without a relationship (404), and for another tenant (403)', () => {
    given([enrolled('P1', 'CSP_DIRECT')]).when(removeDap()).thenRefuses('RELATIONSHIP_NOT_FOUND');
    given(withDap).when(removeDap(fabrikamAdmin)).thenRefuses('NOT_ADMIN_OF_TENANT');
  });
});

describe('relationship: OEM revocation', () => {
  const oem = enrolled('OEM1', 'OEM', { oemDirectApiEligible: true });
  const accepted = oemConsentAccepted('OEM1', 'L1', contosoAdmin);
  const pending = revocationRequested('V1', 'OEM1', contosoAdmin);
  const ask = (partnerId = 'OEM1', by = contosoAdmin, revocationRequestId = 'V1') => ({
    type: 'RequestOemRevocation' as const,
    revocationRequestId,
    partnerId,
    customerTenantId: CONTOSO,
    reason: ' we no longer buy devices from this OEM ',
    requestedBy: by,
  });
  const complete = (revocationRequestId = 'V1') => ({
    type: 'CompleteOemRevocation' as const,
    revocationRequestId,
    partnerId: 'OEM1',
    customerTenantId: CONTOSO,
    completedBy: support,
  });
  const reject = (revocationRequestId = 'V1') => ({
    type: 'RejectOemRevocation' as const,
    revocationRequestId,
    partnerId: 'OEM1',
    customerTenantId: CONTOSO,
    reason: 'the contract with this OEM runs until June',
    rejectedBy: support,
  });
  const completed: OemRevocationCompleted = {
    type: 'OemRevocationCompleted',
    data: { schemaVersion: 1, revocationRequestId: 'V1', partnerId: 'OEM1', customerTenantId: CONTOSO, completedBy: refOf(support), completedAt: at },
  };
  const rejected: OemRevocationRejected = {
    type: 'OemRevocationRejected',
    data: {
      schemaVersion: 1,
      revocationRequestId: 'V1',
      partnerId: 'OEM1',
      customerTenantId: CONTOSO,
      reason: 'the contract with this OEM runs until June',
      rejectedBy: refOf(support),
      rejectedAt: at,
    },
  };

  it('is requested for an accepted OEM', () => {
    given([oem, accepted])
      .when(ask())
      .then([{ ...pending, data: { ...pending.data, requestedAt: at } }]);
  });

  it('only for an accepted OEM: not without consent (409), not for a CSP (422)', () => {
    given([oem]).when(ask()).thenRefuses('OEM_CONSENT_NOT_ACTIVE');
    given([oem, accepted, pending, completed]).when(ask('OEM1', contosoAdmin, 'V2')).thenRefuses('OEM_CONSENT_NOT_ACTIVE');
    given([enrolled('P1', 'CSP_DIRECT'), cspConsentAccepted('R1', 'P1', contosoAdmin)]).when(ask('P1')).thenRefuses('REVOCATION_ONLY_FOR_OEM');
  });

  it('not twice while pending (409), again once handled', () => {
    given([oem, accepted, pending]).when(ask('OEM1', contosoAdmin, 'V2')).thenRefuses('OEM_REVOCATION_ALREADY_PENDING');
    given([oem, accepted, pending, rejected])
      .when(ask('OEM1', contosoAdmin, 'V2'))
      .then([{ ...pending, data: { ...pending.data, revocationRequestId: 'V2', requestedAt: at } }]);
  });

  it('needs a reason and the customer\'s own tenant', () => {
    given([oem, accepted]).when({ ...ask(), reason: '  ' }).thenRefuses('REASON_REQUIRED');
    given([oem, accepted]).when(ask('OEM1', fabrikamAdmin)).thenRefuses('NOT_ADMIN_OF_TENANT');
  });

  it('is completed while pending', () => {
    given([oem, accepted, pending]).when(complete()).then([completed]);
  });

  it('is rejected while pending, with a reason', () => {
    given([oem, accepted, pending]).when(reject()).then([rejected]);
    given([oem, accepted, pending]).when({ ...reject(), reason: '' }).thenRefuses('REASON_REQUIRED');
  });

  it('is completed or rejected only while pending (409 once handled, 404 when unknown)', () => {
    given([oem, accepted, pending, completed]).when(complete()).thenRefuses('NO_PENDING_OEM_REVOCATION');
    given([oem, accepted, pending, completed]).when(reject()).thenRefuses('NO_PENDING_OEM_REVOCATION');
    given([oem, accepted, pending, rejected]).when(complete()).thenRefuses('NO_PENDING_OEM_REVOCATION');
    given([oem, accepted]).when(complete()).thenRefuses('OEM_REVOCATION_REQUEST_NOT_FOUND');
    given([oem, accepted, pending]).when(reject('V9')).thenRefuses('OEM_REVOCATION_REQUEST_NOT_FOUND');
    given([]).when(complete()).thenRefuses('OEM_REVOCATION_REQUEST_NOT_FOUND');
  });

  it('lets the customer consent again after a completed revocation, and only then', () => {
    const issued = linkIssued('OEM1', 'L1');
    const again = { type: 'AcceptOemConsent' as const, partnerId: 'OEM1', linkId: 'L1', acceptedBy: contosoAdmin };
    given([oem, issued, accepted, pending, completed]).when(again).then([oemConsentAccepted('OEM1', 'L1', contosoAdmin, at)]);
    given([oem, issued, accepted, pending, rejected]).when(again).thenRefuses('OEM_CONSENT_ALREADY_ACTIVE');
    // ...and the renewed consent can be revoked again.
    given([oem, issued, accepted, pending, completed, oemConsentAccepted('OEM1', 'L1', contosoAdmin, at)])
      .when(ask('OEM1', contosoAdmin, 'V2'))
      .then([{ ...pending, data: { ...pending.data, revocationRequestId: 'V2', requestedAt: at } }]);
  });
});
