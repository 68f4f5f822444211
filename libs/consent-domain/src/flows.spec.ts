import { authorisationFor } from './channels/authorisation-for.js';
import { consentRequestDecider } from './consent-request/consent-request-decider.js';
import { foldInputs } from './fold-inputs.js';
import { partnerDecider } from './partner/partner-decider.js';
import { DomainRefusal } from './refusals/domain-refusal.js';
import { relationshipDecider } from './relationship/relationship-decider.js';
import type { Relationship } from './relationship/relationship.js';
import { consentRequestStream, relationshipStream } from './streams.js';
import { CONTOSO, FABRIKAM, globalAdmin, partnerApp, support } from './testing/fixtures.js';
import { InMemoryLedger } from './testing/in-memory-ledger.js';

const relationshipIn = (ledger: InMemoryLedger, partnerId: string, tenantId: string): Relationship =>
  foldInputs<{ relationship: Relationship }>({
    relationship: ledger.stream(relationshipStream(partnerId, tenantId)),
  }).relationship;

const refusalCodeOf = (act: () => unknown): string | undefined => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainRefusal) return error.code;
    throw error;
  }
  return undefined;
};

describe('flows across aggregates, as the command handlers run them', () => {
  it('indirect reseller: an unbound link, accepted once, authorises the reseller (CSV only) and its provider (API)', () => {
    const ledger = new InMemoryLedger();
    ledger.handle(partnerDecider, { type: 'EnrolPartner', partnerId: 'PROV', name: 'Provider', kind: 'CSP_INDIRECT_PROVIDER' });
    ledger.handle(partnerDecider, {
      type: 'EnrolPartner',
      partnerId: 'RES',
      name: 'Reseller',
      kind: 'CSP_INDIRECT_RESELLER',
      indirectProviderId: 'PROV',
    });
    ledger.handle(consentRequestDecider, { type: 'RequestConsent', requestId: 'R1', partnerId: 'RES', requestedBy: partnerApp('RES') });

    // AcceptConsent for a CSP link: claim the link on the request's stream, then record the consent.
    const [claim] = ledger.handle(consentRequestDecider, { type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: globalAdmin(CONTOSO) });
    if (claim?.type !== 'ConsentRequestAccepted') throw new Error('expected the link to be claimed');
    ledger.handle(relationshipDecider, {
      type: 'RecordCspConsent',
      requestId: 'R1',
      partnerId: claim.data.partnerId,
      customerTenantId: claim.data.customerTenantId,
    });

    // Single use: another tenant cannot use the same link.
    expect(
      refusalCodeOf(() =>
        ledger.handle(consentRequestDecider, { type: 'AcceptConsentRequest', requestId: 'R1', acceptedBy: globalAdmin(FABRIKAM) }),
      ),
    ).toBe('CONSENT_REQUEST_ALREADY_ACCEPTED');
    expect(ledger.stream(consentRequestStream('R1')).map((event) => event.type)).toEqual(['ConsentRequested', 'ConsentRequestAccepted']);
    expect(ledger.stream(relationshipStream('RES', CONTOSO)).map((event) => event.type)).toEqual(['ConsentAccepted']);

    const resellerRelationship = relationshipIn(ledger, 'RES', CONTOSO);
    expect(
      authorisationFor({
        partnerId: 'RES',
        customerTenantId: CONTOSO,
        partner: { kind: 'CSP_INDIRECT_RESELLER', oemDirectApiEligible: false },
        relationship: resellerRelationship,
      }),
    ).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_UI_CSV'], delegatedAdmin: false });
    expect(
      authorisationFor({
        partnerId: 'PROV',
        customerTenantId: CONTOSO,
        partner: { kind: 'CSP_INDIRECT_PROVIDER', oemDirectApiEligible: false },
        viaResellers: [{ resellerId: 'RES', relationship: resellerRelationship }],
        channel: 'PARTNER_CENTER_API',
      }),
    ).toMatchObject({ authorised: true, basis: 'VIA_RESELLER', viaResellerId: 'RES' });
  });

  it('OEM: link asked for, issued, accepted by two tenants; one revokes, support completes, it consents again', () => {
    const ledger = new InMemoryLedger();
    const oem = { kind: 'OEM' as const, oemDirectApiEligible: true };
    ledger.handle(partnerDecider, { type: 'EnrolPartner', partnerId: 'OEM1', name: 'Devices Inc', kind: 'OEM', oemDirectApiEligible: true });
    ledger.handle(partnerDecider, { type: 'RequestOemConsentLink', partnerId: 'OEM1', requestedBy: partnerApp('OEM1') });
    ledger.handle(partnerDecider, { type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L1', issuedBy: support });

    for (const tenant of [CONTOSO, FABRIKAM]) {
      ledger.handle(relationshipDecider, { type: 'AcceptOemConsent', partnerId: 'OEM1', linkId: 'L1', acceptedBy: globalAdmin(tenant) });
    }
    const contoso = { partnerId: 'OEM1', customerTenantId: CONTOSO, partner: oem, channel: 'OEM_DIRECT_API' as const };
    expect(authorisationFor({ ...contoso, relationship: relationshipIn(ledger, 'OEM1', CONTOSO) }).authorised).toBe(true);

    const admin = globalAdmin(CONTOSO);
    ledger.handle(relationshipDecider, {
      type: 'RequestOemRevocation',
      revocationRequestId: 'V1',
      partnerId: 'OEM1',
      customerTenantId: CONTOSO,
      reason: 'contract ended',
      requestedBy: admin,
    });
    expect(authorisationFor({ ...contoso, relationship: relationshipIn(ledger, 'OEM1', CONTOSO) })).toMatchObject({
      authorised: true,
      revocationPending: true,
    });

    ledger.handle(relationshipDecider, {
      type: 'CompleteOemRevocation',
      revocationRequestId: 'V1',
      partnerId: 'OEM1',
      customerTenantId: CONTOSO,
      completedBy: support,
    });
    expect(authorisationFor({ ...contoso, relationship: relationshipIn(ledger, 'OEM1', CONTOSO) }).reasonCode).toBe('OEM_REVOCATION_COMPLETED');
    // Fabrikam's consent is untouched.
    expect(
      authorisationFor({ ...contoso, customerTenantId: FABRIKAM, relationship: relationshipIn(ledger, 'OEM1', FABRIKAM) }).authorised,
    ).toBe(true);

    ledger.handle(relationshipDecider, { type: 'AcceptOemConsent', partnerId: 'OEM1', linkId: 'L1', acceptedBy: admin });
    expect(authorisationFor({ ...contoso, relationship: relationshipIn(ledger, 'OEM1', CONTOSO) })).toMatchObject({
      authorised: true,
      revocationPending: false,
    });
    expect(ledger.stream(relationshipStream('OEM1', CONTOSO)).map((event) => event.type)).toEqual([
      'ConsentAccepted',
      'OemRevocationRequested',
      'OemRevocationCompleted',
      'ConsentAccepted',
    ]);
  });
});
