import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LedgerConfig } from '../config/ledger-config.js';
import { loadNotaryConfig } from './load-notary-config.js';
import { NotaryConfig, notaryKeyPath } from './notary-config.js';
import { loadOrCreateNotaryKey } from './notary-key.js';
import { NotaryKeyring } from './notary-keyring.js';

/**
 * The notary's configuration and signing key, loaded (or created) once: global, so that the notary signs with it and
 * the ledger-followers thread indexes only the checkpoints it signed, without either module importing the other.
 */
@Global()
@Module({
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
  ],
  exports: [NotaryConfig, NotaryKeyring],
})
export class NotaryKeysModule {}
