import { join } from 'node:path';

/** The audit index's SQLite file under the service's data directory. */
export const ledgerIndexFile = (dataDir: string): string => join(dataDir, 'audit', 'ledger-index.db');
