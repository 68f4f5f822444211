import type { Environment } from '../../../apps/ledger-api/src/config/load-ledger-config.js';
import { ledgerEnvironment } from '../../support/ledger-environment.js';

/**
 * A service under test for the audit suites: checkpoints only when a test asks (`Notary.checkpointNow()`),
 * since the notary's count and timer never find one due.
 */
export const auditEnvironment = (dataDir: string): Environment =>
  ledgerEnvironment(dataDir, {
    NOTARY_CHECKPOINT_EVERY_EVENTS: '1000000',
    NOTARY_CHECKPOINT_INTERVAL_MS: '86400000',
  });
