import { consentRequestStream, isValidPartnerId, partnerStream, relationshipStream, streamOf } from './streams.js';
import { CONTOSO, consentRequested, enrolled, oemConsentAccepted, globalAdmin } from './testing/fixtures.js';

describe('stream names', () => {
  it('puts a relationship\'s whole history in one stream per partner and customer tenant', () => {
    expect(relationshipStream('P1', CONTOSO)).toBe(`relationship-P1_${CONTOSO}`);
    expect(streamOf(oemConsentAccepted('OEM1', 'L1', globalAdmin(CONTOSO)))).toBe(`relationship-OEM1_${CONTOSO}`);
  });

  it('names the partner and consent request streams after their ids', () => {
    expect(partnerStream('P1')).toBe('partner-P1');
    expect(streamOf(enrolled('P1', 'CSP_DIRECT'))).toBe('partner-P1');
    expect(consentRequestStream('R1')).toBe('consent-request-R1');
    expect(streamOf(consentRequested('R1', 'P1'))).toBe('consent-request-R1');
  });

  it('keeps "_" out of partner ids so a relationship stream name splits one way only', () => {
    expect(isValidPartnerId('contoso-partners.eu')).toBe(true);
    expect(isValidPartnerId('a_b')).toBe(false);
    expect(isValidPartnerId('')).toBe(false);
    expect(isValidPartnerId('x'.repeat(65))).toBe(false);
    expect(isValidPartnerId('../etc')).toBe(false);
  });
});
