import { readFile } from 'node:fs/promises';
import { exportSigningKey, generateSigningKey, importSigningKey, type LedgerSigningKey } from '@ledger/ledger-proofs';
import { readOrCreatePrivateFile } from '../keys/private-file.js';

/**
 * The notary's Ed25519 key: read from `path`, or created there on first start (mode 0600). Created through a
 * private temporary file hard-linked to its name, so two instances starting together on one data dir end up with
 * the same key: link() fails for the loser, which then reads the winner's.
 */
export const loadOrCreateNotaryKey = (path: string): Promise<LedgerSigningKey> =>
  readOrCreatePrivateFile(
    path,
    async (at) => importSigningKey(await readFile(at, 'utf8')),
    () => exportSigningKey(generateSigningKey()),
  );
