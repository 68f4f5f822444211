import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { OidcSettings } from './sign-in-mode.js';

/** What the browser keeps (HttpOnly cookie, ten minutes) between leaving for the provider and coming back. */
export interface OidcTransaction {
  readonly codeVerifier: string;
  readonly state: string;
  readonly returnTo: string;
}

export const OIDC_COOKIE = 'ledger_oidc';
export const OIDC_COOKIE_SECONDS = 600;

export const encodeTransaction = (transaction: OidcTransaction): string => Buffer.from(JSON.stringify(transaction)).toString('base64url');

export const decodeTransaction = (value: string | undefined): OidcTransaction | undefined => {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<OidcTransaction>;
    const { codeVerifier, state, returnTo } = parsed;
    return typeof codeVerifier === 'string' && typeof state === 'string' && typeof returnTo === 'string' ? { codeVerifier, state, returnTo } : undefined;
  } catch {
    return undefined;
  }
};

/**
 * OpenID Connect authorization code flow with PKCE (S256) and `state`, through `openid-client` (maintained,
 * certified). The provider's metadata is discovered once. Plain http is allowed only for a loopback issuer (tests).
 */
@Injectable()
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  private configurationFor(settings: OidcSettings): Promise<client.Configuration> {
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(settings.issuer.hostname);
    this.configuration ??= client
      .discovery(
        settings.issuer,
        settings.clientId,
        undefined,
        settings.clientSecret === undefined ? client.None() : client.ClientSecretPost(settings.clientSecret),
        loopback && settings.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async start(settings: OidcSettings, returnTo: string): Promise<{ url: URL; transaction: OidcTransaction }> {
    const configuration = await this.configurationFor(settings);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl.href,
      scope: settings.scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url, transaction: { codeVerifier, state, returnTo } };
  }

  /** The access token for this API (what the session keeps and the API verifies). */
  async finish(settings: OidcSettings, callbackQuery: string, transaction: OidcTransaction): Promise<string> {
    const configuration = await this.configurationFor(settings);
    const current = new URL(settings.redirectUrl.href);
    current.search = callbackQuery;
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
    });
    return tokens.access_token;
  }
}
