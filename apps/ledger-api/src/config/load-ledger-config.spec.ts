import { jest } from '@jest/globals';
import { ConfigurationError } from './configuration-error.js';
import { loadLedgerConfig } from './load-ledger-config.js';

describe('loadLedgerConfig', () => {
  it('starts with nothing configured: port 3000 on loopback, embedded store under ./data', () => {
    const config = loadLedgerConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: './data',
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1_048_576,
      PUBLIC_BASE_URL: 'http://localhost:3000',
    });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBeUndefined();
  });

  it('reads every variable, treating an empty one as unset', () => {
    const config = loadLedgerConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113,node2:2113,node3:2113?tls=false',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      PUBLIC_BASE_URL: 'https://ledger.example.com/',
      LOG_LEVEL: 'warn',
      BODY_LIMIT_BYTES: '',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113,node2:2113,node3:2113?tls=false',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      PUBLIC_BASE_URL: 'https://ledger.example.com',
      LOG_LEVEL: 'warn',
      BODY_LIMIT_BYTES: 1_048_576,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT="abc" is not allowed: expected an integer from 0 to 65535'],
    ['PORT', '70000', 'PORT="70000" is not allowed: expected an integer from 0 to 65535'],
    ['PORT', '3e3', 'PORT="3e3" is not allowed: expected an integer from 0 to 65535'],
    ['BODY_LIMIT_BYTES', '0x10000', 'BODY_LIMIT_BYTES="0x10000" is not allowed: expected an integer number of bytes'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL="loud" is not allowed: expected one of fatal, error, warn, info, debug, trace, silent'],
    ['CONSENT_LINK_TTL', '91d', 'CONSENT_LINK_TTL="91d" is not allowed: expected at most 90d'],
    ['BODY_LIMIT_BYTES', '1.5', 'BODY_LIMIT_BYTES="1.5" is not allowed: expected an integer number of bytes'],
    ['PUBLIC_BASE_URL', 'ledger.example.com', 'PUBLIC_BASE_URL="ledger.example.com" is not allowed: expected an absolute http(s) URL'],
    ['PUBLIC_BASE_URL', 'https://ledger.example.com/?ref=x', 'PUBLIC_BASE_URL="https://ledger.example.com/?ref=x" is not allowed: expected a base URL without a query or fragment'],
    ['PUBLIC_BASE_URL', 'https://ledger.example.com#top', 'PUBLIC_BASE_URL="https://ledger.example.com#top" is not allowed: expected a base URL without a query or fragment'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113', 'EVENTSTORE_CONNECTION_STRING="http://localhost:2113" is not allowed: expected esdb://'],
    ['EVENTSTORE_CONNECTION_STRING', 'esdb://localhost:notaport', 'EVENTSTORE_CONNECTION_STRING="esdb://localhost:notaport" is not allowed'],
    [
      'EVENTSTORE_CONNECTION_STRING',
      'esdb://localhost:2113?tls=false&nodePreferance=leader',
      'EVENTSTORE_CONNECTION_STRING="esdb://localhost:2113?tls=false&nodePreferance=leader" is not allowed: Unknown option key "nodePreferance"',
    ],
    [
      'EVENTSTORE_CONNECTION_STRING',
      'esdb://localhost:2113?tlsVerifyCert=false',
      'EVENTSTORE_CONNECTION_STRING="esdb://localhost:2113?tlsVerifyCert=false" is not allowed: "tlsVerifyCert" is not currently supported',
    ],
  ])('refuses %s=%s with one line naming the variable, the value and what is allowed', (key, value, expected) => {
    const load = (): unknown => loadLedgerConfig({ [key]: value });
    expect(load).toThrow(ConfigurationError);
    try {
      load();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(expected);
      expect(message).not.toContain('\n');
    }
  });

  it("refuses a connection string the client would only warn about (on the console: several lines, its password included), and nothing is printed", () => {
    const warn = jest.spyOn(console, 'warn');
    try {
      expect(() => loadLedgerConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://admin:s3cret@node1:2113?tls=false&bogus=1' })).toThrow(
        ConfigurationError,
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("names a wrong connection string without its password", () => {
    for (const value of ['esdb://admin:s3cret@node1:2113?tls=maybe', 'http://admin:s3cret@node1:2113']) {
      expect(() => loadLedgerConfig({ EVENTSTORE_CONNECTION_STRING: value })).toThrow(/EVENTSTORE_CONNECTION_STRING="[a-z]+:\/\/admin:\*\*\*@node1:2113/);
      expect(() => loadLedgerConfig({ EVENTSTORE_CONNECTION_STRING: value })).not.toThrow(/s3cret/);
    }
  });
});
