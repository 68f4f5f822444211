import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';

const startOn = (dataDir: string): Promise<LedgerApi> =>
  createLedgerApi({
    environment: {
      PORT: '0',
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      EVENTSTORE_CONNECTION_STRING: undefined,
      LOG_LEVEL: 'silent',
    },
  });

describe('start-up on the embedded store', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-start-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with no store configured and is ready; a second start on the same data keeps what the first wrote', async () => {
    const stream = `start-up-${randomUUID()}`;
    const first = await startOn(dataDir);
    try {
      const ready = await fetch(`${first.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
      expect((await fetch(`${first.url}/health/live`)).status).toBe(200);
      await first.app
        .get(EventStore)
        .append(stream, [{ id: randomUUID(), type: 'ProbeRecorded', data: { run: 1 } }], { expectedRevision: 'no_stream' });
    } finally {
      await first.close();
    }

    const second = await startOn(dataDir);
    try {
      expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);
      const events = await second.app.get(EventStore).readStream(stream);
      expect(events.map((event) => [event.type, event.revision, event.data])).toEqual([['ProbeRecorded', 0n, { run: 1 }]]);
    } finally {
      await second.close();
    }
  });

  it('PORT=0 with no PUBLIC_BASE_URL: consent links and the OpenAPI server name the port it listens on', async () => {
    const api = await startOn(join(dataDir, 'any-port'));
    try {
      const base = `http://localhost:${new URL(api.url).port}`;
      const support = await mintLocalToken(api.config.LEDGER_DATA_DIR, { sub: 'support-1', tid: 'operator', roles: ['support'] });
      const enrolled = await fetch(`${api.url}/v1/partners`, {
        method: 'POST',
        headers: { authorization: `Bearer ${support}`, 'content-type': 'application/json' },
        body: JSON.stringify({ partnerId: 'P-any-port', name: 'Any Port Partners', kind: 'CSP_DIRECT' }),
      });
      expect(enrolled.status).toBe(201);
      const partner = await mintLocalToken(api.config.LEDGER_DATA_DIR, { sub: 'app-p', tid: 'partner-tenant', roles: ['partner'], partnerId: 'P-any-port' });
      const requested = await fetch(`${api.url}/v1/consent-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partner}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(requested.status).toBe(201);
      expect(((await requested.json()) as { consentLink: string }).consentLink).toMatch(new RegExp(`^${base}/v1/consent-links/[^/]+$`));
      const openApi = (await (await fetch(`${api.url}/docs-json`)).json()) as { servers: { url: string }[] };
      expect(openApi.servers).toEqual([{ url: base }]);
    } finally {
      await api.close();
    }
  });
});
