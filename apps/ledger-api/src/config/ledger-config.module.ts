import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { Environment } from './load-ledger-config.js';
import { LedgerConfig } from './ledger-config.js';

/**
 * Makes the validated `LedgerConfig` injectable everywhere, and `ConfigService` read the same
 * environment (with the overrides `createLedgerApi` was given) for variables other modules own.
 */
@Global()
@Module({})
export class LedgerConfigModule {
  static register(config: LedgerConfig, environment: Environment): DynamicModule {
    return {
      module: LedgerConfigModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...environment })] })],
      providers: [{ provide: LedgerConfig, useValue: config }],
      exports: [LedgerConfig, ConfigModule],
    };
  }
}
