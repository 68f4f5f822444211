import { Module } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { LedgerIndex } from '../audit/ledger-index/ledger-index.js';
import { LedgerIndexModule } from '../audit/ledger-index/ledger-index.module.js';
import { CheckpointLog } from './checkpoint-log.js';
import { Notary } from './notary.js';
import { NotaryConfig } from './notary-config.js';
import { NotaryKeyring } from './notary-keyring.js';

/** The notary (elected, one active across instances); its configuration and key come from `NotaryKeysModule`. */
@Module({
  imports: [LedgerIndexModule],
  providers: [
    { provide: CheckpointLog, inject: [EventStore], useFactory: (eventStore: EventStore) => new CheckpointLog(eventStore) },
    {
      provide: Notary,
      inject: [NotaryConfig, NotaryKeyring, LedgerIndex, CheckpointLog],
      useFactory: (config: NotaryConfig, keyring: NotaryKeyring, index: LedgerIndex, log: CheckpointLog) =>
        new Notary(config, keyring, index, log),
    },
  ],
  exports: [Notary],
})
export class NotaryModule {}
