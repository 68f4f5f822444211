import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from './actor.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-issuer.js';
import { mintLocalToken } from './local-token.js';
import { IssuerUnreachableError, TokenRejectedError } from './token-rejection.js';
import { TokenVerifier } from './token-verifier.js';

const partnerClaims = { sub: 'app-p1', tid: 'tenant-p1', roles: ['partner' as const], partnerId: 'P1' };

describe('TokenVerifier, local issuer', () => {
  let dataDir: string;
  let otherDataDir: string;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'identity-verifier-'));
    otherDataDir = await mkdtemp(join(tmpdir(), 'identity-forger-'));
    verifier = await TokenVerifier.forConfig({ kind: 'local', dataDir });
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDataDir, { recursive: true, force: true });
  });

  const rejection = async (token: string): Promise<string> => {
    const error = await verifier.verify(token).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TokenRejectedError);
    return (error as Error).message;
  };

  it('accepts a token it minted and reads the actor from Entra-shaped claims', async () => {
    const token = await mintLocalToken(dataDir, {
      sub: 'user-1',
      tid: 'tenant-c1',
      wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
      upn: 'admin@contoso.onmicrosoft.com',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'user-1',
      tid: 'tenant-c1',
      roles: [],
      wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
      signInName: 'admin@contoso.onmicrosoft.com',
    });
    await expect(verifier.verify(await mintLocalToken(dataDir, partnerClaims))).resolves.toMatchObject({
      roles: ['partner'],
      partnerId: 'P1',
    });
  });

  it('rejects an expired token', async () => {
    expect(await rejection(await mintLocalToken(dataDir, partnerClaims, '-1h'))).toMatch(/expired at .*get a new token/);
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await mintLocalToken(dataDir, partnerClaims, '2h', { notBefore: new Date(Date.now() + 3_600_000) });
    expect(await rejection(token)).toMatch(/not valid before/);
  });

  it('rejects a token signed by another key', async () => {
    expect(await rejection(await mintLocalToken(otherDataDir, partnerClaims))).toMatch(/forged or signed by another issuer/);
  });

  it('rejects a token for another audience', async () => {
    const token = await mintLocalToken(dataDir, partnerClaims, '1h', { audience: 'api://someone-else' });
    expect(await rejection(token)).toContain(`is not this API (${LOCAL_AUDIENCE})`);
  });

  it('rejects a token from another issuer', async () => {
    const token = await mintLocalToken(dataDir, partnerClaims, '1h', { issuer: 'https://evil.example/' });
    expect(await rejection(token)).toContain(`not the issuer this service trusts (${LOCAL_ISSUER})`);
  });

  it('rejects an unsigned token (alg none)', async () => {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'app-p1', tid: 't', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: now + 600, roles: ['support'] };
    expect(await rejection(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`)).toMatch(/not accepted|well-formed/);
  });

  it('rejects an HMAC token, whatever secret signed it', async () => {
    const token = await new SignJWT({ tid: 't' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-that-nobody-should-trust'));
    expect(await rejection(token)).toMatch(/signing algorithm is not accepted/);
  });

  it('rejects garbage and a token without a tenant', async () => {
    expect(await rejection('not-a-jwt')).toMatch(/not a well-formed signed JWT/);
    const { privateKey } = await import('./local-signing-key.js').then((m) => m.loadOrCreateLocalSigningKey(dataDir));
    const noTenant = await new SignJWT({})
      .setProtectedHeader({ alg: 'Ed25519' })
      .setSubject('x')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await rejection(noTenant)).toBe('the token has no "tid" claim');
  });
});

describe('TokenVerifier, external issuer (Entra-shaped JWKS)', () => {
  const issuer = 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0';
  const audience = 'api://consent-ledger';
  let server: Server;
  let jwksUrl: URL;
  let signingKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'entra-key-1', alg: 'RS256', use: 'sig' }] };
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const entraToken = (kid: string): Promise<string> =>
    new SignJWT({ tid: 'tenant-p1', roles: ['partner'], partner_id: 'P1' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('app-p1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signingKey);

  it('accepts a token whose key is in the JWKS', async () => {
    const verifier = await TokenVerifier.forConfig({ kind: 'external', jwksUrl, issuer, audience });
    await expect(verifier.verify(await entraToken('entra-key-1'))).resolves.toMatchObject({ sub: 'app-p1', partnerId: 'P1' });
  });

  it('rejects a token whose kid is not in the JWKS', async () => {
    const verifier = await TokenVerifier.forConfig({ kind: 'external', jwksUrl, issuer, audience });
    await expect(verifier.verify(await entraToken('unknown-key'))).rejects.toThrow(TokenRejectedError);
  });

  it('reports an unreachable identity provider as such, not as a bad token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const verifier = await TokenVerifier.forConfig({
      kind: 'external',
      jwksUrl: new URL(`http://127.0.0.1:${port}/keys`),
      issuer,
      audience,
    });
    await expect(verifier.verify(await entraToken('entra-key-1'))).rejects.toThrow(IssuerUnreachableError);
  });

  it('reports a provider whose keys endpoint answers an error or no JSON as unreachable, not the token as invalid', async () => {
    for (const [status, type, body] of [[503, 'text/plain', 'Service Unavailable'], [200, 'text/html', '<html>maintenance</html>']] as const) {
      const failing = createServer((_request, response) => response.writeHead(status, { 'content-type': type }).end(body));
      await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
      try {
        const verifier = await TokenVerifier.forConfig({
          kind: 'external',
          jwksUrl: new URL(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/keys`),
          issuer,
          audience,
        });
        await expect(verifier.verify(await entraToken('entra-key-1'))).rejects.toThrow(IssuerUnreachableError);
      } finally {
        failing.closeAllConnections();
        await new Promise((resolve) => failing.close(resolve));
      }
    }
  });
});
