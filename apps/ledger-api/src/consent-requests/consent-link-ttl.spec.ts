import { consentLinkTtlSeconds } from './consent-link-ttl.js';

describe('CONSENT_LINK_TTL', () => {
  it('defaults to 30 days and reads seconds, minutes, hours and days', () => {
    expect(consentLinkTtlSeconds(undefined)).toBe(30 * 86_400);
    expect(consentLinkTtlSeconds('3600')).toBe(3_600);
    expect(consentLinkTtlSeconds('45s')).toBe(45);
    expect(consentLinkTtlSeconds('90m')).toBe(5_400);
    expect(consentLinkTtlSeconds('72h')).toBe(259_200);
    expect(consentLinkTtlSeconds('90d')).toBe(7_776_000);
  });

  it('refuses anything else', () => {
    expect(() => consentLinkTtlSeconds('30 days')).toThrow('CONSENT_LINK_TTL');
  });
});
