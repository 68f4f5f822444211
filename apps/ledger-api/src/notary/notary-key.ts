import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportSigningKey, generateSigningKey, importSigningKey, type LedgerSigningKey } from '@ledger/ledger-proofs';

const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

/**
 * The notary's Ed25519 key: read from `path`, or created there on first start (mode 0600). Created through a
 * private temporary file hard-linked to its name, so two instances starting together on one data dir end up with
 * the same key: link() fails for the loser, which then reads the winner's.
 */
export const loadOrCreateNotaryKey = async (path: string): Promise<LedgerSigningKey> => {
  try {
    return importSigningKey(await readFile(path, 'utf8'));
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(exportSigningKey(generateSigningKey()));
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
  return importSigningKey(await readFile(path, 'utf8'));
};
