/**
 * The pages' CSRF key: 32 random bytes (hex) in `LEDGER_DATA_DIR/keys/pages-csrf-hmac.key`, created on first
 * start and reused, so a form loaded before a restart, or served by another instance on the same data dir, is
 * still accepted. Created race-free and atomically: a complete private temporary file (mode 0600, fsynced) is
 * hard-linked to the final name; link() fails when the name exists, so two instances starting together agree on
 * one key (the loser reads the winner's) and nobody ever reads half a key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const KEY_BYTES = 32;

export const csrfKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'pages-csrf-hmac.key');

// Duck-typed: errors of Node's fs may come from another realm (jest's VM), where instanceof fails.
const errnoOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;

const syncFile = async (path: string, flags: string, contents?: string): Promise<void> => {
  const handle = await open(path, flags, 0o600);
  try {
    if (contents !== undefined) await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const readKey = async (path: string): Promise<Buffer> => {
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new Error(`the pages' CSRF key ${path} is readable by other users (mode ${mode.toString(8)}): run "chmod 600 ${path}"`);
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte hex key: remove it to have a new one created`);
  return key;
};

export const loadOrCreateCsrfKey = async (dataDir: string): Promise<Buffer> => {
  const path = csrfKeyPath(dataDir);
  try {
    return await readKey(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
  const dir = join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomUUID()}.tmp`;
  await syncFile(temporary, 'wx', `${randomBytes(KEY_BYTES).toString('hex')}\n`);
  try {
    await link(temporary, path);
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  await syncFile(dir, 'r'); // the new directory entry itself made durable
  return readKey(path);
};
