import type { Environment } from '../../apps/ledger-api/src/config/load-ledger-config.js';

/** The public address the service under test builds its links with (consent links, sign-in redirects). */
export const PUBLIC_BASE_URL = 'https://ledger.example.test';

/**
 * The settings of a service under test: a free loopback port, the embedded store and the local token issuer in
 * `dataDir`, quiet logs (TEST_LOG_LEVEL to see them); `overrides` win.
 */
export const ledgerEnvironment = (dataDir: string, overrides: Environment = {}): Environment => ({
  PORT: '0',
  HOST: '127.0.0.1',
  LEDGER_DATA_DIR: dataDir,
  EVENTSTORE_CONNECTION_STRING: undefined,
  AUTH_JWKS_URL: undefined,
  AUTH_ISSUER: undefined,
  AUTH_AUDIENCE: undefined,
  PUBLIC_BASE_URL,
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  ...overrides,
});
