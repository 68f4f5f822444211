import { createPublicKey, type KeyObject } from 'node:crypto';
import { ed25519Thumbprint, ed25519X, type LedgerSigningKey } from './signing-key.js';

/** The public half of a ledger signing key as a JWK (RFC 8037 OKP key, used for EdDSA signatures). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** What `GET /v1/audit/public-key` serves and `npm run audit -- verify --jwks` reads. */
export interface Jwks {
  keys: Ed25519PublicJwk[];
}

export class JwksError extends Error {
  override readonly name = 'JwksError';
}

export const publicJwk = (key: Pick<LedgerSigningKey, 'publicKey' | 'kid'>): Ed25519PublicJwk => ({
  kty: 'OKP',
  crv: 'Ed25519',
  x: ed25519X(key.publicKey),
  kid: key.kid,
  alg: 'EdDSA',
  use: 'sig',
});

/** A JWKS of the given keys: the current one first, then retired ones still needed to verify older checkpoints. */
export const toJwks = (...keys: Array<Pick<LedgerSigningKey, 'publicKey' | 'kid'>>): Jwks => ({
  keys: keys.map(publicJwk),
});

/**
 * The public key with id `kid` in a JWKS read from outside (a file, a response), checked on the way: it must be an
 * Ed25519 signing key whose kid is its own thumbprint, so a JWKS cannot pass off one key under another's id.
 */
export const verificationKey = (jwks: unknown, kid: string): KeyObject => {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw new JwksError('the JWKS must be an object with a "keys" array (the body of GET /v1/audit/public-key)');
  }
  const jwk = (jwks as { keys: unknown[] }).keys.find(
    (candidate): candidate is Record<string, unknown> =>
      typeof candidate === 'object' && candidate !== null && (candidate as { kid?: unknown }).kid === kid,
  );
  if (!jwk) throw new JwksError(`no key with kid "${kid}" in the JWKS; fetch the current one from the ledger`);
  if (jwk['kty'] !== 'OKP' || jwk['crv'] !== 'Ed25519' || typeof jwk['x'] !== 'string') {
    throw new JwksError(`key "${kid}" in the JWKS is not an Ed25519 (OKP) public key`);
  }
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') throw new JwksError(`key "${kid}" is not for signatures`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk['x'] }, format: 'jwk' });
  } catch (error) {
    throw new JwksError(`key "${kid}" in the JWKS is unreadable: ${(error as Error).message}`);
  }
  if (ed25519Thumbprint(publicKey) !== kid) {
    throw new JwksError(`key "${kid}" in the JWKS does not match its kid (its RFC 7638 thumbprint)`);
  }
  return publicKey;
};
