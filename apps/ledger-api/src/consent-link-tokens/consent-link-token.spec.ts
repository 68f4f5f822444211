import { randomBytes } from 'node:crypto';
import { ConsentLinkToken } from './consent-link-token.js';

describe('consent link tokens', () => {
  const tokens = new ConsentLinkToken(randomBytes(32));

  it('verifies what it signed, for both kinds of link', () => {
    const csp = { kind: 'CSP_CONSENT_REQUEST', requestId: '0b6c1c1e-3c1a-4b55-9b8e-1d2f3a4b5c6d' } as const;
    const oem = { kind: 'OEM_CONSENT_LINK', partnerId: 'oem.devices-1', linkId: 'b1a2c3d4-0000-4000-8000-000000000001' } as const;
    expect(tokens.verify(tokens.sign(csp))).toEqual(csp);
    expect(tokens.verify(tokens.sign(oem))).toEqual(oem);
  });

  it('signs the same id to the same token, so the current link can be shown again', () => {
    const target = { kind: 'CSP_CONSENT_REQUEST', requestId: 'r1' } as const;
    expect(tokens.sign(target)).toBe(tokens.sign(target));
  });

  it('refuses a token signed with another secret, an altered payload, or garbage', () => {
    const other = new ConsentLinkToken(randomBytes(32)).sign({ kind: 'CSP_CONSENT_REQUEST', requestId: 'r1' });
    expect(tokens.verify(other)).toBeUndefined();
    const [, mac] = tokens.sign({ kind: 'CSP_CONSENT_REQUEST', requestId: 'r1' }).split('.');
    expect(tokens.verify(`${Buffer.from('csp:r2').toString('base64url')}.${mac}`)).toBeUndefined();
    for (const garbage of ['', '.', 'abc', 'a.b.c', 'x'.repeat(600)]) expect(tokens.verify(garbage)).toBeUndefined();
  });
});
