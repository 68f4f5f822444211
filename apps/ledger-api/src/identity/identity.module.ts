import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { identityConfigFrom } from './identity-config.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * Importing this module protects every route of the app: a valid bearer token (unless `@Public()`), then the
 * route's `@Roles(...)` and the partner/tenant scopes. Reads AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE and
 * LEDGER_DATA_DIR through ConfigService; in local mode the signing key is created during module init (first start).
 */
@Module({
  imports: [ConfigModule],
  providers: [
    {
      provide: TokenVerifier,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => TokenVerifier.forConfig(identityConfigFrom((name) => config.get<string>(name))),
    },
    // Registration order is execution order: authenticate, then decide access.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier],
})
export class IdentityModule {}
