import { decodeTransaction, encodeTransaction } from './oidc-transaction.js';
import { insecureLoopbackIssuer } from './oidc-sign-in.js';

describe('the OIDC transaction cookie', () => {
  const transaction = { codeVerifier: 'v'.repeat(43), state: 's'.repeat(22), nonce: 'n'.repeat(22), returnTo: '/admin' };

  it('reads back what was written', () => {
    expect(decodeTransaction(encodeTransaction(transaction))).toEqual(transaction);
  });

  it('is no transaction when absent, not ours, or missing a field (the sign-in then fails)', () => {
    expect(decodeTransaction(undefined)).toBeUndefined();
    expect(decodeTransaction('')).toBeUndefined();
    expect(decodeTransaction('%%%not-base64-json')).toBeUndefined();
    const { nonce: _nonce, ...withoutNonce } = transaction;
    expect(decodeTransaction(Buffer.from(JSON.stringify(withoutNonce)).toString('base64url'))).toBeUndefined();
    expect(decodeTransaction(Buffer.from(JSON.stringify({ ...transaction, state: 7 })).toString('base64url'))).toBeUndefined();
  });
});

describe('plain http to the identity provider', () => {
  it('is allowed for a loopback issuer only', () => {
    expect(insecureLoopbackIssuer(new URL('http://127.0.0.1:4000/tenant/v2.0'))).toBe(true);
    expect(insecureLoopbackIssuer(new URL('http://localhost:4000'))).toBe(true);
    expect(insecureLoopbackIssuer(new URL('http://[::1]:4000'))).toBe(true);
    expect(insecureLoopbackIssuer(new URL('http://login.example.com/tenant/v2.0'))).toBe(false);
    expect(insecureLoopbackIssuer(new URL('http://127.0.0.1.example.com'))).toBe(false);
    expect(insecureLoopbackIssuer(new URL('https://login.microsoftonline.com/tenant/v2.0'))).toBe(false);
  });
});
