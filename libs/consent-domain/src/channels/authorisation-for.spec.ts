import type { RelationshipEvent } from '../events/ledger-event.js';
import { evolveRelationship, initialRelationship, type Relationship } from '../relationship/relationship.js';
import {
  CONTOSO,
  cspConsentAccepted,
  globalAdmin,
  oemConsentAccepted,
  refOf,
  revocationRequested,
  support,
} from '../testing/fixtures.js';
import { authorisationFor, delegatedAdminResellers } from './authorisation-for.js';
import { CHANNEL_RULES } from './channel-rules.js';

const admin = globalAdmin(CONTOSO);
const relationshipOf = (...events: RelationshipEvent[]): Relationship => events.reduce(evolveRelationship, initialRelationship());
const direct = { kind: 'CSP_DIRECT' as const, oemDirectApiEligible: false };
const reseller = { kind: 'CSP_INDIRECT_RESELLER' as const, oemDirectApiEligible: false };
const provider = { kind: 'CSP_INDIRECT_PROVIDER' as const, oemDirectApiEligible: false };
const oem = { kind: 'OEM' as const, oemDirectApiEligible: true };
const acceptedAt = '2026-03-01T10:00:00.000Z';

describe('the channel rules table (domain.md, "Who may register devices, through which channel")', () => {
  it('says exactly what the seed says', () => {
    expect(CHANNEL_RULES).toEqual({
      CSP_DIRECT: { basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] },
      CSP_INDIRECT_RESELLER: { basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_UI_CSV'] },
      CSP_INDIRECT_PROVIDER: { basis: 'VIA_RESELLER', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] },
      OEM: { basis: 'OEM_CONSENT', channels: ['OEM_DIRECT_API'] },
    });
  });
});

