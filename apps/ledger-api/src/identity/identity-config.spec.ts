import { DEFAULT_LEDGER_DATA_DIR, externalIssuerRequested, identityConfigFrom } from './identity-config.js';

const settings =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe('identityConfigFrom', () => {
  it('uses the local issuer in the data dir when no external issuer is configured', () => {
    expect(identityConfigFrom(settings({}))).toEqual({ kind: 'local', dataDir: DEFAULT_LEDGER_DATA_DIR });
    expect(identityConfigFrom(settings({ LEDGER_DATA_DIR: '/srv/ledger', AUTH_ISSUER: ' ' }))).toEqual({
      kind: 'local',
      dataDir: '/srv/ledger',
    });
  });

  it('uses the external issuer when all three settings are given', () => {
    const config = identityConfigFrom(
      settings({
        AUTH_JWKS_URL: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        AUTH_ISSUER: 'https://login.microsoftonline.com/tid/v2.0',
        AUTH_AUDIENCE: 'api://consent-ledger',
      }),
    );
    expect(config).toMatchObject({ kind: 'external', issuer: 'https://login.microsoftonline.com/tid/v2.0' });
  });

  it('names the missing settings when only some are given', () => {
    expect(() => identityConfigFrom(settings({ AUTH_JWKS_URL: 'https://idp.example/keys' }))).toThrow(
      /^AUTH_ISSUER, AUTH_AUDIENCE not set: set all of/,
    );
  });

  it('refuses a JWKS URL that is not https, except on loopback', () => {
    const external = (url: string) => settings({ AUTH_JWKS_URL: url, AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' });
    expect(() => identityConfigFrom(external('http://idp.example/keys'))).toThrow(/must use https/);
    expect(() => identityConfigFrom(external('not a url'))).toThrow(/is not a URL/);
    expect(identityConfigFrom(external('http://127.0.0.1:8080/keys')).kind).toBe('external');
  });

  it('says an external issuer is requested as soon as one setting is present', () => {
    expect(externalIssuerRequested(settings({ AUTH_AUDIENCE: 'x' }))).toBe(true);
    expect(externalIssuerRequested(settings({ LEDGER_DATA_DIR: 'x' }))).toBe(false);
  });
});
