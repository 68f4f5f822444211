/**
 * Which issuer the service trusts, from the environment. Framework-free: the Nest module feeds it
 * from ConfigService, the token CLI from process.env.
 */

/** The three settings that point the service at an external identity provider (Entra in production). */
export const EXTERNAL_ISSUER_SETTINGS = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const;
/** Same default as the service's configuration: the data dir holds the store and the local key. */
export const DEFAULT_LEDGER_DATA_DIR = './data';

export type IdentityConfig =
  | { readonly kind: 'external'; readonly jwksUrl: URL; readonly issuer: string; readonly audience: string }
  | { readonly kind: 'local'; readonly dataDir: string };

export class IdentityConfigError extends Error {
  override readonly name = 'IdentityConfigError';
}

type ReadSetting = (name: string) => string | undefined;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const parseJwksUrl = (value: string): URL => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IdentityConfigError(`AUTH_JWKS_URL="${value}" is not a URL: give the identity provider's JWKS address`);
  }
  // Keys fetched over plain HTTP could be swapped by anyone on the path; loopback is allowed for tests.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new IdentityConfigError(`AUTH_JWKS_URL="${value}" must use https (http only on loopback)`);
  }
  return url;
};

export const identityConfigFrom = (read: ReadSetting): IdentityConfig => {
  const setting = (name: string): string | undefined => {
    const value = read(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const [jwksUrl, issuer, audience] = EXTERNAL_ISSUER_SETTINGS.map(setting);
  if (jwksUrl === undefined && issuer === undefined && audience === undefined) {
    return { kind: 'local', dataDir: setting('LEDGER_DATA_DIR') ?? DEFAULT_LEDGER_DATA_DIR };
  }
  if (jwksUrl === undefined || issuer === undefined || audience === undefined) {
    const missing = EXTERNAL_ISSUER_SETTINGS.filter((name) => setting(name) === undefined).join(', ');
    throw new IdentityConfigError(
      `${missing} not set: set all of ${EXTERNAL_ISSUER_SETTINGS.join(', ')} to use an external identity provider, ` +
        'or none of them to use the local issuer',
    );
  }
  return { kind: 'external', jwksUrl: parseJwksUrl(jwksUrl), issuer, audience };
};

/** True when any external-issuer setting is present: then local tokens must not be minted. */
export const externalIssuerRequested = (read: ReadSetting): boolean =>
  EXTERNAL_ISSUER_SETTINGS.some((name) => (read(name)?.trim() ?? '') !== '');
