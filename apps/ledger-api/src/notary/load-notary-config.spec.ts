import { loadNotaryConfig, NotaryConfigError } from './load-notary-config.js';
import { notaryKeyPath } from './notary-config.js';

describe('notary configuration', () => {
  it('has sensible defaults and a key in the data dir', () => {
    const config = loadNotaryConfig(() => undefined);
    expect(config).toMatchObject({ NOTARY: 'on', NOTARY_CHECKPOINT_EVERY_EVENTS: 1000, NOTARY_CHECKPOINT_INTERVAL_MS: 10_000, NOTARY_LEASE_MS: 30_000 });
    expect(notaryKeyPath(config, '/data')).toBe('/data/keys/notary-ed25519.pem');
    expect(notaryKeyPath(loadNotaryConfig((n) => (n === 'NOTARY_SIGNING_KEY_FILE' ? '/k.pem' : undefined)), '/data')).toBe('/k.pem');
  });

  it('names every wrong value in one line', () => {
    const values: Record<string, string> = { NOTARY: 'maybe', NOTARY_CHECKPOINT_EVERY_EVENTS: '0' };
    expect(() => loadNotaryConfig((name) => values[name])).toThrow(NotaryConfigError);
    expect(() => loadNotaryConfig((name) => values[name])).toThrow(
      /NOTARY="maybe" is not allowed: expected on or off; NOTARY_CHECKPOINT_EVERY_EVENTS="0" is not allowed/,
    );
  });
});
