import { lockDirectory, type DirectoryLock } from '@ledger/directory-lock';

/**
 * Held by whoever writes `LEDGER_DATA_DIR` (its read models, audit index, keys; with the embedded store, the store):
 * the service while it runs, `projections:rebuild` while it rebuilds. A second one on the same folder is refused at
 * start; a crash leaves no stale lock (see `lockDirectory`).
 */
export const lockLedgerDataDir = (dataDir: string): DirectoryLock =>
  lockDirectory(dataDir, 'ledger.lock', 'ledger service (or projections:rebuild)');
