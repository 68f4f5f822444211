import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** Held while its owner uses the folder; `release` is idempotent. */
export interface DirectoryLock {
  /** The lock file, in the folder it guards. */
  readonly file: string;
  release(): void;
}

/** Another process, or another owner in this one, holds the folder. */
export class DirectoryInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly file: string,
    readonly holder: string,
  ) {
    super(`${directory} is in use: another ${holder} holds ${file}. Stop it, or give this one a folder of its own.`);
    this.name = 'DirectoryInUseError';
  }
}

/**
 * Takes the exclusive lock `name` in `directory` (created when absent), for one holder at a time (`holder` names who
 * may hold it, for the error), or throws `DirectoryInUseError` at once. The lock is SQLite's own exclusive file
 * lock, held by an open transaction: the operating system drops it when the process ends, crash or not, so a
 * restart after a crash never finds a stale lock to clean up; another connection in the same process is refused too.
 */
export const lockDirectory = (directory: string, name: string, holder: string): DirectoryLock => {
  const folder = resolve(directory);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    // A file where the folder should be, no permission: say which folder, not only the system's word.
    throw new Error(`cannot use ${folder} as a folder: ${(error as Error).message}`, { cause: error });
  }
  const file = join(folder, name);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DirectoryInUseError(folder, file, holder);
    throw error;
  }
  return {
    file,
    release: () => {
      if (db.open) db.close();
    },
  };
};
