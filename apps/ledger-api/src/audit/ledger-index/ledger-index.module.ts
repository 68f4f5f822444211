import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { LedgerConfig } from '../../config/ledger-config.js';
import { LedgerIndex } from './ledger-index.js';
import { LedgerIndexer } from './ledger-indexer.js';

/** The audit index (`LEDGER_DATA_DIR/audit/ledger-index.db`) and the subscription that feeds it. */
@Module({
  providers: [
    {
      provide: LedgerIndex,
      inject: [LedgerConfig],
      useFactory: (config: LedgerConfig) => LedgerIndex.open(join(config.LEDGER_DATA_DIR, 'audit', 'ledger-index.db')),
    },
    LedgerIndexer,
  ],
  exports: [LedgerIndex, LedgerIndexer],
})
export class LedgerIndexModule {}
