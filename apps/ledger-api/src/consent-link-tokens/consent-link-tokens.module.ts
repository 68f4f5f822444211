import { Module } from '@nestjs/common';
import { LedgerConfig } from '../config/ledger-config.js';
import { loadOrCreateConsentLinkSecret } from './consent-link-secret.js';
import { ConsentLinkToken } from './consent-link-token.js';
import { ConsentLinks } from './consent-link-urls.js';

/** Signs and verifies the tokens of consent links, with a key kept in `LEDGER_DATA_DIR`. */
@Module({
  providers: [
    {
      provide: ConsentLinkToken,
      inject: [LedgerConfig],
      useFactory: async (config: LedgerConfig) =>
        new ConsentLinkToken(await loadOrCreateConsentLinkSecret(config.LEDGER_DATA_DIR)),
    },
    ConsentLinks,
  ],
  exports: [ConsentLinks],
})
export class ConsentLinkTokensModule {}
