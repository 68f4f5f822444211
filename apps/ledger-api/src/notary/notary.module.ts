import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config.js';
import { LedgerIndex } from '../audit/ledger-index/ledger-index.js';
import { LedgerIndexModule } from '../audit/ledger-index/ledger-index.module.js';
import { CheckpointLog } from './checkpoint-log.js';
import { loadNotaryConfig } from './load-notary-config.js';
import { Notary } from './notary.js';
import { NotaryConfig, notaryKeyPath } from './notary-config.js';
import { loadOrCreateNotaryKey } from './notary-key.js';
import { NotaryKeyring } from './notary-keyring.js';

/** The notary (elected, one active across instances) and the key it signs with. */
@Module({
  imports: [LedgerIndexModule],
  providers: [
    {
      provide: NotaryConfig,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => loadNotaryConfig((name) => config.get<string>(name)),
    },
    {
      provide: NotaryKeyring,
      inject: [NotaryConfig, LedgerConfig],
      useFactory: async (config: NotaryConfig, ledger: LedgerConfig) =>
        new NotaryKeyring(await loadOrCreateNotaryKey(notaryKeyPath(config, ledger.LEDGER_DATA_DIR))),
    },
    { provide: CheckpointLog, inject: [EventStore], useFactory: (eventStore: EventStore) => new CheckpointLog(eventStore) },
    {
      provide: Notary,
      inject: [NotaryConfig, NotaryKeyring, LedgerIndex, CheckpointLog],
      useFactory: (config: NotaryConfig, keyring: NotaryKeyring, index: LedgerIndex, log: CheckpointLog) =>
        new Notary(config, keyring, index, log),
    },
  ],
  exports: [Notary, NotaryKeyring],
})
export class NotaryModule {}
