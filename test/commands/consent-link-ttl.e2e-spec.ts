import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../apps/ledger-api/src/config/configuration-error.js';
import { createLedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { ledgerEnvironment } from '../support/ledger-environment.js';
import { LedgerUnderTest } from './support/ledger-under-test.js';

const DAY_MS = 86_400_000;

describe('CONSENT_LINK_TTL: a CSP consent link lives at most as long as Partner Center keeps an unapproved request (90 days)', () => {
  it('90 days is allowed: the link expires 90 days after the request', async () => {
    const ledger = await LedgerUnderTest.start({ CONSENT_LINK_TTL: '90d' });
    try {
      const support = await ledger.support();
      expect((await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' } })).status).toBe(201);
      const before = Date.now();
      const requested = await ledger.call('POST', '/v1/consent-requests', { token: await ledger.partner('contoso-csp'), body: {} });
      expect(requested.status).toBe(201);
      const lifetime = Date.parse(String(requested.body.expiresAt)) - before;
      expect(lifetime).toBeGreaterThanOrEqual(90 * DAY_MS - 1_000);
      expect(lifetime).toBeLessThanOrEqual(90 * DAY_MS + 5_000);
    } finally {
      await ledger.stop();
    }
  });

  it.each(['91d', '2161h', '1000000000d'])(
    'CONSENT_LINK_TTL=%s stops the service at start naming the variable (it started, then answered every consent request with a 500)',
    async (ttl) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'ledger-ttl-'));
      try {
        const outcome = await createLedgerApi({ environment: ledgerEnvironment(dataDir, { CONSENT_LINK_TTL: ttl }) }).then(
          async (api) => {
            await api.close();
            return 'started';
          },
          (error: unknown) => error,
        );
        expect(outcome).toBeInstanceOf(ConfigurationError);
        expect((outcome as Error).message).toContain(`CONSENT_LINK_TTL="${ttl}" is not allowed`);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
