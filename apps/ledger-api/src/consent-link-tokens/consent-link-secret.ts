import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOrCreatePrivateFile } from '../keys/private-file.js';

const SECRET_BYTES = 32;

export const consentLinkSecretPath = (dataDir: string): string => join(dataDir, 'keys', 'consent-link-hmac.key');

/**
 * The HMAC key consent link tokens are signed with: 32 random bytes in `LEDGER_DATA_DIR/keys`, created on
 * first start. Created by linking a complete temporary file into place, so two instances starting on one
 * data dir agree on one key (the loser reads the winner's) and nobody reads half a key.
 */
export const loadOrCreateConsentLinkSecret = (dataDir: string): Promise<Buffer> =>
  readOrCreatePrivateFile(consentLinkSecretPath(dataDir), readSecret, () =>
    randomBytes(SECRET_BYTES).toString('hex'),
  );

const readSecret = async (path: string): Promise<Buffer> => {
  const secret = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  if (secret.length !== SECRET_BYTES) {
    throw new Error(`${path} does not hold a ${SECRET_BYTES}-byte hex key; remove it to have a new one created`);
  }
  return secret;
};
