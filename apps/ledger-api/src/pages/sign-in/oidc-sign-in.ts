import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { OidcTransaction } from './oidc-transaction.js';
import type { OidcSettings } from './sign-in-mode.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Plain http to the provider is allowed for a loopback issuer only (a provider on this machine, as in tests), the
 * same rule as AUTH_JWKS_URL's; anywhere else openid-client's https requirement stands.
 */
export const insecureLoopbackIssuer = (issuer: URL): boolean => issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);

/**
 * OpenID Connect authorization code flow with PKCE (S256), `state` and `nonce`, through `openid-client` 6
 * (maintained, certified). The provider's metadata is discovered once (again after a failed discovery).
 * openid-client checks the callback's state, exchanges the code with the PKCE verifier and checks the ID token
 * (issuer, audience = the client id, expiry, nonce); the session keeps the access token, which the API verifies.
 */
@Injectable()
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  private configurationFor(settings: OidcSettings): Promise<client.Configuration> {
    const authentication = settings.clientSecret === undefined ? client.None() : client.ClientSecretPost(settings.clientSecret);
    const options = insecureLoopbackIssuer(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {};
    this.configuration ??= client.discovery(settings.issuer, settings.clientId, undefined, authentication, options).catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  async start(settings: OidcSettings, returnTo: string): Promise<{ url: URL; transaction: OidcTransaction }> {
    const configuration = await this.configurationFor(settings);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl.href,
      scope: settings.scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, transaction: { codeVerifier, state, nonce, returnTo } };
  }

  /** The access token for this API, or a rejection saying why the provider's answer is not accepted. */
  async finish(settings: OidcSettings, callbackQuery: string, transaction: OidcTransaction): Promise<string> {
    const configuration = await this.configurationFor(settings);
    const current = new URL(settings.redirectUrl.href);
    current.search = callbackQuery;
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    return tokens.access_token;
  }
}
