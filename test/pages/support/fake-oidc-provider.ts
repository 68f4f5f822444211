import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Who "signs in" at the provider next: the claims an Entra user's tokens carry. */
export interface FakeUser {
  readonly tid: string;
  readonly upn: string;
  readonly wids?: readonly string[];
  readonly roles?: readonly string[];
  readonly partnerId?: string;
}

export interface FakeProviderOptions {
  readonly clientId: string;
  /** Where the relying party must ask to come back to (its `PUBLIC_BASE_URL/sign-in/callback`). */
  readonly redirectUri: string;
  /** The `aud` of access tokens: the ledger API (AUTH_AUDIENCE). */
  readonly apiAudience: string;
}

interface PendingCode {
  readonly user: FakeUser;
  readonly codeChallenge: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly scope: string;
}

/** What the provider saw and refused, so tests can tell which check failed. */
export interface ProviderLog {
  readonly authorizations: URLSearchParams[];
  readonly refusals: string[];
  readonly tokensIssued: number;
}

const S256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/**
 * A tiny OpenID provider for tests, shaped like Microsoft Entra ID's v2.0 endpoints, on 127.0.0.1 (plain http, port
 * 0): discovery, JWKS (an RS256 key made here), an authorize endpoint that checks the client, the redirect URI,
 * PKCE (S256 only), state and nonce and redirects straight back with a code for `nextUser`, and a token endpoint
 * that checks the code (single use) and the PKCE verifier and returns an ID token and an access token for the API.
 */
export class FakeOidcProvider {
  /** The identity the next authorization signs in (the "user at the keyboard"). */
  nextUser: FakeUser = { tid: randomUUID(), upn: 'admin@contoso.onmicrosoft.com', wids: [GLOBAL_ADMINISTRATOR] };
  /** Set: the next access token is issued for this audience instead of the API's (a misconfigured scope), once. */
  nextAccessTokenAudience: string | undefined;
  private readonly codes = new Map<string, PendingCode>();
  private readonly authorizations: URLSearchParams[] = [];
  private readonly refusals: string[] = [];
  private tokensIssued = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeProviderOptions,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly origin: string,
  ) {}

  static async start(options: FakeProviderOptions): Promise<FakeOidcProvider> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'fake-key-1', alg: 'RS256', use: 'sig' };
    let provider: FakeOidcProvider | undefined;
    const server = createServer((request, response) => {
      provider?.handle(request, response).catch((error: unknown) => send(response, 500, { error: 'server_error', error_description: String(error) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new FakeOidcProvider(server, options, privateKey, publicJwk, `http://127.0.0.1:${port}`);
    return provider;
  }

  /** Entra-shaped: a tenant's issuer has a path, `…/<tenant>/v2.0`. */
  get issuer(): string {
    return `${this.origin}/fake-tenant/v2.0`;
  }

  get jwksUrl(): string {
    return `${this.origin}/fake-tenant/discovery/v2.0/keys`;
  }

  get log(): ProviderLog {
    return { authorizations: [...this.authorizations], refusals: [...this.refusals], tokensIssued: this.tokensIssued };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** An access token for the API, as the provider would issue it to a partner's app or a user (API set-up in tests). */
  accessTokenFor(user: FakeUser, subject = `user-${user.upn}`, audience = this.options.apiAudience): Promise<string> {
    const claims: Record<string, unknown> = {
      tid: user.tid,
      oid: subject,
      upn: user.upn,
      wids: [...(user.wids ?? [])],
      roles: [...(user.roles ?? [])],
      scp: 'access_as_user',
      azp: this.options.clientId,
      ver: '2.0',
    };
    if (user.partnerId !== undefined) claims.partner_id = user.partnerId;
    return this.sign(claims, audience, subject);
  }

  private sign(claims: Record<string, unknown>, audience: string, subject: string): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: String(this.publicJwk.kid) })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(this.privateKey);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const base = new URL(this.issuer).pathname;
    if (request.method === 'GET' && url.pathname === `${base}/.well-known/openid-configuration`) return send(response, 200, this.discovery());
    if (request.method === 'GET' && url.pathname === new URL(this.jwksUrl).pathname) return send(response, 200, { keys: [this.publicJwk] });
    if (request.method === 'GET' && url.pathname === `${base}/authorize`) return this.authorize(url.searchParams, response);
    if (request.method === 'POST' && url.pathname === `${base}/token`) return this.token(new URLSearchParams(await readBody(request)), response);
    send(response, 404, { error: 'not_found' });
  }

  private discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/authorize`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: this.jwksUrl,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    };
  }

  private refuse(response: ServerResponse, status: number, error: string, description: string): void {
    this.refusals.push(`${error}: ${description}`);
    send(response, status, { error, error_description: description });
  }

  private authorize(query: URLSearchParams, response: ServerResponse): void {
    this.authorizations.push(query);
    const problem =
      query.get('response_type') !== 'code' ? 'response_type must be code'
      : query.get('client_id') !== this.options.clientId ? 'unknown client_id'
      : query.get('redirect_uri') !== this.options.redirectUri ? 'redirect_uri is not registered for this client'
      : query.get('code_challenge_method') !== 'S256' ? 'PKCE with S256 is required'
      : !/^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '') ? 'code_challenge must be a S256 challenge'
      : !(query.get('scope') ?? '').split(' ').includes('openid') ? 'scope must include openid'
      : (query.get('state') ?? '').length < 16 ? 'state is required'
      : (query.get('nonce') ?? '').length < 16 ? 'nonce is required'
      : undefined;
    if (problem !== undefined) return this.refuse(response, 400, 'invalid_request', problem);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      user: this.nextUser,
      codeChallenge: query.get('code_challenge') ?? '',
      nonce: query.get('nonce') ?? '',
      redirectUri: query.get('redirect_uri') ?? '',
      scope: query.get('scope') ?? '',
    });
    const back = new URL(this.options.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    response.writeHead(302, { location: back.href }).end();
  }

  private async token(form: URLSearchParams, response: ServerResponse): Promise<void> {
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code); // single use, even when the exchange is refused
    if (form.get('grant_type') !== 'authorization_code') return this.refuse(response, 400, 'unsupported_grant_type', 'authorization_code only');
    if (form.get('client_id') !== this.options.clientId) return this.refuse(response, 401, 'invalid_client', 'unknown client_id');
    if (pending === undefined) return this.refuse(response, 400, 'invalid_grant', 'unknown or used code');
    if (form.get('redirect_uri') !== pending.redirectUri) return this.refuse(response, 400, 'invalid_grant', 'redirect_uri differs');
    if (S256(form.get('code_verifier') ?? '') !== pending.codeChallenge) return this.refuse(response, 400, 'invalid_grant', 'code_verifier does not match');
    const subject = `user-${pending.user.upn}`;
    const idToken = await this.sign({ tid: pending.user.tid, nonce: pending.nonce, preferred_username: pending.user.upn, ver: '2.0' }, this.options.clientId, subject);
    this.tokensIssued += 1;
    const audience = this.nextAccessTokenAudience ?? this.options.apiAudience;
    this.nextAccessTokenAudience = undefined;
    send(response, 200, {
      token_type: 'Bearer',
      scope: pending.scope,
      expires_in: 3600,
      access_token: await this.accessTokenFor(pending.user, subject, audience),
      id_token: idToken,
    });
  }
}

const send = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
