import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { LedgerConfigModule } from './config/ledger-config.module.js';
import type { LedgerConfig } from './config/ledger-config.js';
import type { Environment } from './config/load-ledger-config.js';
import { HealthModule } from './health/health.module.js';
import { IdentityModule } from './identity/index.js';
import { LedgerFollowersModule } from './ledger-followers/ledger-followers.module.js';
import { NotaryKeysModule } from './notary/notary-keys.module.js';
import { LedgerWritesModule } from './ledger-writes/ledger-writes.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { PagesModule } from './pages/pages.module.js';
import { ReadSideModule } from './read-models/read-side.module.js';
import { EventStoreModule } from './store/event-store.module.js';

export type FeatureModules = NonNullable<ModuleMetadata['imports']>;

/** The service's root: infrastructure first, then the feature modules (one folder each). */
@Module({})
export class AppModule {
  static register(config: LedgerConfig, environment: Environment, features: FeatureModules = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerConfigModule.register(config, environment),
        EventStoreModule.register(config),
        // The notary's signing key: the notary signs with it, the followers thread indexes only what it signed.
        NotaryKeysModule,
        // The read models and the audit index, kept up with $all on a thread of their own.
        LedgerFollowersModule,
        // Guards every route (bearer token, roles, partner/tenant scopes) unless it is marked @Public().
        IdentityModule,
        HealthModule,
        OpenApiModule,
        // Projections ($all subscription → SQLite) and the queries and "Validate device submission data" on them.
        ReadSideModule,
        LedgerWritesModule,
        AuditModule,
        PagesModule,
        ...features,
      ],
    };
  }
}
