import { resolve } from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { READ_MODELS_FILE } from '@ledger/projections';
import { ledgerIndexFile } from '../audit/ledger-index/ledger-index-file.js';
import { LedgerConfig } from '../config/ledger-config.js';
import { NotaryKeyring } from '../notary/notary-keyring.js';
import { eventStoreLoggerOf } from '../store/event-store-logger.js';
import { StoreConnection } from '../store/store-connection.js';
import { LedgerFollowers } from './ledger-followers.js';

/**
 * The thread that keeps the read models (`LEDGER_DATA_DIR/read-models.sqlite`) and the audit index
 * (`LEDGER_DATA_DIR/audit/ledger-index.db`) up with `$all`; global, so the read side and the audit read what it commits.
 */
@Global()
@Module({
  providers: [
    {
      provide: LedgerFollowers,
      inject: [LedgerConfig, StoreConnection, NotaryKeyring],
      useFactory: (config: LedgerConfig, connection: StoreConnection, keyring: NotaryKeyring) =>
        LedgerFollowers.start(
          {
            connectionString: connection.connectionString,
            readModelsPath: resolve(config.LEDGER_DATA_DIR, READ_MODELS_FILE),
            indexPath: resolve(ledgerIndexFile(config.LEDGER_DATA_DIR)),
            // Only this ledger's checkpoints are indexed (served, embedded in receipts).
            checkpointKeys: keyring.jwks(),
          },
          eventStoreLoggerOf(new Logger('LedgerFollowers')),
        ),
    },
  ],
  exports: [LedgerFollowers],
})
export class LedgerFollowersModule {}
