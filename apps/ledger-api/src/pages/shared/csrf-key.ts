/**
 * The pages' CSRF key: 32 random bytes (hex) in `LEDGER_DATA_DIR/keys/pages-csrf-hmac.key`, created on first
 * start and reused, so a form loaded before a restart, or served by another instance on the same data dir, is
 * still accepted. Created race-free and atomically by `readOrCreatePrivateFile`: two instances starting together
 * agree on one key (the loser reads the winner's) and nobody ever reads half a key.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOrCreatePrivateFile, refuseIfReadableByOthers } from '../../keys/private-file.js';

const KEY_BYTES = 32;

export const csrfKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'pages-csrf-hmac.key');

const readKey = async (path: string): Promise<Buffer> => {
  await refuseIfReadableByOthers(path, "the pages' CSRF key");
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte hex key: remove it to have a new one created`);
  return key;
};

export const loadOrCreateCsrfKey = (dataDir: string): Promise<Buffer> =>
  readOrCreatePrivateFile(csrfKeyPath(dataDir), readKey, () => `${randomBytes(KEY_BYTES).toString('hex')}\n`);
