/**
 * The local issuer's Ed25519 key: created once, on first start, then reused. Framework-free (the CLI uses it too).
 *
 * Written atomically and race-free: the key goes to a private temporary file (mode 0600, fsynced), which is then
 * hard-linked to its final name. link() fails if the name exists, so two processes starting together on one data
 * dir never overwrite each other's key: the loser reads the winner's. A reader never sees a half-written key.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { LOCAL_SIGNING_ALGORITHM, localKeysDir, localSigningKeyPath } from './local-issuer.js';

export interface LocalSigningKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The key's RFC 7638 thumbprint, sent as the JWS `kid`. */
  readonly kid: string;
  readonly path: string;
}

const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

// Duck-typed: errors thrown by Node's fs may come from another realm (jest's VM), where instanceof fails.
const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

const writePrivateFileOnce = async (path: string, contents: string): Promise<void> => {
  const temporary = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dirname(path));
};

/** Makes the new directory entry itself durable, not only the file's contents. */
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const refuseIfReadableByOthers = async (path: string): Promise<void> => {
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `the local signing key ${path} is readable by other users (mode ${mode.toString(8)}): run "chmod 600 ${path}"`,
    );
  }
};

const createKeyFile = async (path: string): Promise<void> => {
  const { privateKey } = await generateKeyPair(LOCAL_SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  await writePrivateFileOnce(path, `${JSON.stringify({ ...jwk, alg: LOCAL_SIGNING_ALGORITHM })}\n`);
};

const readKeyFile = async (path: string): Promise<LocalSigningKey> => {
  await refuseIfReadableByOthers(path);
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
export const loadOrCreateLocalSigningKey = async (dataDir: string): Promise<LocalSigningKey> => {
  const path = localSigningKeyPath(dataDir);
  await mkdir(localKeysDir(dataDir), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    return await readKeyFile(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await createKeyFile(path);
  return readKeyFile(path);
};
