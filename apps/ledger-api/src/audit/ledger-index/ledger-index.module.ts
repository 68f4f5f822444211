import { Module } from '@nestjs/common';
import { LedgerConfig } from '../../config/ledger-config.js';
import { LedgerFollowers } from '../../ledger-followers/ledger-followers.js';
import { LedgerIndex } from './ledger-index.js';
import { ledgerIndexFile } from './ledger-index-file.js';
import { LedgerIndexer } from './ledger-indexer.js';

/** The audit index (`LEDGER_DATA_DIR/audit/ledger-index.db`), read here as the `LedgerFollowers` thread records it. */
@Module({
  providers: [
    {
      provide: LedgerIndex,
      // Injecting the followers makes sure their thread opened (created or migrated) the file first.
      inject: [LedgerConfig, LedgerFollowers],
      useFactory: (config: LedgerConfig) => LedgerIndex.openReader(ledgerIndexFile(config.LEDGER_DATA_DIR)),
    },
    LedgerIndexer,
  ],
  exports: [LedgerIndex, LedgerIndexer],
})
export class LedgerIndexModule {}
