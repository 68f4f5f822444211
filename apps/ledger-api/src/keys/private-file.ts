/**
 * A secret kept in a private file (a signing key, an HMAC key): read when it exists, otherwise created once and
 * then read. Framework-free (the CLI uses it too).
 *
 * Written atomically and race-free: the contents go to a private temporary file (mode 0600, fsynced), which is then
 * hard-linked to its final name and the directory entry fsynced. link() fails if the name exists, so two processes
 * starting together on one data dir never overwrite each other's file: the loser reads the winner's. A reader never
 * sees a half-written file.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

// Duck-typed: errors thrown by Node's fs may come from another realm (jest's VM), where instanceof fails.
const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

const syncPath = async (path: string, flags: string, contents?: string): Promise<void> => {
  const handle = await open(path, flags, PRIVATE_FILE_MODE);
  try {
    if (contents !== undefined) await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
};

const writePrivateFileOnce = async (path: string, contents: string): Promise<void> => {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await syncPath(temporary, 'wx', contents);
  try {
    await link(temporary, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temporary);
  }
  await syncPath(dirname(path), 'r'); // the new directory entry itself made durable
};

/**
 * Returns `read(path)`; when the file does not exist yet, first creates it (in a 0700 directory, mode 0600) holding
 * `contents()` — unless another process got there first, whose file is then read instead.
 */
export const readOrCreatePrivateFile = async <T>(
  path: string,
  read: (path: string) => Promise<T>,
  contents: () => string | Promise<string>,
): Promise<T> => {
  try {
    return await read(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  await writePrivateFileOnce(path, await contents());
  return read(path);
};

/** Throws when users other than the owner may read the file; `what` names it in the message (e.g. "the notary key"). */
export const refuseIfReadableByOthers = async (path: string, what: string): Promise<void> => {
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${what} ${path} is readable by other users (mode ${mode.toString(8)}): run "chmod 600 ${path}"`);
  }
};