describe('authorisationFor', () => {
  const base = { partnerId: 'P1', customerTenantId: CONTOSO };

  it('authorises a direct CSP on its own accepted request, through the API and the CSV upload', () => {
    expect(authorisationFor({ ...base, partner: direct, relationship: relationshipOf(cspConsentAccepted('R1', 'P1', admin)) })).toEqual({
      authorised: true,
      reasonCode: 'AUTHORISED',
      reason: `authorised by tenant ${CONTOSO}`,
      basis: 'DIRECT_CONSENT',
      channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'],
      since: acceptedAt,
      delegatedAdmin: false,
      revocationPending: false,
    });
  });

  it('limits a reseller to the CSV upload: the API is refused with the reason', () => {
    const relationship = relationshipOf(cspConsentAccepted('R1', 'P1', admin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }));
    expect(authorisationFor({ ...base, partner: reseller, relationship, channel: 'PARTNER_CENTER_UI_CSV' }).authorised).toBe(true);
    const viaApi = authorisationFor({ ...base, partner: reseller, relationship, channel: 'PARTNER_CENTER_API' });
    expect(viaApi).toMatchObject({ authorised: false, reasonCode: 'CHANNEL_NOT_ALLOWED', basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_UI_CSV'] });
    expect(viaApi.reason).toBe('a CSP_INDIRECT_RESELLER may register devices only through PARTNER_CENTER_UI_CSV, not PARTNER_CENTER_API');
  });

  it("authorises an indirect provider through its reseller's consent, API included", () => {
    const resellerRelationship = relationshipOf(
      cspConsentAccepted('R1', 'RES', admin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV', delegatedAdminGranted: true }),
    );
    expect(
      authorisationFor({
        partnerId: 'PROV',
        customerTenantId: CONTOSO,
        partner: provider,
        viaResellers: [{ resellerId: 'RES', relationship: resellerRelationship }],
        channel: 'PARTNER_CENTER_API',
      }),
    ).toMatchObject({ authorised: true, basis: 'VIA_RESELLER', viaResellerId: 'RES', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'], since: acceptedAt });
  });

  it("gives an indirect provider the DAP of any of its resellers' consents, resting on the earliest", () => {
    const earlier = relationshipOf(cspConsentAccepted('R1', 'RES', admin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }));
    const withDap = cspConsentAccepted('R2', 'RES2', admin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV', delegatedAdminGranted: true });
    const later = relationshipOf({ ...withDap, data: { ...withDap.data, acceptedAt: '2026-03-02T10:00:00.000Z' } });
    const viaResellers = [
      { resellerId: 'RES2', relationship: later },
      { resellerId: 'RES', relationship: earlier },
    ];
    const query = { partnerId: 'PROV', customerTenantId: CONTOSO, partner: provider, viaResellers };
    expect(authorisationFor(query)).toMatchObject({ authorised: true, viaResellerId: 'RES', since: acceptedAt, delegatedAdmin: true });
    expect(delegatedAdminResellers(query)).toEqual(['RES2']);
  });

  it("ignores another provider's reseller and refuses a provider with no reseller consent", () => {
    const otherProvidersReseller = relationshipOf(
      cspConsentAccepted('R1', 'RES2', admin, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'OTHER' }),
    );
    expect(
      authorisationFor({ partnerId: 'PROV', customerTenantId: CONTOSO, partner: provider, viaResellers: [{ resellerId: 'RES2', relationship: otherProvidersReseller }] }),
    ).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT', basis: 'VIA_RESELLER', channels: [] });
  });

  it('authorises an OEM only through the OEM Direct API', () => {
    const relationship = relationshipOf(oemConsentAccepted('P1', 'L1', admin));
    expect(authorisationFor({ ...base, partner: oem, relationship, channel: 'OEM_DIRECT_API' })).toMatchObject({
      authorised: true,
      basis: 'OEM_CONSENT',
      channels: ['OEM_DIRECT_API'],
    });
    expect(authorisationFor({ ...base, partner: oem, relationship, channel: 'PARTNER_CENTER_API' }).reasonCode).toBe('CHANNEL_NOT_ALLOWED');
    expect(authorisationFor({ ...base, partner: { ...oem, oemDirectApiEligible: false }, relationship }).reasonCode).toBe('OEM_NOT_ELIGIBLE');
  });

  it('keeps an OEM authorised, flagged, while its revocation is pending; refuses it once completed', () => {
    const accepted = oemConsentAccepted('P1', 'L1', admin);
    const pending = revocationRequested('V1', 'P1', admin);
    expect(authorisationFor({ ...base, partner: oem, relationship: relationshipOf(accepted, pending) })).toMatchObject({
      authorised: true,
      revocationPending: true,
    });
    // The OEM losing its eligibility meanwhile refuses it, and the customer's request still waits in support's queue.
    expect(authorisationFor({ ...base, partner: { ...oem, oemDirectApiEligible: false }, relationship: relationshipOf(accepted, pending) })).toMatchObject({
      authorised: false,
      reasonCode: 'OEM_NOT_ELIGIBLE',
      revocationPending: true,
    });
    expect(authorisationFor({ ...base, partner: { ...oem, oemDirectApiEligible: false }, relationship: relationshipOf(accepted) }).revocationPending).toBe(false);
    const revoked = relationshipOf(accepted, pending, {
      type: 'OemRevocationCompleted',
      data: { schemaVersion: 1, revocationRequestId: 'V1', partnerId: 'P1', customerTenantId: CONTOSO, completedBy: refOf(support), completedAt: '2026-03-01T12:00:00.000Z' },
    });
    expect(authorisationFor({ ...base, partner: oem, relationship: revoked })).toMatchObject({
      authorised: false,
      reasonCode: 'OEM_REVOCATION_COMPLETED',
      basis: 'OEM_CONSENT',
      channels: [],
    });
  });

  it('never changes on DAP removal', () => {
    const withDap = cspConsentAccepted('R1', 'P1', admin, { delegatedAdminGranted: true, adminRoles: ['Helpdesk Administrator'] });
    const before = authorisationFor({ ...base, partner: direct, relationship: relationshipOf(withDap) });
    const after = authorisationFor({
      ...base,
      partner: direct,
      relationship: relationshipOf(withDap, {
        type: 'DapRemoved',
        data: { schemaVersion: 1, partnerId: 'P1', customerTenantId: CONTOSO, removedBy: refOf(admin), removedAt: '2026-03-01T11:00:00.000Z' },
      }),
    });
    expect(before.delegatedAdmin).toBe(true);
    expect(after).toEqual({ ...before, delegatedAdmin: false });
  });

  it('refuses, saying why: not enrolled, request still pending, no consent', () => {
    expect(authorisationFor({ ...base, partner: undefined })).toMatchObject({ authorised: false, reasonCode: 'NOT_ENROLLED', channels: [] });
    expect(authorisationFor({ ...base, partner: direct, consentRequestPending: true })).toMatchObject({
      authorised: false,
      reasonCode: 'CONSENT_REQUEST_PENDING',
      basis: 'DIRECT_CONSENT',
    });
    expect(authorisationFor({ ...base, partner: direct, relationship: initialRelationship() }).reasonCode).toBe('NO_CONSENT');
  });
});
