import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { sha256 } from '../digest.js';

/** The notary's Ed25519 key pair, with its key id. */
export interface LedgerSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: stable, and derivable by any verifier. */
  kid: string;
}

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

export const generateSigningKey = (): LedgerSigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, kid: ed25519Thumbprint(publicKey) };
};

/** PKCS#8 PEM of the private key, to keep in `LEDGER_DATA_DIR` (the caller writes it with mode 0600). */
export const exportSigningKey = (key: LedgerSigningKey): string =>
  key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Reads a key written by `exportSigningKey` (or any PKCS#8 PEM Ed25519 private key, e.g. from `openssl genpkey`). */
export const importSigningKey = (pem: string): LedgerSigningKey => {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new SigningKeyError(
      `the ledger signing key is not a readable PEM private key (${(error as Error).message}); ` +
        'restore the file or remove it to have a new key generated',
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `the ledger signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'a symmetric key'}; ` +
        'generate one with `openssl genpkey -algorithm ed25519`',
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: ed25519Thumbprint(publicKey) };
};

/** The base64url public key bytes (the JWK `x`). */
export const ed25519X = (publicKey: KeyObject): string => {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new SigningKeyError('expected an Ed25519 public key');
  }
  return jwk.x;
};

/** RFC 7638 §3.2: SHA-256 over the required members {crv, kty, x} in lexicographic order, without whitespace. */
export const ed25519Thumbprint = (publicKey: KeyObject): string =>
  sha256(canonicalJson({ crv: 'Ed25519', kty: 'OKP', x: ed25519X(publicKey) })).toString('base64url');
