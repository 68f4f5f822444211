import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { identityConfigFrom, type IdentityConfig } from '../../identity/index.js';

export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scope: string;
  readonly redirectUrl: URL;
}

export type SignInMode = { readonly kind: 'local'; readonly dataDir: string } | { readonly kind: 'oidc'; readonly oidc: OidcSettings };

/**
 * How people sign in, from the same settings the API's token verification uses. With an identity provider
 * (AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCE) the pages also need AUTH_CLIENT_ID (and AUTH_CLIENT_SECRET for a
 * confidential client; AUTH_SCOPE, default "openid profile"); the redirect URL is PUBLIC_BASE_URL/sign-in/callback.
 * Without one: the local sign-in page, with the local issuer's key.
 */
@Injectable()
export class SignInModes {
  readonly mode: SignInMode;

  constructor(config: ConfigService) {
    const read = (name: string): string | undefined => {
      const value = config.get<string>(name)?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    const identity: IdentityConfig = identityConfigFrom(read);
    if (identity.kind === 'local') {
      this.mode = { kind: 'local', dataDir: identity.dataDir };
      return;
    }
    const base = read('PUBLIC_BASE_URL') ?? `http://localhost:${read('PORT') ?? '3000'}`;
    const clientSecret = read('AUTH_CLIENT_SECRET');
    this.mode = {
      kind: 'oidc',
      oidc: {
        issuer: new URL(identity.issuer),
        clientId: read('AUTH_CLIENT_ID') ?? '',
        ...(clientSecret === undefined ? {} : { clientSecret }),
        scope: read('AUTH_SCOPE') ?? 'openid profile',
        redirectUrl: new URL('/sign-in/callback', base),
      },
    };
  }
}
