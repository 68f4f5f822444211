/**
 * The local issuer's Ed25519 key: created once, on first start, then reused. Framework-free (the CLI uses it too).
 * Written atomically and race-free by `readOrCreatePrivateFile`: two processes starting together on one data dir
 * end up with one key, and a reader never sees a half-written key.
 */
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { readOrCreatePrivateFile, refuseIfReadableByOthers } from '../keys/private-file.js';
import { LOCAL_SIGNING_ALGORITHM, localSigningKeyPath } from './local-issuer.js';

export interface LocalSigningKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The key's RFC 7638 thumbprint, sent as the JWS `kid`. */
  readonly kid: string;
  readonly path: string;
}

const newKeyFileContents = async (): Promise<string> => {
  const { privateKey } = await generateKeyPair(LOCAL_SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return `${JSON.stringify({ ...jwk, alg: LOCAL_SIGNING_ALGORITHM })}\n`;
};

const readKeyFile = async (path: string): Promise<LocalSigningKey> => {
  await refuseIfReadableByOthers(path, 'the local signing key');
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (error) {
    throw new Error(`the local signing key ${path} is not valid JSON: delete it to create a new key`, { cause: error });
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
    throw new Error(`the local signing key ${path} is not an Ed25519 private JWK: delete it to create a new key`);
  }
  const { d: _private, ...publicJwk } = jwk;
  const privateKey = (await importJWK(jwk, LOCAL_SIGNING_ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, LOCAL_SIGNING_ALGORITHM)) as CryptoKey;
  return { privateKey, publicKey, kid: await calculateJwkThumbprint(publicJwk), path };
};

/** Returns the local issuer's key from `${dataDir}/keys/`, creating it there first if it does not exist yet. */
export const loadOrCreateLocalSigningKey = (dataDir: string): Promise<LocalSigningKey> =>
  readOrCreatePrivateFile(localSigningKeyPath(dataDir), readKeyFile, newKeyFileContents);
