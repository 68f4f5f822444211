import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SECRET_BYTES = 32;

export const consentLinkSecretPath = (dataDir: string): string => join(dataDir, 'keys', 'consent-link-hmac.key');

/**
 * The HMAC key consent link tokens are signed with: 32 random bytes in `LEDGER_DATA_DIR/keys`, created on
 * first start. Created by linking a complete temporary file into place, so two instances starting on one
 * data dir agree on one key (the loser reads the winner's) and nobody reads half a key.
 */
export const loadOrCreateConsentLinkSecret = async (dataDir: string): Promise<Buffer> => {
  const path = consentLinkSecretPath(dataDir);
  try {
    return await readSecret(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, randomBytes(SECRET_BYTES).toString('hex'), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return readSecret(path);
};

const readSecret = async (path: string): Promise<Buffer> => {
  const secret = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  if (secret.length !== SECRET_BYTES) {
    throw new Error(`${path} does not hold a ${SECRET_BYTES}-byte hex key; remove it to have a new one created`);
  }
  return secret;
};
